"""Run a build: plan the documents, render and verify what changed, publish all at once.

The stages each live in a module of their own: generator/plan.py (which documents),
generator/worker.py (rendering, in worker processes), generator/publish.py (the output folder,
its lock and the atomic move into place) and generator/manifest.py (the record of what was
written). Jobs whose inputs and file are unchanged are not rendered at all (generator/cache.py).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import manifest
from generator.cache import CACHE, KeyMaker, intact, read_cache, write_cache
from generator.content.model import Content
from generator.content.requirements import load_for
from generator.document import Format
from generator.errors import VerificationError
from generator.fonts import harfbuzz_subset_available
from generator.manifest import MANIFEST, FileRecord
from generator.plan import MAX_COMBINED, BuildOptions, Job, Plan, plan, profile_content
from generator.project import Project
from generator.publish import (
    check_places,
    locked,
    output_error,
    prepare_out,
    publish,
    remove_leftovers,
)
from generator.report import Reporter
from generator.worker import check_fonts, render_all

__all__ = [
    "MAX_COMBINED",
    "BuildOptions",
    "BuildResult",
    "Format",
    "Job",
    "Plan",
    "build",
    "plan",
]


@dataclass
class BuildResult:
    out: Path
    files: list[FileRecord] = field(default_factory=list)  # every file the build asked for
    rendered: int = 0  # how many of them were rendered (the rest were up to date)


def build(project: Project, options: BuildOptions, reporter: Reporter) -> BuildResult:
    """Validate everything, render and verify every job, then publish all files at once."""
    content = profile_content(load_for(project.root, project.templates), options.profile)
    planned = plan(content, options)
    for message in planned.skipped:
        reporter.warning(message)
    jobs = planned.jobs
    out = (options.out or project.output).resolve()
    prepare_out(out)
    with locked(out):
        listing = manifest.load(out / MANIFEST)  # a foreign manifest stops the build here
        for refused in listing.refused:
            reporter.warning(
                f"{out / MANIFEST}: {refused}. Not trusted: left out of the new manifest"
            )
        entries = listing.entries
        remove_leftovers(out)
        # Before anything is read or rendered: every place a file will go can take it.
        check_places(out, [*(j.path for j in jobs), CACHE])
        keys = _keys(content, project, jobs)
        previous = {e["path"]: e for e in entries}
        cached = {} if options.force else read_cache(out)
        reusable = {
            j.path: record
            for j in jobs
            if cached.get(j.path) == keys[j.path]
            and intact(out, previous.get(j.path))
            and (record := FileRecord.of(previous[j.path])) is not None
        }
        todo = [j for j in jobs if j.path not in reusable]
        kept = list(reusable.values())
        if todo:
            check_fonts(content, todo)
            if not harfbuzz_subset_available():
                reporter.warning(
                    "fonts are subset with fontTools, which is slow (a Chinese card "
                    "takes seconds): install the Debian package libharfbuzz-subset0"
                )
        try:
            staging = Path(tempfile.mkdtemp(prefix=".helpkit-build-", dir=out))
        except OSError as exc:
            raise output_error(out / ".helpkit-build-…", exc, "create") from exc
        try:
            results = render_all(project, content, todo, staging, options, reporter)
            _judge([f for r in results for f in r.findings], reporter)
            records = [r.record for r in results]
            # Everything is written into the staging folder first, the cache too (write_cache
            # moves its file from the staging folder to the folder it is given: here, itself).
            try:
                write_cache(staging, staging, {**read_cache(out), **keys})
            except OSError as exc:
                raise output_error(out / CACHE, exc) from exc
            publish(staging, out, records, entries, also=[CACHE])
            # Published: nothing after this line writes to the output folder, or can fail.
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        # PDFs the manifest does not describe (left by a lost manifest, say): verify fails on them.
        unlisted = manifest.unlisted(
            out, {*(e["path"] for e in entries), *(r.path for r in records)}
        )
    for record in records:
        reporter.info(f"wrote {out.name}/{record.path}")
    if kept:
        reporter.info(f"{len(kept)} file(s) up to date")
    if unlisted:
        reporter.warning(
            f"{len(unlisted)} PDF file(s) in {out} are not in its manifest, so helpkit verify "
            f"fails until each is built again or removed: {', '.join(unlisted)}"
        )
    by_path = {r.path: r for r in [*records, *kept]}
    return BuildResult(out=out, files=[by_path[j.path] for j in jobs], rendered=len(records))


def _keys(content: Content, project: Project, jobs: list[Job]) -> dict[str, str]:
    maker = KeyMaker(content, project.templates)
    return {job.path: maker.key(job) for job in jobs}


def _judge(findings: list[Any], reporter: Reporter) -> None:
    """Verification failures stop the build before anything is published."""
    failures = [f for f in findings if not f.ok and f.severity == "error"]
    stale = sorted(
        {f.check.removeprefix("stale ") for f in findings if not f.ok and f.severity == "warning"}
    )
    if stale:
        reporter.warning(
            f"{len(stale)} contact(s) are past their review date and printed: "
            f"{', '.join(stale)} (helpkit check lists them)"
        )
    if failures:
        lines = "\n".join(f"  {f.file}: {f.check}: {f.detail}" for f in failures)
        raise VerificationError(
            f"{len(failures)} verification failure(s); nothing was written:\n{lines}"
        )
