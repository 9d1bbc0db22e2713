"""Render jobs: in this process, or in worker processes that each hold one `Worker`.

A `Worker` holds what a process keeps for its whole life (the content and the Renderer, with
WeasyPrint's fonts and parsed stylesheets), so each document costs only its own layout. Every
file is rendered into the build's private staging folder and, when asked, read back there
(generator/verify.py) before anything is published.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.content.load import load_content
from generator.content.model import Content, Text
from generator.manifest import FileRecord
from generator.plan import BuildOptions, Job
from generator.project import Project
from generator.publish import output_error
from generator.report import Reporter


@dataclass(frozen=True)
class JobResult:
    record: FileRecord
    findings: list[Any]  # generator.verify.Finding, when verified


class Worker:
    """What one process needs to render documents: the content and a Renderer."""

    def __init__(self, project: Project, content: Content) -> None:
        from generator.render.pdf import Renderer

        self.content = content
        self.renderer = Renderer(project, content)

    def run(self, job: Job, staging: Path, verify: bool) -> JobResult:
        """Render one job into the staging folder, and verify it there.

        Python's cyclic collector ran dozens of times during each document, each time scanning
        the boxes of a layout that was still in use: over a tenth of the build. It is paused for
        the job, and the job's own objects (all still in the youngest generation) are collected
        once, when the document is no longer referenced.
        """
        gc.disable()
        try:
            return self._run(job, staging, verify)
        finally:
            gc.collect(0)
            gc.enable()

    def _run(self, job: Job, staging: Path, verify: bool) -> JobResult:
        renderer, content = self.renderer, self.content
        rendered = renderer.html(job)
        if job.format == "html":
            # The page as it would be printed: laid out to find the density that fits.
            fitted = renderer.fit(rendered)
            data, pages, density = (
                fitted.html.encode("utf-8"),
                len(fitted.document.pages),
                fitted.density,
            )
        else:
            data, pages, density = renderer.pdf_with_pages(rendered)
        target = staging / job.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            # Named as the file it would have become; the staging folder is removed.
            raise output_error(staging.parent / job.path, exc) from exc
        qr = [q.code.target for block in rendered.context["blocks"] for q in block["qr"]]
        record = FileRecord(
            path=job.path,
            product=job.product,
            lang=job.lang,
            langs=list(job.langs),
            size=job.size or None,
            pages=pages,
            sha256=hashlib.sha256(data).hexdigest(),
            qr=list(dict.fromkeys(qr)),
            contacts=list(job.selection.contacts),
            translation=translation_state(content, job.langs),
            density=density,
            profile=profile_record(content),
        )
        findings: list[Any] = []
        if verify and job.format == "pdf":
            from generator.verify import verify_entry

            gc.collect(0)  # the layout is no longer referenced: free it before reading back
            findings = verify_entry(
                staging, record.entry(), content, strict=False, today=dt.date.today()
            )
        return JobResult(record, findings)


# The one Worker of a pool process, made by its initializer: a process pool can hand a job
# to a function only, so the function finds the process's Worker here.
_process_worker: Worker | None = None


def start_process_worker(project: Project, profile: str | None = None) -> None:
    """Pool initializer: load the content (validated by the parent), applied to the build's
    profile if it has one, and keep one Worker."""
    global _process_worker
    # A MappingProxy-based model does not pickle, and loading takes milliseconds.
    content = load_content(project.root)
    _process_worker = Worker(project, content.applied(profile) if profile else content)
    # What the worker holds for its whole life (modules, content, WeasyPrint's tables) is never
    # garbage: keep the collector from scanning it again after every document.
    gc.collect()
    gc.freeze()


def _run_in_process(job: Job, staging: Path, verify: bool) -> JobResult:
    assert _process_worker is not None, "start_process_worker runs first"
    return _process_worker.run(job, staging, verify)


def render_all(
    project: Project,
    content: Content,
    jobs: list[Job],
    staging: Path,
    options: BuildOptions,
    reporter: Reporter,
) -> list[JobResult]:
    """Render every job, in this process (-j1) or in a pool of worker processes."""
    if not jobs:
        return []  # a no-op build never imports WeasyPrint
    if options.jobs <= 1 or len(jobs) <= 1:
        worker = Worker(project, content)
        results = []
        for index, job in enumerate(jobs, start=1):
            results.append(worker.run(job, staging, options.verify))
            reporter.progress(index, len(jobs), job.path)
        return results
    from concurrent.futures import ProcessPoolExecutor

    run = functools.partial(_run_in_process, staging=staging, verify=options.verify)
    with ProcessPoolExecutor(
        max_workers=options.jobs,
        initializer=start_process_worker,
        initargs=(project, options.profile),
    ) as pool:
        results = []
        for index, (job, result) in enumerate(zip(jobs, pool.map(run, jobs), strict=True), 1):
            results.append(result)
            reporter.progress(index, len(jobs), job.path)
        return results


def profile_record(content: Content) -> dict[str, str | None] | None:
    """What the manifest says of the profile a document was printed with."""
    profile = content.profile
    if profile is None:
        return None
    logo = profile.logo.sha256 if profile.logo else None
    return {"id": profile.id, "sha256": profile.sha256, "logo_sha256": logo}


def check_fonts(content: Content, jobs: list[Job]) -> None:
    """Before anything renders: every character each language will print has a font."""
    from generator.fonts import check_coverage
    from generator.render.context import Translator

    by_lang: dict[str, set[Text]] = {}
    for job in jobs:
        for lang in job.langs:
            by_lang.setdefault(lang, set()).update(job.selection.texts)
    for lang, texts in by_lang.items():
        tr = Translator(content, lang, allow_incomplete=True)
        strings = {tr(t) for t in texts}
        strings |= {c.phone.display for c in content.contacts.values() if c.phone}
        check_coverage(lang, content.languages[lang].script, sorted(strings))


def translation_state(
    content: Content, langs: tuple[str, ...]
) -> Literal["source", "reviewed", "unreviewed"]:
    """The weakest state among the languages printed."""
    states = {
        "source"
        if lang == content.source_language
        else "reviewed"
        if content.catalogs[lang].reviewed
        else "unreviewed"
        for lang in langs
    }
    if "unreviewed" in states:
        return "unreviewed"
    return "reviewed" if "reviewed" in states else "source"
