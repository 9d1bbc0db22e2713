"""content/course/course.yaml: the course a trainer runs, written from the same guidance.

Every objective, key point, scenario debrief and correct quiz answer names the passage it rests
on (a `basis`, checked word for word like the guidance's own), so a course cannot teach what the
page does not say. The structure a trainer relies on is checked here too: the modules' minutes
add up to the course, every scenario turns on a real guidance section and names real contacts,
every quiz item has four options, one answer, a rationale for each option, and the answers are
spread over the letters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.model import Basis, Source, Text
from generator.content.sources import basis_of, text_of
from generator.content.yamlsource import Record, Sink, load_yaml
from generator.errors import relpath

FILE = Path("course") / "course.yaml"
LETTERS = ("a", "b", "c", "d")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# "All of the above" and its kin test reading, not knowing (and break when options are shuffled).
_ALL_NONE = re.compile(r"\b(alle|ingen) (av )?(de )?(ovenfor|over|alternativene)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Point:
    """A sentence of the course with what it rests on."""

    text: Text
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Module:
    id: str
    title: Text
    minutes: int
    is_break: bool
    sections: tuple[str, ...]
    objectives: tuple[Point, ...]
    key_points: tuple[Point, ...]
    notes: tuple[Text, ...]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: Text
    decision: str  # the guidance section the case turns on
    case: tuple[Text, ...]
    questions: tuple[Text, ...]
    debrief: tuple[Text, ...]  # for the facilitator only
    contacts: tuple[str, ...]
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class QuizItem:
    id: str
    section: str
    stem: Text
    options: tuple[Text, ...]  # a, b, c, d
    answer: int  # index into options
    rationale: tuple[Text, ...]  # one per option
    basis: tuple[Basis, ...]

    @property
    def letter(self) -> str:
        return LETTERS[self.answer]


@dataclass(frozen=True)
class EvaluationItem:
    id: str
    kind: str  # "scale" (1-5) or "text"
    text: Text


@dataclass(frozen=True)
class Course:
    id: str
    title: Text
    minutes: int
    modules: tuple[Module, ...]
    scenarios: tuple[Scenario, ...]
    quiz: tuple[QuizItem, ...]
    confidence: tuple[Text, ...]
    evaluation: tuple[EvaluationItem, ...]
    file: str

    def texts(self) -> list[Text]:
        """Every string of the course that can reach paper, in order."""
        out = [self.title]
        for m in self.modules:
            out.append(m.title)
            out.extend(p.text for p in (*m.objectives, *m.key_points))
            out.extend(m.notes)
        for s in self.scenarios:
            out.extend([s.title, *s.case, *s.questions, *s.debrief])
        for q in self.quiz:
            out.extend([q.stem, *q.options, *q.rationale])
        out.extend(self.confidence)
        out.extend(e.text for e in self.evaluation)
        return out


MIN_SCENARIOS = 8
MIN_ITEMS = 15
CONFIDENCE_ITEMS = 3


def load_course(
    root: Path,
    roots: tuple[Path, ...],
    known: dict[str, Source] | None,
    sections: set[str] | None,
    contacts: set[str] | None,
    sink: Sink,
) -> Course | None:
    """The course, checked; None when the project has none (it is optional) or it is broken."""
    path = root / "content" / FILE
    if not path.exists() and not path.is_symlink():
        return None
    shown = relpath(path, root)
    data = load_yaml(path, shown, sink, roots)
    doc = Record.of(data, shown, "", sink, 1) if data is not None else None
    if doc is None:
        return None
    before = len(sink.problems)
    head = doc.record("course")
    if head is None:
        return None
    cid = head.text("id")
    title = text_of(head, "title", "course:title")
    minutes = _minutes(head, "minutes")
    modules = tuple(_module(r, known, sections) for r in head.records("modules"))
    head.done()
    if minutes is not None and all(m is not None for m in modules):
        total = sum(m.minutes for m in modules if m is not None)
        if total != minutes:
            head.problem("minutes", f"is {minutes}, but the modules add up to {total} minutes")
    scenarios = tuple(_scenario(r, known, sections, contacts) for r in doc.records("scenarios"))
    if len(scenarios) < MIN_SCENARIOS:
        doc.problem("scenarios", f"has {len(scenarios)}; a course needs at least {MIN_SCENARIOS}")
    quiz_rec = doc.record("quiz")
    items: tuple[QuizItem | None, ...] = ()
    confidence: tuple[Text, ...] = ()
    if quiz_rec is not None:
        items = tuple(_item(r, known, sections) for r in quiz_rec.records("items"))
        confidence = tuple(
            t for r in quiz_rec.records("confidence") if (t := _confidence(r)) is not None
        )
        if len(items) < MIN_ITEMS:
            quiz_rec.problem("items", f"has {len(items)}; a quiz needs at least {MIN_ITEMS}")
        if len(confidence) != CONFIDENCE_ITEMS:
            quiz_rec.problem(
                "confidence", f"has {len(confidence)} statements; the tests use {CONFIDENCE_ITEMS}"
            )
        _spread(quiz_rec, [i for i in items if i is not None])
        quiz_rec.done()
    evaluation = tuple(e for r in doc.records("evaluation") if (e := _evaluation(r)) is not None)
    doc.done()
    _unique(doc, "modules", [m.id for m in modules if m is not None])
    _unique(doc, "scenarios", [s.id for s in scenarios if s is not None])
    _unique(doc, "quiz", [i.id for i in items if i is not None])
    if len(sink.problems) > before or cid is None or title is None or minutes is None:
        return None
    return Course(
        id=cid,
        title=title,
        minutes=minutes,
        modules=tuple(m for m in modules if m is not None),
        scenarios=tuple(s for s in scenarios if s is not None),
        quiz=tuple(i for i in items if i is not None),
        confidence=confidence,
        evaluation=evaluation,
        file=shown,
    )


def _minutes(rec: Record, key: str) -> int | None:
    rec.used.add(key)
    value = rec.data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 24 * 60:
        rec.problem(key, f"must be a whole number of minutes, not {value!r}")
        return None
    return value


def _id(rec: Record) -> str | None:
    value = rec.text("id")
    if value is not None and not _ID.match(value):
        rec.problem("id", f"{value!r} must be lower-case letters, digits and hyphens")
        return None
    return value


def _refs(rec: Record, key: str, known: set[str] | None, where: str) -> tuple[str, ...]:
    out = []
    for value, line in rec.texts(key, required=False):
        if known is not None and value not in known:
            rec.sink.add(rec.file, line, f"{rec.field}.{key}", f"{value!r} is not in {where}")
        else:
            out.append(value)
    return tuple(out)


def _points(
    rec: Record, key: str, context: str, known: dict[str, Source] | None
) -> tuple[Point, ...]:
    out = []
    for index, prec in enumerate(rec.records(key, required=False)):
        basis = basis_of(prec, known)  # required: a teaching point says something
        text = text_of(prec, "text", f"{context}:{key}:{index + 1}", basis=basis)
        prec.done()
        if text is not None:
            out.append(Point(text, basis))
    return tuple(out)


def _texts(rec: Record, key: str, context: str, required: bool = True) -> tuple[Text, ...]:
    return tuple(
        Text(f"{context}:{key}:{i + 1}", value, rec.file, line)
        for i, (value, line) in enumerate(rec.texts(key, required=required))
    )


def _module(
    rec: Record, known: dict[str, Source] | None, sections: set[str] | None
) -> Module | None:
    mid = _id(rec)
    ctx = f"course:module:{mid}"
    title = text_of(rec, "title", f"{ctx}:title")
    minutes = _minutes(rec, "minutes")
    is_break = rec.flag("break")
    secs = _refs(rec, "sections", sections, "guidance.yaml")
    objectives = _points(rec, "objectives", ctx, known)
    key_points = _points(rec, "key_points", ctx, known)
    notes = tuple(
        t
        for i, nrec in enumerate(rec.records("notes", required=False))
        if (t := _note(nrec, f"{ctx}:notes:{i + 1}", known)) is not None
    )
    rec.done()
    if not is_break and not objectives:
        rec.problem("objectives", "a module that teaches needs at least one learning objective")
    if mid is None or title is None or minutes is None:
        return None
    return Module(mid, title, minutes, is_break, secs, objectives, key_points, notes)


def _note(rec: Record, context: str, known: dict[str, Source] | None) -> Text | None:
    # How to run the session (method, timing, what to ask) claims nothing about the world; a
    # note that does may carry a basis.
    basis = basis_of(rec, known, required=False) if "basis" in rec.data else ()
    text = text_of(rec, "text", context, basis=basis)
    rec.done()
    return text


def _scenario(
    rec: Record,
    known: dict[str, Source] | None,
    sections: set[str] | None,
    contacts: set[str] | None,
) -> Scenario | None:
    sid = _id(rec)
    ctx = f"course:scenario:{sid}"
    title = text_of(rec, "title", f"{ctx}:title")
    decision = rec.text("decision")
    if decision is not None and sections is not None and decision not in sections:
        rec.problem("decision", f"{decision!r} is not a section in guidance.yaml")
        decision = None
    case = _texts(rec, "case", ctx)
    questions = _texts(rec, "questions", ctx)
    debrief = _texts(rec, "debrief", ctx)
    refs = _refs(rec, "contacts", contacts, "contacts.yaml")
    basis = basis_of(rec, known)
    rec.done()
    if sid is None or title is None or decision is None:
        return None
    # The debrief is what the facilitator teaches: it carries the scenario's basis. The case is
    # fiction and the questions ask; neither claims anything.
    debrief = tuple(replace(t, basis=basis) for t in debrief)
    return Scenario(sid, title, decision, case, questions, debrief, refs, basis)


def _item(
    rec: Record, known: dict[str, Source] | None, sections: set[str] | None
) -> QuizItem | None:
    qid = _id(rec)
    ctx = f"course:quiz:{qid}"
    section = rec.text("section")
    if section is not None and sections is not None and section not in sections:
        rec.problem("section", f"{section!r} is not a section in guidance.yaml")
        section = None
    stem = text_of(rec, "stem", f"{ctx}:stem")
    options = _lettered(rec, "options", ctx)
    rationale = _lettered(rec, "rationale", ctx)
    answer = rec.text("answer")
    if answer is not None and answer not in LETTERS:
        rec.problem("answer", f"must be one of a, b, c, d, not {answer!r}")
        answer = None
    basis = basis_of(rec, known)  # the correct answer rests on it
    rec.done()
    for option in options or ():
        if _ALL_NONE.search(option.source):
            rec.problem("options", f"{option.source!r}: no 'all/none of the above' options")
    if None in (qid, section, stem, options, rationale, answer):
        return None
    assert qid and section and stem and options and rationale and answer
    # The correct option and every rationale say what is so: they carry the item's basis. The
    # other options are wrong on purpose (misconceptions to recognise), and claim nothing.
    index = LETTERS.index(answer)
    options = tuple(replace(t, basis=basis) if i == index else t for i, t in enumerate(options))
    rationale = tuple(replace(t, basis=basis) for t in rationale)
    return QuizItem(qid, section, stem, options, index, rationale, basis)


def _lettered(rec: Record, key: str, ctx: str) -> tuple[Text, ...] | None:
    """Exactly the four options a-d, each a text."""
    mapping = rec.record(key)
    if mapping is None:
        return None
    keys = [str(k) for k in mapping.data]
    if sorted(keys) != list(LETTERS):
        rec.problem(key, f"must have exactly a, b, c and d, not {', '.join(keys) or 'none'}")
        mapping.used.update(keys)
        return None
    out = [text_of(mapping, letter, f"{ctx}:{key}:{letter}") for letter in LETTERS]
    mapping.done()
    return None if None in out else tuple(t for t in out if t is not None)


def _spread(rec: Record, items: list[QuizItem]) -> None:
    """The correct letter spread evenly: a test-taker who always picks one letter learns nothing."""
    if len(items) < len(LETTERS):
        return
    counts = Counter(i.letter for i in items)
    fair = len(items) / len(LETTERS)
    worst = max(abs(counts.get(letter, 0) - fair) for letter in LETTERS)
    if worst > max(1.0, 0.25 * fair):
        shown = ", ".join(f"{letter}: {counts.get(letter, 0)}" for letter in LETTERS)
        rec.problem("items", f"the correct answers are not spread over the letters ({shown})")


def _confidence(rec: Record) -> Text | None:
    cid = _id(rec)
    text = text_of(rec, "text", f"course:confidence:{cid}")
    rec.done()
    return text


def _evaluation(rec: Record) -> EvaluationItem | None:
    eid = _id(rec)
    kind = rec.text("kind")
    if kind is not None and kind not in ("scale", "text"):
        rec.problem("kind", f"must be scale or text, not {kind!r}")
        kind = None
    text = text_of(rec, "text", f"course:evaluation:{eid}")
    rec.done()
    if eid is None or kind is None or text is None:
        return None
    return EvaluationItem(eid, kind, text)


def _unique(rec: Record, key: str, ids: list[str]) -> None:
    for value, count in Counter(ids).items():
        if count > 1:
            rec.problem(key, f"the id {value!r} is used {count} times")
