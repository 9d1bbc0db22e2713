"""Benchmark (not a test): how long helpkit takes on this machine, and what it adds to WeasyPrint.

Run:  .venv/bin/python bench/bench_build.py [--repeat N]

Prints, for the machine it runs on:
- per document, warm (one process, fonts and templates loaded): median and p95 by product/lang;
- the same HTML rendered by bare WeasyPrint in a plain loop, and the ratio ours/bare;
- the default catalogue built cold (a fresh `helpkit build` process) at -j1 and -j<cores>.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions, plan  # noqa: E402
from generator.content.load import load_content  # noqa: E402
from generator.products import PRODUCTS  # noqa: E402
from generator.project import find_project  # noqa: E402
from generator.render.pdf import Renderer  # noqa: E402


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    project = find_project(ROOT)
    content = load_content(project.root)
    renderer = Renderer(project, content)
    jobs = plan(content, BuildOptions(langs="all"))
    print(
        f"helpkit benchmark, {time.strftime('%Y-%m-%d')}, {platform.platform()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}"
    )

    ours: dict[str, list[float]] = {}
    htmls: dict[str, str] = {}
    for job in jobs:
        product = PRODUCTS[job.product]
        renderer.pdf(renderer.html(product, job.langs, job.size, job.tabs))  # warm up
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            rendered = renderer.html(product, job.langs, job.size, job.tabs)
            renderer.pdf(rendered)
            times.append(time.perf_counter() - start)
        ours[job.path] = times
        htmls[job.path] = rendered.html

    fonts = FontConfiguration()
    bare: dict[str, list[float]] = {}
    for path, html in htmls.items():
        base = str(project.templates) + "/"
        weasyprint.HTML(string=html, base_url=base).write_pdf(font_config=fonts)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            weasyprint.HTML(string=html, base_url=base).write_pdf(font_config=fonts)
            times.append(time.perf_counter() - start)
        bare[path] = times

    print(f"\nper document, warm, {args.repeat} runs each (ms):")
    print(f"  {'document':46} {'median':>7} {'p95':>7} {'bare':>7} {'ours/bare':>9}")
    for path in ours:
        m, b = statistics.median(ours[path]), statistics.median(bare[path])
        print(
            f"  {path:46} {m * 1000:7.1f} {p95(ours[path]) * 1000:7.1f} {b * 1000:7.1f} "
            f"{m / b:9.2f}"
        )

    print("\ndefault catalogue, cold (a new process each time):")
    for jobs_n in sorted({1, os.cpu_count() or 1}):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "--root",
                    str(ROOT),
                    "build",
                    "--out",
                    out,
                    "-j",
                    str(jobs_n),
                    "--quiet",
                ],
                check=True,
            )
            print(f"  -j{jobs_n}: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
