"""`helpkit course build SESSION.yaml`: everything a trainer needs to run one course.

Per language: the facilitator guide, the participant workbook, slides, a pre-test and a
post-test (the same items, the post-test's options in another order seeded by the session),
the answer key, the evaluation form and a contact sheet, all from content/course/course.yaml and
the guidance. Rationales, debriefs and answers appear in the trainer's files only: participant
files are built from views that do not carry them, and verify reads them back to prove it.
Files are staged and published at once with a manifest.json, as a build's are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.dates import format_date

from generator import manifest
from generator.content.course import LETTERS, Course, QuizItem
from generator.content.model import Content, Text
from generator.content.requirements import load_for
from generator.content.translations import gaps
from generator.errors import RenderError, TranslationError, UsageError, VerificationError
from generator.manifest import MANIFEST, FileRecord
from generator.project import Project
from generator.publish import check_places, locked, output_error, prepare_out, publish
from generator.render.context import ContactView, Translator, org_view
from generator.report import Reporter
from generator.session import Session, load_session
from generator.worker import translation_state

# The files of a pack, in the order a trainer uses them.
KINDS = (
    "facilitator-guide",
    "workbook",
    "slides",
    "pre-test",
    "post-test",
    "answer-key",
    "evaluation",
    "contact-sheet",
)
# Tagged PDF (PDF/UA-1) for the documents people read at length.
TAGGED = frozenset({"facilitator-guide", "workbook"})


@dataclass(frozen=True)
class PackResult:
    out: Path
    files: list[FileRecord]


# What one slide holds at 24 pt: some eight lines of about fifty characters. Longer lists go on
# to a second slide with the same title; the layout check still has the last word.
SLIDE_CHARS = 380


def slide_chunks(points: list[str], budget: int = SLIDE_CHARS) -> list[list[str]]:
    """`points` in order, in groups that each fit one slide."""
    chunks: list[list[str]] = []
    used = budget + 1
    for point in points:
        if used + len(point) > budget:
            chunks.append([])
            used = 0
        chunks[-1].append(point)
        used += len(point) + 40  # a new bullet starts a new line
    return chunks


def post_order(session: Session, item: QuizItem) -> list[int]:
    """The post-test's order of an item's options: shuffled, the same for the same session."""
    order = list(range(len(LETTERS)))
    seed = hashlib.sha256(f"{session.id}:{item.id}".encode()).digest()
    random.Random(seed).shuffle(order)
    return order


def course_texts(content: Content, session: Session) -> list[Text]:
    """Every source text the pack prints: the course and the ui labels it uses."""
    course = _course(content)
    ui = [t for key, t in content.ui.items() if key.startswith(("course.", "i18n."))]
    if content.profile is not None and content.profile.example:
        ui.append(content.ui["profile.example"])
    # The contacts the pack names: the handout's directory (with a profile's own) and those the
    # scenarios' debriefs send people to.
    debriefed = [c for s in course.scenarios for c in s.contacts]
    printed = dict.fromkeys([*content.products["handout"].directory, *debriefed])
    names = [
        t
        for cid in printed
        if cid in content.contacts
        for t in (content.contacts[cid].name, content.contacts[cid].label)
    ]
    own = content.profile.texts() if content.profile is not None else []
    return list({(t.context, t.source): t for t in [*ui, *course.texts(), *names, *own]}.values())


def build_pack(
    project: Project, session_file: Path, out: Path | None, reporter: Reporter
) -> PackResult:
    content = load_for(project.root, project.templates)
    session = load_session(session_file, content)
    if session.organisation is not None:
        content = content.applied(session.organisation)
    texts = course_texts(content, session)
    for lang in session.languages:
        if lang == content.source_language:
            continue
        catalog = content.catalogs.get(lang)
        missing = gaps(catalog, texts, f"content/translations/{lang}.po")
        if missing:
            raise TranslationError(
                f"the course cannot be printed in {lang} ({content.languages[lang].english}): "
                f"{len(missing)} string(s) not translated, first "
                f"{missing[0].describe(f'content/translations/{lang}.po')}"
            )
    folder = (out or project.output).resolve() / "course" / session.id
    prepare_out(folder)
    renderer = _PackRenderer(project)
    with locked(folder):
        listing = manifest.load(folder / MANIFEST)
        paths = [f"{lang}/{kind}.pdf" for lang in session.languages for kind in KINDS]
        check_places(folder, paths)
        try:
            staging = Path(tempfile.mkdtemp(prefix=".helpkit-build-", dir=folder))
        except OSError as exc:
            raise output_error(folder / ".helpkit-build-…", exc, "create") from exc
        try:
            records = []
            for lang in session.languages:
                views = pack_views(content, session, lang)
                for kind in KINDS:
                    data, pages = renderer.render(kind, views)
                    rel = f"{lang}/{kind}.pdf"
                    target = staging / rel
                    try:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(data)
                    except OSError as exc:
                        raise output_error(folder / rel, exc) from exc
                    records.append(_record(rel, kind, lang, pages, data, views, content))
                    reporter.progress(len(records), len(paths), rel)
            _verify_staged(staging, records, content)
            publish(staging, folder, records, listing.entries)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for record in records:
        reporter.info(f"wrote course/{session.id}/{record.path}")
    return PackResult(out=folder, files=records)


def _verify_staged(staging: Path, records: list[FileRecord], content: Content) -> None:
    """Read every file back before anything is published (generator/verify_course.py)."""
    from generator.verify_course import verify_course_entry

    failures: list[str] = []

    def record(check: str, ok: bool, detail: str, severity: str = "error") -> None:
        if not ok and severity == "error":
            failures.append(f"  {check}: {detail}")

    for r in records:
        before = len(failures)
        verify_course_entry(staging / r.path, r.entry(), content, record)
        failures[before:] = [f"  {r.path}:{line[1:]}" for line in failures[before:]]
    if failures:
        raise VerificationError(
            f"{len(failures)} verification failure(s); nothing was written:\n" + "\n".join(failures)
        )


def _course(content: Content) -> Course:
    if content.course is None:
        raise UsageError("this project has no course: add content/course/course.yaml")
    return content.course


def _record(
    rel: str,
    kind: str,
    lang: str,
    pages: int,
    data: bytes,
    views: dict[str, Any],
    content: Content,
) -> FileRecord:
    printed = [c.id for c in views["contacts"]] if kind in ("contact-sheet", "slides") else []
    return FileRecord(
        path=rel,
        product="course",
        lang=lang,
        langs=[lang],
        size="A4" if kind != "slides" else "16:9",
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        qr=[],
        contacts=printed,
        translation=translation_state(content, (lang,)),
        density="regular",
        kind=kind,
    )


@dataclass
class ItemView:
    id: str
    stem: str
    options: list[str]  # in the order printed
    letter: str  # the correct letter as printed
    rationale: list[str] = field(default_factory=list)  # in the order printed


def pack_views(content: Content, session: Session, lang: str) -> dict[str, Any]:
    """What the templates print, translated; the trainer-only parts kept apart by name."""
    course = _course(content)
    tr = Translator(content, lang)
    locale = content.languages[lang].locale
    ui = {
        k: tr(t) for k, t in content.ui.items() if k.startswith("course.") or k.startswith("i18n.")
    }
    clock = dt.datetime.combine(session.date, session.start)
    agenda: list[dict[str, Any]] = []
    for module in course.modules:
        if module.id not in session.modules:
            continue
        agenda.append(
            {
                "id": module.id,
                "start": clock.strftime("%H:%M"),
                "end": (clock + dt.timedelta(minutes=module.minutes)).strftime("%H:%M"),
                "minutes": module.minutes,
                "title": tr(module.title),
                "is_break": module.is_break,
                "objectives": [tr(p.text) for p in module.objectives],
                "key_points": [tr(p.text) for p in module.key_points],
                "notes": [tr(n) for n in module.notes],
                "sections": [tr(content.sections[s].title) for s in module.sections],
            }
        )
        clock += dt.timedelta(minutes=module.minutes)
    own = content.profile.contacts if content.profile else {}
    contacts = {cid: ContactView(c, tr, local=cid in own) for cid, c in content.contacts.items()}
    scenarios = [
        {
            "id": s.id,
            "title": tr(s.title),
            "case": [tr(t) for t in s.case],
            "questions": [tr(t) for t in s.questions],
            "decision": tr(content.sections[s.decision].title),
            "debrief": [tr(t) for t in s.debrief],
            "contacts": [contacts[c] for c in s.contacts if c in contacts],
        }
        for s in course.scenarios
    ]
    pre, post = [], []
    for item in course.quiz:
        options = [tr(o) for o in item.options]
        rationale = [tr(r) for r in item.rationale]
        pre.append(ItemView(item.id, tr(item.stem), options, item.letter, rationale))
        order = post_order(session, item)
        post.append(
            ItemView(
                item.id,
                tr(item.stem),
                [options[i] for i in order],
                LETTERS[order.index(item.answer)],
                [rationale[i] for i in order],
            )
        )
    slides = [
        {"title": a["title"], "points": chunk, "module": a["id"]}
        for a in agenda
        if not a["is_break"]
        for chunk in slide_chunks(a["objectives"])
    ]
    guidance = [
        {"title": tr(sec.title), "paragraphs": [tr(t) for t in sec.full]}
        for sec in content.sections.values()
    ]
    steps = [
        {"question": tr(sec.question), "action": tr(sec.action)}
        for sid in content.products["card-professional"].sections
        if (sec := content.sections[sid]).question is not None and sec.action is not None
    ]
    directory = content.products["handout"].directory
    local = list(content.profile.contacts) if content.profile else []
    unreviewed = None
    catalog = content.catalogs.get(lang)
    if not tr.is_source and (catalog is None or not catalog.reviewed):
        unreviewed = tr(content.ui["i18n.unreviewed"])
    return {
        "lang": content.languages[lang],
        "ui": ui,
        "course_title": tr(course.title),
        "session": session,
        "date": format_date(session.date, "long", locale=locale),
        "agenda": agenda,
        "slides": slides,
        "steps": steps,
        "guidance": guidance,
        "minutes": sum(a["minutes"] for a in agenda),
        "scenarios": scenarios,
        "pre": pre,
        "post": post,
        "confidence": [tr(t) for t in course.confidence],
        "evaluation": [{"kind": e.kind, "text": tr(e.text)} for e in course.evaluation],
        "contacts": [contacts[c] for c in dict.fromkeys([*directory, *local]) if c in contacts],
        "local": [contacts[c] for c in local],
        "org": org_view(content, tr),
        "unreviewed": unreviewed,
        "unreviewed_source": content.ui["i18n.unreviewed"].source,
    }


class _PackRenderer:
    """The pack's templates (templates/course/), rendered with the build's safeguards: the
    sandboxed environment, the fetcher that reads nothing outside the project, WeasyPrint's
    warnings as errors, and slides that must each stay on their one page."""

    def __init__(self, project: Project) -> None:
        from weasyprint.text.fonts import FontConfiguration

        from generator.render.environment import make_environment
        from generator.render.fetcher import ProjectFetcher

        self.templates = project.templates
        self.env = make_environment(project.templates)
        self.fonts = FontConfiguration()
        self.fetcher = ProjectFetcher([project.templates, project.root / "content"])

    def render(self, kind: str, views: dict[str, Any]) -> tuple[bytes, int]:
        """One file of the pack as PDF bytes and its page count."""
        import jinja2
        import weasyprint

        from generator.fonts import font_stack
        from generator.render.pdf import _weasyprint_warnings

        label = f"course {kind} ({views['lang'].code})"
        try:
            template = self.env.get_template(f"course/{kind}.html.j2")
            html = template.render(**views, kind=kind, font_stack=font_stack(views["lang"].script))
        except jinja2.TemplateError as exc:
            raise RenderError(f"template course/{kind}.html.j2: {exc}") from exc
        with _weasyprint_warnings() as warnings:
            document = weasyprint.HTML(
                string=html, base_url=str(self.templates) + "/", url_fetcher=self.fetcher
            ).render(font_config=self.fonts)
            slides = len(re.findall(r'<section class="slide[ "]', html))
            if slides and len(document.pages) != slides:
                raise RenderError(
                    f"{label}: {slides} slides take {len(document.pages)} pages: a slide's text "
                    "does not fit on its page; shorten it"
                )
            variant = "pdf/ua-1" if kind in TAGGED else None
            data: bytes = document.write_pdf(pdf_variant=variant)
        if warnings:
            raise RenderError(f"{label}: WeasyPrint reported: " + "; ".join(warnings))
        return data, len(document.pages)
