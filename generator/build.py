"""Plan and run a build: jobs = product x language x size; output written atomically.

Every file of a build is rendered into a private staging folder first and read back there
(generator/verify.py). Only when every job has succeeded are the files moved into place (an
atomic rename each) and the manifest rewritten, so a failed build leaves output/ exactly as it
was. Jobs whose inputs and file are unchanged are not rendered at all (generator/cache.py).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import gc
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator import manifest
from generator.cache import KeyMaker, intact, read_cache, write_cache
from generator.content.load import load_content
from generator.content.model import Content
from generator.content.requirements import load_for
from generator.errors import (
    HelpkitError,
    OutputError,
    TranslationError,
    UsageError,
    VerificationError,
)
from generator.fonts import harfbuzz_subset_available
from generator.i18n import describe_gaps, language_gaps
from generator.manifest import MANIFEST, Entry, FileRecord
from generator.products import DEFAULT_CATALOGUE, PRODUCTS, Product, get_product
from generator.project import Project
from generator.report import Reporter

Format = Literal["pdf", "html"]
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


MAX_COMBINED = 6  # languages on one combined poster; more would shrink each below reading size


@dataclass(frozen=True)
class Job:
    product: str
    langs: tuple[str, ...]  # one, or several on one combined sheet
    size: str  # "" for products with one fixed size (cards)
    format: Format
    tabs: bool = False
    allow_incomplete: bool = False
    allow_unconfirmed: bool = False  # print claims marked needs_confirmation

    @property
    def lang(self) -> str:
        """The manifest's language: the code, or "mul" (ISO 639: several) for a combined sheet."""
        return self.langs[0] if len(self.langs) == 1 else "mul"

    @property
    def path(self) -> str:
        variant = "-combined" if len(self.langs) > 1 else "-tabs" if self.tabs else ""
        suffix = f"-{self.size}" if self.size else ""
        langs = "-".join(self.langs)
        return f"{self.product}/{self.product}{variant}-{langs}{suffix}.{self.format}"


@dataclass(frozen=True)
class BuildOptions:
    products: Sequence[str] = ()
    langs: Sequence[str] | Literal["all"] = ()
    size: str | None = None
    out: Path | None = None
    format: Format = "pdf"
    jobs: int = 1
    tabs: bool = False  # tear-off tabs on A4 posters
    combined: bool = False  # all languages on one poster
    allow_incomplete: bool = False  # print untranslated strings in nb, visibly marked
    allow_unconfirmed: bool = False  # print claims marked needs_confirmation in content/
    require_reviewed: bool = False  # refuse languages no person has reviewed
    verify: bool = True  # read every PDF back before publishing it (helpkit verify)
    force: bool = False  # render everything, even what is up to date


@dataclass
class BuildResult:
    out: Path
    files: list[FileRecord] = field(default_factory=list)  # every file the build asked for
    rendered: int = 0  # how many of them were rendered (the rest were up to date)


@dataclass(frozen=True)
class Plan:
    jobs: list[Job]
    skipped: list[str]  # languages left out of a default or "all" build, and why


def plan(content: Content, options: BuildOptions) -> Plan:
    products = _products(options)
    jobs: list[Job] = []
    skipped: list[tuple[str, str, str]] = []  # (language, product, why)
    for product in products:
        langs = _languages(content, product, options, skipped)
        sizes = _sizes(product, options.size)
        if options.tabs:
            if options.size not in (None, "A4"):
                raise UsageError("tear-off tabs are made for A4 posters only")
            sizes = ["A4"]
        if options.combined:
            if not 2 <= len(langs) <= MAX_COMBINED:
                raise UsageError(
                    f"a combined poster takes 2 to {MAX_COMBINED} languages, not {len(langs)}"
                )
            jobs.extend(
                Job(
                    product.id,
                    tuple(langs),
                    size,
                    options.format,
                    allow_incomplete=options.allow_incomplete,
                    allow_unconfirmed=options.allow_unconfirmed,
                )
                for size in sizes
            )
            continue
        for lang in langs:
            for size in sizes:
                jobs.append(
                    Job(
                        product.id,
                        (lang,),
                        size,
                        options.format,
                        options.tabs,
                        allow_incomplete=options.allow_incomplete,
                        allow_unconfirmed=options.allow_unconfirmed,
                    )
                )
    return Plan(jobs=jobs, skipped=_summarise(skipped))


def _summarise(skipped: list[tuple[str, str, str]]) -> list[str]:
    """One line per language left out, naming its products."""
    by_lang: dict[str, tuple[list[str], str]] = {}
    for lang, product, why in skipped:
        by_lang.setdefault(lang, ([], why))[0].append(product)
    return [
        f"{lang} not built ({', '.join(products)}): {why}"
        for lang, (products, why) in by_lang.items()
    ]


