"""Benchmark (not a test): how long `helpkit course build` takes for a session.

Run:  .venv/bin/python bench/bench_course.py [--langs nb,en] [--repeat 3]

The target: the whole pack for the example session in nb and en in under 20 s on two cores.
Each run is a fresh process (what a trainer runs), the pack written into a fresh folder; the
best and the median of the runs are printed, with the number of files and pages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSION = ROOT / "content" / "course" / "example-session.yaml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--langs", default="nb,en")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        session = Path(tmp) / "session.yaml"
        text = SESSION.read_text(encoding="utf-8")
        session.write_text(text.replace("languages: [nb]", f"languages: [{', '.join(langs)}]"))
        times = []
        files = pages = 0
        for run in range(args.repeat):
            out = Path(tmp) / f"out{run}"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "generator", "--root", str(ROOT), "course", "build",
                 str(session), "--out", str(out), "--quiet"],
                check=True,
            )  # fmt: skip
            times.append(time.perf_counter() - start)
            manifest = next(out.glob("course/*/manifest.json"))
            entries = json.loads(manifest.read_text())["files"]
            files, pages = len(entries), sum(e["pages"] for e in entries)
    print(
        f"course build, {', '.join(langs)}: {files} files, {pages} pages; "
        f"best {min(times):.2f} s, median {statistics.median(times):.2f} s over {len(times)} runs "
        "(fresh process each, files read back before publishing)"
    )


if __name__ == "__main__":
    main()
