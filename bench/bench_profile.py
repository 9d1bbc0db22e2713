"""Benchmark (not a test): what an organisation's profile adds to a build.

Run:  .venv/bin/python bench/bench_profile.py [--repeat N] [--profile ID]

The target: a profile adds no more than 10 % to a build. Measured two ways, on every product
in nb, en and ar (the handout in nb and en), with and without the profile, taking turns so a
machine that speeds up or slows down weighs on both alike:
- warm, per document, in one process (what a build worker does, verification off): the sum
  over the documents of each one's median;
- cold, the whole set built by `helpkit build --force` in a fresh process (-j1, verification
  on), best of three.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions, plan  # noqa: E402
from generator.content.requirements import load_for  # noqa: E402
from generator.plan import profile_content  # noqa: E402
from generator.project import find_project  # noqa: E402
from generator.worker import Worker  # noqa: E402

SETS = [
    ("card-help", "nb,en,ar"),
    ("card-professional", "nb,en,ar"),
    ("poster", "nb,en,ar"),
    ("poster-staff", "nb,en,ar"),
    ("handout", "nb,en"),
]


def jobs(profile: str | None) -> tuple[Worker, list]:  # type: ignore[type-arg]
    project = find_project(ROOT)
    content = profile_content(load_for(project.root, project.templates), profile)
    out = []
    for product, langs in SETS:
        options = BuildOptions.asked([product], [langs], profile=profile)
        out.extend(plan(content, options).jobs)
    return Worker(project, content), out


def cold(profile: str | None, out: Path) -> float:
    args = ["--profile", profile] if profile else []
    took = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for product, langs in SETS:
            subprocess.run(
                [sys.executable, "-m", "generator", "--root", str(ROOT), "build", "--product",
                 product, "--lang", langs, "--out", str(out), "--force", "--quiet", "-j", "1",
                 *args],
                check=True,
            )  # fmt: skip
        took = min(took, time.perf_counter() - start)
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", default="eksempelklinikken")
    args = parser.parse_args()
    plain_worker, plain_jobs = jobs(None)
    org_worker, org_jobs = jobs(args.profile)
    assert len(plain_jobs) == len(org_jobs)
    plain_total = org_total = 0.0
    with tempfile.TemporaryDirectory() as staging_dir:
        staging = Path(staging_dir)
        for plain, org in zip(plain_jobs, org_jobs, strict=True):
            times: dict[str, list[float]] = {"plain": [], "org": []}
            for run in range(args.repeat + 1):  # the first run of each loads its fonts
                for name in ("plain", "org") if run % 2 else ("org", "plain"):
                    worker, job = (plain_worker, plain) if name == "plain" else (org_worker, org)
                    start = time.perf_counter()
                    worker.run(job, staging, False)
                    if run:
                        times[name].append(time.perf_counter() - start)
            plain_total += statistics.median(times["plain"])
            org_total += statistics.median(times["org"])
    print(f"{len(plain_jobs)} documents (every product in nb, en, ar; the handout in nb, en)")
    print(
        f"warm, per document, summed: without {plain_total:.2f} s, with {args.profile} "
        f"{org_total:.2f} s: {100 * (org_total / plain_total - 1):+.1f} %"
    )
    with tempfile.TemporaryDirectory() as tmp:
        without = cold(None, Path(tmp) / "plain")
        with_org = cold(args.profile, Path(tmp) / "org")
    print(
        f"cold builds (-j1, verified, best of 3): without {without:.2f} s, with {with_org:.2f} s: "
        f"{100 * (with_org / without - 1):+.1f} %"
    )


if __name__ == "__main__":
    main()
