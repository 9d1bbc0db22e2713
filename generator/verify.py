"""Preflight: prove each output file is what was meant, judged from the PDF itself.

Every check reads the file (with pypdfium2 and pypdf), the manifest and the content, never the
renderer's internals, so it also catches what happened after rendering: a swapped file, a
manifest edited by hand, a number corrected in the content after the cards were printed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from generator import manifest
from generator.content.model import Content
from generator.errors import UsageError
from generator.products import MM_PER_PT, PRODUCTS, Product, Trim

MM = 1 / MM_PER_PT  # points per millimetre
GLYPH_TOLERANCE_PT = 0.6  # ink may overhang its advance box by a hair (the hook of a j)
BOX_TOLERANCE_PT = 0.05
QUIET_ZONE_MODULES = 4
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the output folder
    check: str
    ok: bool
    detail: str
    severity: Severity = "error"


@dataclass
class Report:
    findings: list[Finding]

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.severity == "warning"]

    def to_json(self) -> str:
        return json.dumps(
            {"ok": not self.failures, "findings": [asdict(f) for f in self.findings]},
            indent=2,
            ensure_ascii=False,
        )


def expected_contacts(content: Content, product_id: str) -> set[str]:
    """The contacts a product is meant to carry with their details, from the content."""
    spec = content.products[product_id]
    in_steps = {
        c
        for s in spec.sections
        for c in content.sections[s].contacts
        if content.contacts[c].phones or content.contacts[c].web
    }
    return in_steps | set(spec.directory) | set(spec.qr)


def verify(
    targets: list[Path], content: Content, strict: bool = False, today: dt.date | None = None
) -> Report:
    """Verify output folders (their manifest.json) or single PDF files."""
    findings: list[Finding] = []
    for out, entries in _resolve(targets):
        for entry in entries:
            findings.extend(verify_entry(out, entry, content, strict, today or dt.date.today()))
    return Report(findings)


def _resolve(targets: list[Path]) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    for target in targets:
        if target.is_dir():
            manifest = target / "manifest.json"
            if not manifest.is_file():
                raise UsageError(f"{target} has no manifest.json; build into it first")
            yield target, _read_manifest(manifest)
        elif target.suffix == ".pdf" and target.is_file():
            out = next(
                (p for p in target.resolve().parents if (p / "manifest.json").is_file()), None
            )
            if out is None:
                raise UsageError(f"{target}: no manifest.json in any folder above it")
            rel = target.resolve().relative_to(out).as_posix()
            entries = [e for e in _read_manifest(out / "manifest.json") if e.get("path") == rel]
            if not entries:
                raise UsageError(f"{target} is not listed in {out / 'manifest.json'}")
            yield out, entries
        else:
            raise UsageError(f"{target} is neither an output folder nor a PDF file")


def _read_manifest(path: Path) -> list[dict[str, Any]]:
    """The PDF entries of a manifest (generator/manifest.py reads it, strictly)."""
    return [e for e in manifest.read(path) if e["path"].endswith(".pdf")]


def verify_entry(
    out: Path, entry: dict[str, Any], content: Content, strict: bool, today: dt.date
) -> list[Finding]:
    import pypdf
    import pypdfium2 as pdfium

    rel = str(entry.get("path"))
    found: list[Finding] = []

    def record(check: str, ok: bool, detail: str, severity: Severity = "error") -> None:
        found.append(Finding(rel, check, ok, detail, severity))

    path = out / rel
    product = PRODUCTS.get(str(entry.get("product")))
    if product is None:
        record("manifest", False, f"unknown product {entry.get('product')!r}")
        return found
    if not path.is_file():
        record("file", False, "missing")
        return found
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    record(
        "sha256",
        digest == entry.get("sha256"),
        "matches the manifest"
        if digest == entry.get("sha256")
        else f"is {digest[:12]}…, the manifest says {str(entry.get('sha256'))[:12]}…",
    )
    try:
        doc = pdfium.PdfDocument(data)
        reader = pypdf.PdfReader(io.BytesIO(data))
        counts = (len(doc), len(reader.pages))
    except Exception as exc:
        record("readers", False, f"does not open in both pypdfium2 and pypdf: {exc}")
        return found
    record("readers", counts[0] == counts[1], f"pypdfium2 {counts[0]} pages, pypdf {counts[1]}")
    pages = counts[0]
    low, high = product.pages
    ok = low <= pages <= high and pages == entry.get("pages")
    record("pages", ok, f"{pages} (product: {low}-{high}, manifest: {entry.get('pages')})")

    size = entry.get("size") or ""
    if size not in product.sizes:
        record("size", False, f"{product.id} has no size {size!r}")
        return found
    trim = product.trim(size)
    langs = entry.get("langs") or [entry.get("lang")]
    scale = trim.scale if len(langs) == 1 else 1.0  # combined posters keep A4 type
    from generator import pdfread

    found.extend(_boxes(rel, pdfread.boxes(reader), trim))
    missing = pdfread.fonts_embedded(reader)
    record("fonts", not missing, "all embedded" if not missing else f"not embedded: {missing}")
    notdef = pdfread.notdef_glyphs(reader)
    record(
        "glyphs",
        notdef == 0,
        "no missing glyph" if not notdef else f"{notdef} glyph(s) drawn as an empty box",
    )

    all_lines: list[str] = []
    smallest = 999.0
    outside: list[str] = []
    for index in range(pages):
        with_spaces = pdfread.glyphs(doc, index, spaces=True)  # read each page once
        glyphs = [g for g in with_spaces if g.char != " "]
        if glyphs:
            smallest = min(smallest, min(g.size_pt for g in glyphs))
        outside += [f"page {index + 1}: {g.char!r}" for g in glyphs if not _inside(g, trim)]
        all_lines += pdfread.lines_of(with_spaces)
    minimum = product.min_font_pt * scale
    record(
        "type size",
        smallest >= minimum - 0.05,
        f"smallest {smallest:.2f} pt (minimum {minimum:.2f} pt)",
    )
    record(
        "safe zone",
        not outside,
        "all text inside"
        if not outside
        else f"{len(outside)} glyph(s) outside, first {outside[0]}",
    )

    expected = expected_contacts(content, product.id)
    listed = set(entry.get("contacts") or [])
    record(
        "contacts listed",
        listed == expected,
        "manifest matches the content"
        if listed == expected
        else f"manifest {sorted(listed)}, content {sorted(expected)}",
    )
    for cid in sorted(expected):
        contact = content.contacts[cid]
        for phone in contact.phones:
            # the whole number, not part of a longer one ("112" inside "11 2021" is no proof)
            pattern = re.compile(rf"(?<!\d){re.escape(phone.display)}(?!\d)")
            printed = any(pattern.search(line) for line in all_lines)
            record(
                f"number {cid}",
                printed,
                f"{phone.display} on one line, in order"
                if printed
                else f"{phone.display} ({phone.canonical}) is not printed on one line in order",
            )
        if contact.web_label and not contact.phones:
            printed = any(contact.web_label in line for line in all_lines)
            record(
                f"web {cid}",
                printed,
                contact.web_label if printed else f"{contact.web_label} is not printed",
            )
        if contact.review_by < today:
            record(
                f"stale {cid}",
                False,
                f"review_by {contact.review_by} has passed; check the contact before printing",
                "error" if strict else "warning",
            )

    found.extend(_qr_checks(rel, doc, entry, content, product, trim, pages))
    return found


def _boxes(rel: str, pages: list[dict[str, tuple[float, ...]]], trim: Trim) -> list[Finding]:
    problems = []
    for number, page in enumerate(pages, start=1):
        t, m, b = page["trimbox"], page["mediabox"], page["bleedbox"]
        width, height = t[2] - t[0], t[3] - t[1]
        if abs(width - trim.width * MM) > BOX_TOLERANCE_PT or abs(height - trim.height * MM) > (
            BOX_TOLERANCE_PT
        ):
            problems.append(f"page {number}: trim {width / MM:.1f} x {height / MM:.1f} mm")
        bleed = trim.bleed * MM
        for name, box in (("media", m), ("bleed", b)):
            margins = (t[0] - box[0], t[1] - box[1], box[2] - t[2], box[3] - t[3])
            if any(abs(x - bleed) > BOX_TOLERANCE_PT for x in margins):
                problems.append(f"page {number}: {name} box is not trim + {trim.bleed} mm")
    detail = (
        f"trim {trim.width} x {trim.height} mm, bleed {trim.bleed} mm"
        if not problems
        else "; ".join(problems)
    )
    return [Finding(rel, "boxes", not problems, detail)]


def _inside(g: Any, trim: Trim) -> bool:
    safe = trim.safe * MM - GLYPH_TOLERANCE_PT
    return bool(
        g.left >= safe
        and g.bottom >= safe
        and g.right <= trim.width * MM - safe
        and g.top <= trim.height * MM - safe
    )


def _qr_checks(
    rel: str,
    doc: Any,
    entry: dict[str, Any],
    content: Content,
    product: Product,
    trim: Trim,
    pages: int,
) -> list[Finding]:
    """Find every QR code, then prove each decodes, sharp and degraded, where it should be."""
    import zxingcpp
    from PIL import ImageFilter

    from generator import pdfread

    findings: list[Finding] = []
    spec = content.products[product.id]
    phones = [content.contacts[c].phone for c in spec.qr]
    expected = sorted(p.tel for p in phones if p is not None)
    listed = sorted(entry.get("qr") or [])
    decoded: list[str] = []
    for index in range(pages):
        page = doc[index]
        crop = page.get_cropbox()
        # Find: about four pixels a module for the smallest code this product may carry.
        module_mm = product.min_qr_mm / 25
        find_dpi = max(100, round(4 / module_mm * 25.4))
        for code in pdfread.qr_codes(doc, index, dpi=find_dpi):
            left, right, top, bottom = code.left, code.right, code.top, code.bottom
            modules = 17 + 4 * code.version
            module_pt = (right - left) / modules
            quiet = QUIET_ZONE_MODULES * module_pt
            name = f"qr {code.text}"
            decoded.append(code.text)
            safe = trim.safe * MM
            inside = (
                left - quiet >= safe - 1
                and bottom - quiet >= safe - 1
                and right + quiet <= trim.width * MM - safe + 1
                and top + quiet <= trim.height * MM - safe + 1
            )
            findings.append(
                Finding(
                    rel,
                    name + " safe zone",
                    inside,
                    "inside with its quiet zone"
                    if inside
                    else "code or quiet zone outside the safe zone",
                )
            )
            # Prove: a sharp 300 dpi rendering and a degraded one (150 dpi, blurred).
            box = (left - quiet, bottom - quiet, right + quiet, top + quiet)
            edges = (box[0] - crop[0], box[1] - crop[1], crop[2] - box[2], crop[3] - box[3])
            edges = tuple(max(0.0, e) for e in edges)
            sharp = page.render(scale=300 / 72, crop=edges).to_pil().convert("L")
            soft = (
                page.render(scale=150 / 72, crop=edges)
                .to_pil()
                .convert("L")
                .filter(ImageFilter.GaussianBlur(0.8))
            )
            for label, img in (("300 dpi", sharp), ("150 dpi blurred", soft)):
                texts = [r.text for r in zxingcpp.read_barcodes(img)]
                ok = texts == [code.text]
                findings.append(
                    Finding(rel, f"{name} {label}", ok, "decodes" if ok else f"decoded {texts}")
                )
            ring = _quiet_zone_dark_pixels(sharp, modules)
            findings.append(
                Finding(
                    rel,
                    name + " quiet zone",
                    ring == 0,
                    "clear" if ring == 0 else f"{ring} dark pixel(s) in it",
                )
            )
    ok = sorted(decoded) == expected == listed
    findings.append(
        Finding(
            rel,
            "qr targets",
            ok,
            f"{sorted(decoded)}"
            if ok
            else f"decoded {sorted(decoded)}, manifest {listed}, content {expected}",
        )
    )
    return findings


def _quiet_zone_dark_pixels(image: Any, modules: int) -> int:
    """Dark pixels in the four-module ring around the symbol (the image is symbol + ring)."""
    width, height = image.size
    ring_x = width * QUIET_ZONE_MODULES / (modules + 2 * QUIET_ZONE_MODULES)
    ring_y = height * QUIET_ZONE_MODULES / (modules + 2 * QUIET_ZONE_MODULES)
    inner = (int(ring_x * 0.6), int(ring_y * 0.6))  # stay clear of antialiased module edges
    pixels = image.load()
    dark = 0
    for y in range(height):
        for x in range(width):
            if inner[0] <= x < width - inner[0] and inner[1] <= y < height - inner[1]:
                continue
            if pixels[x, y] < 128:
                dark += 1
    return dark