def _products(options: BuildOptions) -> list[Product]:
    if options.products:
        products = [get_product(pid) for pid in dict.fromkeys(options.products)]
    elif options.tabs:
        products = [p for p in PRODUCTS.values() if p.tabs]
    elif options.combined:
        products = [p for p in PRODUCTS.values() if p.combinable]
    else:
        products = [get_product(pid) for pid in DEFAULT_CATALOGUE]
    for product in products:
        if options.tabs and not product.tabs:
            raise UsageError(f"{product.id} has no tear-off tabs; --tabs is for poster")
        if options.combined and not product.combinable:
            raise UsageError(f"{product.id} cannot combine languages; --combined is for poster")
    return products


def _languages(
    content: Content, product: Product, options: BuildOptions, skipped: list[tuple[str, str, str]]
) -> list[str]:
    """The languages to print `product` in.

    Asked for by name, a language that cannot be printed is an error that names every
    untranslated string, unless neither the product was asked for nor is the language one the
    product is meant for (the handout in Polish, from `--lang pl`). Otherwise it is left out,
    and the build says so.
    """
    asked = options.langs
    explicit = asked != "all" and bool(asked)
    if asked == "all":
        candidates = list(content.languages)
    elif not asked:
        candidates = [lang for lang in product.default_languages if lang in content.languages]
    else:
        candidates = []
        for code in asked:
            if not _LANG_CODE.match(code):
                raise UsageError(f"{code!r} is not a language code (like nb, en, ar)")
            if code not in content.languages:
                raise UsageError(
                    f"unknown language {code!r}; known: {', '.join(content.languages)}"
                )
            candidates.append(code)
    out = []
    for code in dict.fromkeys(candidates):
        reason = _cannot_print(content, product, code, options)
        if reason is None:
            out.append(code)
        elif explicit and (options.products or code in product.default_languages):
            raise reason
        else:
            skipped.append((code, product.id, str(reason)))
    return out


def _cannot_print(
    content: Content, product: Product, lang: str, options: BuildOptions
) -> HelpkitError | None:
    if lang == content.source_language:
        return None
    catalog = content.catalogs.get(lang)
    if catalog is None and not options.allow_incomplete:
        return UsageError(
            f"{lang} ({content.languages[lang].english}) has no translation yet: "
            f"content/translations/{lang}.po is missing"
        )
    if options.require_reviewed and (catalog is None or not catalog.reviewed):
        return TranslationError(
            f"{lang} ({content.languages[lang].english}) is not reviewed by a person yet "
            "and --require-reviewed was given"
        )
    found = language_gaps(content, product, lang)
    if found and not options.allow_incomplete:
        return TranslationError(describe_gaps(content, product, lang, found))
    return None


def _sizes(product: Product, asked: str | None) -> list[str]:
    if list(product.sizes) == [""]:
        return [""]  # a card has one size; --size is for posters
    if asked is None:
        return list(product.default_sizes)
    if len(product.sizes) == 1:
        return list(product.sizes)  # a handout is A4 whatever poster size was asked for
    if asked not in product.sizes:
        raise UsageError(f"{product.id} comes in {', '.join(product.sizes)}, not {asked!r}")
    return [asked]


# ----------------------------------------------------------------------------- rendering

_worker: Any = None  # (Renderer, Content) in each worker process


@dataclass(frozen=True)
class JobResult:
    record: FileRecord
    findings: list[Any]  # generator.verify.Finding, when verified


def _init_worker(project: Project) -> None:
    global _worker
    from generator.render.pdf import Renderer

    # The parent has validated everything; a worker loads the same content (a MappingProxy-
    # based model does not pickle, and loading takes milliseconds).
    content = load_content(project.root)
    _worker = (Renderer(project, content), content)
    # What the worker holds for its whole life (modules, content, WeasyPrint's tables) is never
    # garbage: keep the collector from scanning it again after every document.
    gc.collect()
    gc.freeze()


def _run(job: Job, staging: Path, verify: bool) -> JobResult:
    """Render one job into the staging folder, and verify it there, in the worker.

    Python's cyclic collector ran dozens of times during each document, each time scanning
    the boxes of a layout that was still in use: over a tenth of the build. It is paused for
    the job, and the job's own objects (all still in the youngest generation) are collected
    once, when the document is no longer referenced.
    """
    gc.disable()
    try:
        return _run_job(job, staging, verify)
    finally:
        gc.collect(0)
        gc.enable()


