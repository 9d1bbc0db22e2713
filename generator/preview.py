"""`helpkit preview`: every page as a PNG, plus one labelled contact sheet of everything built.

A design is judged by looking at it. This renders the PDFs themselves (pypdfium2), so the
pictures show exactly what a print shop will get, bleed included.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.build import BuildOptions, build
from generator.doctor import font_file
from generator.project import Project
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
    import pypdfium2 as pdfium
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[Path, str]] = []
    with tempfile.TemporaryDirectory(prefix="helpkit-preview-") as tmp:
        staged = BuildOptions(**{**options.__dict__, "out": Path(tmp), "format": "pdf"})
        result = build(project, staged, _PagesOnly(reporter))
        for record in result.files:
            doc = pdfium.PdfDocument(Path(tmp) / record.path)
            stem = Path(record.path).stem
            for index in range(len(doc)):
                image = doc[index].render(scale=dpi / 72).to_pil()
                target = out / f"{stem}-p{index + 1}.png"
                image.save(target, optimize=True)
                label = f"{record.product} · {record.lang}"
                label += f" · {record.size}" if record.size else ""
                pages.append((target, f"{label} · page {index + 1}"))
            doc.close()
    sheet = out / "contact-sheet.png"
    _contact_sheet([(Image.open(p), label) for p, label in pages], sheet)
    reporter.info(f"wrote {len(pages)} page images and {sheet}")
    return PreviewResult(pages=[p for p, _ in pages], sheet=sheet)


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


def _contact_sheet(items: list[tuple[object, str]], target: Path, columns: int = 2) -> None:
    from PIL import Image, ImageDraw, ImageFont

    pad, label_h = 24, 34
    cell_w = max(img.width for img, _ in items)  # type: ignore[attr-defined]
    cell_h = max(img.height for img, _ in items)  # type: ignore[attr-defined]
    rows = (len(items) + columns - 1) // columns
    cols = min(columns, len(items))
    sheet = Image.new(
        "RGB", (pad + cols * (cell_w + pad), pad + rows * (cell_h + label_h + pad)), SHEET_BG
    )
    draw = ImageDraw.Draw(sheet)
    path = font_file("Noto Sans")
    font = ImageFont.truetype(path, 18) if path else ImageFont.load_default()
    for i, (img, label) in enumerate(items):
        x = pad + (i % columns) * (cell_w + pad)
        y = pad + (i // columns) * (cell_h + label_h + pad)
        draw.text((x, y), label, fill=LABEL, font=font)
        sheet.paste(img, (x, y + label_h))  # type: ignore[arg-type]
    sheet.save(target, optimize=True)
