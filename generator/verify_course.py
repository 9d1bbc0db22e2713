"""Verify a course pack's files (generator/coursepack.py), reading them back.

- No participant file (workbook, slides, tests, evaluation, contact sheet) carries a text only
  the trainer may see: a debrief, a rationale, a facilitator note. Their text is extracted and
  searched for every such text, in the file's language.
- Every run of digits a reader could dial is a contact's number, as its display prints it.
- The guide and the workbook are tagged PDFs: a structure tree, the document's language, marked
  content. The slides' smallest text is 24 pt.

Kept apart from verify.py's card and poster checks; the names it reports are in verify.CHECKS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.content.model import Content
from generator.content.textguard import fold_digits
from generator.render.context import Translator
from generator.verify import skeleton

PARTICIPANT = ("workbook", "slides", "pre-test", "post-test", "evaluation", "contact-sheet")
TAGGED = ("facilitator-guide", "workbook")
SLIDE_MIN_PT = 24.0
# A run of digits someone would dial, however grouped (see content/textguard.py); single digits
# in a row ("1 2 3 4 5" over a rating scale) are not a number anyone dials.
_RUN = re.compile(r"\d(?:[ \t\-\u2010-\u2015\u2212./()]{0,3}\d){4,}")

Record = Callable[..., None]


# Text compared as letters and digits only (no marks, spaces or punctuation, any case): the
# comparison verify's language read-back makes.
letters = skeleton


def trainer_only(content: Content, lang: str) -> list[str]:
    """Every text of the course that only the facilitator's files may carry, translated; a
    debrief sentence that is also a key point participants are given is not among them."""
    course = content.course
    if course is None:
        return []
    tr = Translator(content, lang, allow_incomplete=True)
    out = [tr(t) for s in course.scenarios for t in s.debrief]
    out += [tr(t) for q in course.quiz for t in q.rationale]
    out += [tr(t) for m in course.modules for t in m.notes]
    shared = [tr(p.text) for m in course.modules for p in (*m.objectives, *m.key_points)]
    shared += [tr(t) for s in course.scenarios for t in (*s.case, *s.questions)]
    given = " ".join(letters(t) for t in shared)
    return [t for t in out if letters(t) not in given]


def verify_course_entry(
    path: Path, entry: dict[str, Any], content: Content, record: Record
) -> None:
    from generator import pdfread

    kind = str(entry.get("kind"))
    lang = str(entry.get("lang"))
    pages = pdfread.page_count(path)
    text = " ".join(pdfread.text(path, i) for i in range(pages))
    if kind in PARTICIPANT and lang in content.languages:
        flat = letters(text)
        # A text of a dozen letters or more is a text, not a word that happens to recur.
        secret = [t for t in trainer_only(content, lang) if len(letters(t)) >= 12]
        leaked = [t for t in secret if letters(t) in flat]
        record(
            "course key text",
            not leaked,
            "no debrief, rationale or facilitator note"
            if not leaked
            else f"a participant file carries what only the trainer may see: {leaked[0][:80]!r}",
        )
    local = [c for pr in content.profiles.values() for c in pr.contacts.values()]
    known = {p.digits for c in [*content.contacts.values(), *local] for p in c.phones}
    wrong = []
    # Line by line: a number is printed on one line (it never wraps), and digits that end one
    # line and start the next ("1. januar 2021." above "9. Hva ...") are not one number.
    lines = [line for i in range(pages) for line in pdfread.lines(path, i)]
    for run in (r for line in lines for r in _RUN.findall(fold_digits(line))):
        groups = re.split(r"\D+", run)
        if all(len(g) == 1 for g in groups):
            continue
        digits = "".join(groups)
        if digits not in known:
            wrong.append(run)
    record(
        "course numbers",
        not wrong,
        "every number is a contact's"
        if not wrong
        else f"{wrong[0]!r} is not the number of any contact: a wrong number is worse than none",
    )
    if kind in TAGGED:
        record("tagged", *tagged(path, lang))
    if kind == "slides":
        sizes = [g.size_pt for i in range(pages) for g in pdfread.glyphs(path, i)]
        smallest = min(sizes, default=0.0)
        record(
            "type size",
            bool(sizes) and smallest >= SLIDE_MIN_PT - 0.05,
            f"smallest {smallest:.2f} pt (minimum {SLIDE_MIN_PT:.0f} pt on slides)"
            if sizes
            else "no text read on the slides: nothing there is measured",
        )


def tagged(path: Path, lang: str) -> tuple[bool, str]:
    """A tagged PDF: a structure tree, marked content, and the document's language."""
    import pypdf

    root: Any = pypdf.PdfReader(path).trailer["/Root"].get_object()
    tree = root.get("/StructTreeRoot")
    mark_info = root.get("/MarkInfo")
    marked = bool(mark_info.get_object().get("/Marked", False)) if mark_info else False
    doc_lang = str(root.get("/Lang", ""))
    problems = []
    if tree is None:
        problems.append("no structure tree")
    if not marked:
        problems.append("not marked as tagged")
    if not doc_lang.lower().startswith(lang.lower()):
        problems.append(f"document language {doc_lang or 'none'!r}, not {lang!r}")
    if problems:
        return False, "; ".join(problems)
    return True, f"structure tree, marked content, language {doc_lang}"
