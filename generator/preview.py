"""`helpkit preview`: every page as a PNG, plus one labelled contact sheet of everything built.

A design is judged by looking at it. This renders the PDFs themselves (pypdfium2), so the
pictures show exactly what a print shop will get, bleed included.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build import BuildOptions, build
from generator.fonts import font_file
from generator.project import Project
from generator.publish import move_into_place, output_error
from generator.report import Reporter

SHEET_BG = (236, 239, 243)
LABEL = (40, 46, 56)


@dataclass(frozen=True)
class PreviewResult:
    pages: list[Path]
    sheet: Path


def preview(
    project: Project, options: BuildOptions, out: Path, reporter: Reporter, dpi: int = 150
) -> PreviewResult:
    """Write every page as PNG and the contact sheet into `out`, all at once or not at all.

    The pictures are made in a staging folder inside `out` and moved into place when every one
    is written: a full disk leaves `out` as it was, with no half-written picture.
    """
    import pypdfium2 as pdfium
    from PIL import Image

    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".helpkit-preview-", dir=out))
    except OSError as exc:
        raise output_error(out, exc, "write into") from exc
    pages: list[tuple[str, str]] = []  # (file name, label)
    try:
        with tempfile.TemporaryDirectory(prefix="helpkit-preview-") as tmp:
            staged = BuildOptions(**{**options.__dict__, "out": Path(tmp), "format": "pdf"})
            result = build(project, staged, _PagesOnly(reporter))
            for record in result.files:
                doc = pdfium.PdfDocument(Path(tmp) / record.path)
                stem = Path(record.path).stem
                for index in range(len(doc)):
                    image = doc[index].render(scale=dpi / 72).to_pil()
                    name = f"{stem}-p{index + 1}.png"
                    _save(functools.partial(image.save, optimize=True), staging, out, name)
                    label = f"{record.product} · {record.lang}"
                    label += f" · {record.size}" if record.size else ""
                    pages.append((name, f"{label} · page {index + 1}"))
                doc.close()
        sheet = "contact-sheet.png"
        items = [(Image.open(staging / name), label) for name, label in pages]
        _save(functools.partial(_contact_sheet, items), staging, out, sheet)
        names = [name for name, _ in pages] + [sheet]
        move_into_place([(staging / n, out / n) for n in names], staging / ".replaced")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    reporter.info(f"wrote {len(pages)} page images and {out / sheet}")
    return PreviewResult(pages=[out / name for name, _ in pages], sheet=out / sheet)


def _save(write: Callable[[Path], None], staging: Path, out: Path, name: str) -> None:
    """Write one picture into the staging folder; an error names the file it would become."""
    try:
        write(staging / name)
    except OSError as exc:
        raise output_error(out / name, exc) from exc


class _PagesOnly:
    """Passes on warnings and progress; the temporary PDFs' paths are nobody's business."""

    def __init__(self, inner: Reporter) -> None:
        self.inner = inner

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        self.inner.warning(message)

    def progress(self, done: int, total: int, label: str) -> None:
        self.inner.progress(done, total, label)


def _contact_sheet(
    items: list[tuple[Any, str]], target: Path, thumb_h: int = 320, max_w: int = 2000
) -> None:
    """Pack every page, scaled to one height, into rows, each labelled under its picture."""
    from PIL import Image, ImageDraw, ImageFont

    pad, label_h = 24, 30
    thumbs = []
    for img, label in items:
        width = max(1, round(img.width * thumb_h / img.height))
        thumbs.append((img.resize((width, thumb_h), Image.Resampling.LANCZOS), label))
    rows: list[list[tuple[Any, str]]] = [[]]
    x = pad
    for thumb, label in thumbs:
        if rows[-1] and x + thumb.width + pad > max_w:
            rows.append([])
            x = pad
        rows[-1].append((thumb, label))
        x += thumb.width + pad
    width = max(pad + sum(t.width + pad for t, _ in row) for row in rows)
    height = pad + len(rows) * (thumb_h + label_h + pad)
    sheet = Image.new("RGB", (width, height), SHEET_BG)
    draw = ImageDraw.Draw(sheet)
    path = font_file("Noto Sans")
    font = ImageFont.truetype(path, 17) if path else ImageFont.load_default()
    y = pad
    for row in rows:
        x = pad
        for thumb, label in row:
            sheet.paste(thumb, (x, y))
            draw.text((x, y + thumb_h + 6), label, fill=LABEL, font=font)
            x += thumb.width + pad
        y += thumb_h + label_h + pad
    # A palette keeps a sheet of dozens of pages small enough to commit and to mail.
    sheet.quantize(colors=128, dither=Image.Dither.NONE).save(target, optimize=True)
