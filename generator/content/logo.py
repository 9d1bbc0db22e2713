"""An organisation's logo: hostile input until proven otherwise.

A logo arrives as a file from somebody's marketing department. An SVG is a program in disguise
(scripts, event attributes, links to other files or the network, foreignObject with HTML,
entity bombs), so it is checked element by element against what a logo needs, and refused with
its line when it has anything else: nothing is stripped silently, so what is printed is exactly
the file that was checked. A PNG is checked for what it is, its size and its resolution.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from generator.files import UnsafeInput, read_input

MAX_SVG_BYTES = 300_000
MAX_PNG_BYTES = 5_000_000
MAX_ELEMENTS = 5_000
MAX_DEPTH = 40
MAX_PIXELS = 6000 * 6000
# The widest a logo is printed: in the footer of an A4 poster (templates/components/org.html.j2
# and the poster styles keep it at this width or less).
PRINTED_WIDTH_MM = 40.0
MIN_DPI = 300

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# What a logo is drawn with: shapes, paths, groups, gradients, clipping, text.
ALLOWED = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "metadata",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "use", "symbol",
        "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern",
    }
)  # fmt: skip
# Anything else, notably: script, foreignObject, image, a, style (can @import), animate and
# set (can rewrite an href after the check), iframe, audio, video, feImage.
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    file: str  # as shown in messages
    media_type: str  # image/svg+xml or image/png
    data: bytes
    sha256: str
    width_px: int | None = None  # a PNG's size; an SVG scales
    height_px: int | None = None

    @property
    def data_uri(self) -> str:
        """The logo inline, so the renderer fetches nothing (only data: URLs are allowed)."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def dpi_at_print(self) -> float | None:
        """A PNG's resolution at the widest it is printed; None for SVG (it has no pixels)."""
        if self.width_px is None:
            return None
        return self.width_px / (PRINTED_WIDTH_MM / 25.4)


class LogoProblem(ValueError):
    """Why a logo was refused; `line` where in an SVG, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def load_logo(path: Path, shown: str, folder: Path) -> Logo:
    """The logo at `path` (a plain file name in `folder`), checked; raises LogoProblem."""
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise LogoProblem(f"{path.name!r} must be an .svg or .png file")
    limit = MAX_SVG_BYTES if suffix == ".svg" else MAX_PNG_BYTES
    try:
        data = read_input(path, (folder,), limit)
    except UnsafeInput as exc:
        raise LogoProblem(f"{shown} {exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".svg":
        check_svg(data)
        return Logo(shown, "image/svg+xml", data, digest)
    width, height = check_png(data)
    return Logo(shown, "image/png", data, digest, width, height)


def check_svg(data: bytes) -> None:
    """Refuse anything in an SVG that a drawing does not need, naming the line."""
    parser = expat.ParserCreate(namespace_separator=" ")
    state = {"elements": 0, "depth": 0, "root": True}

    def where() -> int:
        return int(parser.CurrentLineNumber)

    def refuse_doctype(*_: object) -> None:
        raise LogoProblem("has a DOCTYPE (entities can expand without bound); remove it", where())

    def refuse_entity(*_: object) -> None:
        raise LogoProblem("declares an entity; remove it", where())

    def refuse_pi(target: str, _data: str) -> None:
        raise LogoProblem(f"has a processing instruction <?{target}?>; remove it", where())

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        state["elements"] += 1
        state["depth"] += 1
        if state["elements"] > MAX_ELEMENTS or state["depth"] > MAX_DEPTH:
            raise LogoProblem(
                f"has more than {MAX_ELEMENTS} elements or is nested deeper than {MAX_DEPTH}; "
                "simplify it",
                where(),
            )
        if state["root"] and (local != "svg" or namespace != SVG_NS):
            raise LogoProblem("is not an SVG drawing: its root is not <svg>", where())
        state["root"] = False
        if namespace != SVG_NS or local not in ALLOWED:
            shown = local if namespace in (SVG_NS, "") else f"{{{namespace}}}{local}"
            raise LogoProblem(
                f"has a <{shown}> element, which a logo does not need and could run code or "
                "load files; save the logo as plain shapes",
                where(),
            )
        for key, value in attrs.items():
            _check_attribute(key, value, where())

    def end(_name: str) -> None:
        state["depth"] -= 1

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.ProcessingInstructionHandler = refuse_pi
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        what = expat.errors.messages[exc.code]
        raise LogoProblem(f"is not well-formed XML: {what}", exc.lineno) from exc
    if state["root"]:
        raise LogoProblem("is empty")


def _check_attribute(key: str, value: str, line: int) -> None:
    namespace, _, local = key.rpartition(" ")
    lowered = value.strip().lower()
    if local.lower().startswith("on"):
        raise LogoProblem(f"has an event attribute {local}= (a script); remove it", line)
    if local == "href" and namespace in ("", XLINK_NS) and not value.startswith("#"):
        raise LogoProblem(
            f"links to {value[:60]!r}; a logo may only refer to its own parts (#id)", line
        )
    if "javascript:" in lowered.replace(" ", "") or "@import" in lowered:
        raise LogoProblem(f"has a script or an import in {local}=; remove it", line)
    for target in _URL.findall(value):
        if not target.startswith("#"):
            raise LogoProblem(
                f"refers to {target[:60]!r} in {local}=; a logo may only refer to its own parts "
                "(url(#id))",
                line,
            )


def check_png(data: bytes) -> tuple[int, int]:
    """A PNG's size in pixels, after checking it is one and not a decompression bomb."""
    from PIL import Image

    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise LogoProblem("is not a PNG file (its first bytes are not PNG's signature)")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise LogoProblem(
                    f"is {width} x {height} pixels; a logo needs no more than {MAX_PIXELS} pixels"
                )
            image.verify()
    except LogoProblem:
        raise
    except Exception as exc:  # Pillow raises many kinds for a damaged file
        raise LogoProblem(f"is not a readable PNG ({type(exc).__name__}: {exc})") from exc
    return width, height