def _run_job(job: Job, staging: Path, verify: bool) -> JobResult:
    from generator.render.context import printed_contacts

    renderer, content = _worker
    product = PRODUCTS[job.product]
    rendered = renderer.html(
        product, job.langs, job.size, job.tabs, job.allow_incomplete, job.allow_unconfirmed
    )
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
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
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
        contacts=printed_contacts(rendered.context),
        translation=_translation_state(content, job.langs),
        density=density,
    )
    findings: list[Any] = []
    if verify and job.format == "pdf":
        from generator.verify import verify_entry

        gc.collect(0)  # the layout is no longer referenced: free it before reading the PDF back
        findings = verify_entry(
            staging, record.entry(), content, strict=False, today=dt.date.today()
        )
    return JobResult(record, findings)


def _render_all(
    project: Project,
    content: Content,
    jobs: list[Job],
    staging: Path,
    options: BuildOptions,
    reporter: Reporter,
) -> list[JobResult]:
    global _worker
    if not jobs:
        return []  # a no-op build never imports WeasyPrint
    run = functools.partial(_run, staging=staging, verify=options.verify)
    if options.jobs <= 1 or len(jobs) <= 1:
        from generator.render.pdf import Renderer

        _worker = (Renderer(project, content), content)
        results = []
        for index, job in enumerate(jobs, start=1):
            results.append(run(job))
            reporter.progress(index, len(jobs), job.path)
        return results
    with ProcessPoolExecutor(
        max_workers=options.jobs, initializer=_init_worker, initargs=(project,)
    ) as pool:
        results = []
        for index, (job, result) in enumerate(zip(jobs, pool.map(run, jobs), strict=True), 1):
            results.append(result)
            reporter.progress(index, len(jobs), job.path)
        return results


# ----------------------------------------------------------------------------- output


def build(project: Project, options: BuildOptions, reporter: Reporter) -> BuildResult:
    """Validate everything, render and verify every job, then publish all files at once."""
    content = load_for(project.root, project.templates)
    planned = plan(content, options)
    for message in planned.skipped:
        reporter.warning(message)
    jobs = planned.jobs
    out = (options.out or project.output).resolve()
    _prepare_out(out)
    with _locked(out):
        entries = manifest.read(out / MANIFEST)  # a foreign manifest stops the build here
        _remove_leftovers(out)
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
        staging = Path(tempfile.mkdtemp(prefix=".helpkit-build-", dir=out))
        try:
            results = _render_all(project, content, todo, staging, options, reporter)
            _judge([f for r in results for f in r.findings], reporter)
            records = [r.record for r in results]
            _publish(staging, out, records, entries)
            write_cache(out, staging, {**read_cache(out), **keys})
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for record in records:
        reporter.info(f"wrote {out.name}/{record.path}")
    if kept:
        reporter.info(f"{len(kept)} file(s) up to date")
    by_path = {r.path: r for r in [*records, *kept]}
    return BuildResult(out=out, files=[by_path[j.path] for j in jobs], rendered=len(records))


def _keys(content: Content, project: Project, jobs: list[Job]) -> dict[str, str]:
    maker = KeyMaker(content, project.templates)
    return {job.path: maker.key(job) for job in jobs}


def _remove_leftovers(out: Path) -> None:
    """A build that was killed may have left its staging folder; nothing in it is trusted."""
    for leftover in out.glob(".helpkit-build-*"):
        shutil.rmtree(leftover, ignore_errors=True)


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


def check_fonts(content: Content, jobs: list[Job]) -> None:
    """Before anything renders: every character each language will print has a font."""
    from generator.content.usage import texts_for
    from generator.fonts import check_coverage
    from generator.render.context import Translator

    by_lang: dict[str, set[str]] = {}
    for job in jobs:
        for lang in job.langs:
            by_lang.setdefault(lang, set()).add(job.product)
    for lang, product_ids in by_lang.items():
        tr = Translator(content, lang, allow_incomplete=True)
        strings = {tr(t) for pid in product_ids for t in texts_for(content, PRODUCTS[pid])}
        strings |= {c.phone.display for c in content.contacts.values() if c.phone}
        check_coverage(lang, content.languages[lang].script, sorted(strings))


def _translation_state(
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


def _prepare_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"output folder {out} is a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out}: {exc.strerror}") from exc
    if not os.access(out, os.W_OK):
        raise OutputError(f"output folder {out} is not writable")


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One build per output folder at a time: two at once would mix their files."""
    with open(out / ".helpkit.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another helpkit build is writing to {out}") from None
        yield


def _publish(staging: Path, out: Path, records: list[FileRecord], previous: list[Entry]) -> None:
    """Move each staged file into place with an atomic rename, then write the manifest."""
    for record in records:
        target = out / record.path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / record.path, target)
    manifest.write(out / MANIFEST, staging / MANIFEST, records, previous)
