"""Calibration (not a test): how well each product's `density_from` predicts the density that fits.

Run:  .venv/bin/python bench/calibrate_density.py [--product ID ...]

For every document of the default catalogue it measures the text's width (render/density.py),
lays the document out from regular to find the first density that fits (what a build without
a prediction would print), and compares that with the density the thresholds choose to start
at. It prints, per product, every language sorted by width, the thresholds that would be just
above the longest text that fitted at each looser density, and how many layouts the current
thresholds take against trying every density from regular.

Exits 1 when a threshold starts a document at a density tighter than the first that fits:
that document would be printed with less air than it needs.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions, plan  # noqa: E402
from generator.content.load import load_content  # noqa: E402
from generator.products import PRODUCTS  # noqa: E402
from generator.project import find_project  # noqa: E402
from generator.render.density import DENSITIES, text_width  # noqa: E402
from generator.render.pdf import Renderer  # noqa: E402

MARGIN = 1.01  # thresholds proposed 1 % above the longest text that fitted looser


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--product", action="append", default=[])
    args = parser.parse_args()

    project = find_project(ROOT)
    content = load_content(project.root)
    renderer = Renderer(project, content)
    rows: dict[str, list[tuple[str, float, int, int]]] = defaultdict(list)
    for job in plan(content, BuildOptions()).jobs:
        if args.product and job.product not in args.product:
            continue
        product = PRODUCTS[job.product]
        rendered = renderer.html(job)
        width = text_width(rendered.html, content.languages[job.lang].script)
        fits = DENSITIES.index(renderer.fit(rendered, start=0).density)
        rows[f"{job.product} {job.size}".strip()].append(
            (job.lang, width, fits, rendered.first_density)
        )

    wrong = 0
    for name, entries in rows.items():
        product = PRODUCTS[name.split()[0]]
        print(f"\n{name}: density_from = {product.density_from}")
        for lang, width, fits, start in sorted(entries, key=lambda e: e[1]):
            flag = "  TOO TIGHT" if start > fits else ("  extra layout" if start < fits else "")
            fit_name, start_name = DENSITIES[fits], DENSITIES[start]
            print(f"  {lang:4} {width:8.1f} em  fits {fit_name:8} starts {start_name:8}{flag}")
            wrong += start > fits
        proposed = []
        for level in (1, 2):
            looser = [width for _lang, width, fits, _s in entries if fits < level]
            needing = [width for _lang, width, fits, _s in entries if fits >= level]
            if needing:
                proposed.append(round(max(looser, default=0.0) * MARGIN, 1))
        ladder = sum(fits + 1 for _l, _w, fits, _s in entries)
        predicted = sum(fits - start + 1 for _l, _w, fits, start in entries if start <= fits)
        print(f"  proposed density_from: {tuple(proposed) if proposed else None}")
        print(f"  layouts: {predicted} from the predicted start, {ladder} from regular")
    if wrong:
        print(f"\n{wrong} document(s) start tighter than the first density that fits")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
