"""SESSION.yaml: one run of the course (when, where, who teaches, in which languages).

A session file lives outside content/ (a trainer writes one per course run), so it is read
with the same care as content: a regular file, limited in size, every field checked and every
problem named with its line. It names no person but the trainers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.model import Content
from generator.content.yamlsource import Record, Sink, load_yaml
from generator.errors import ContentError

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


@dataclass(frozen=True)
class Trainer:
    name: str
    role: str


@dataclass(frozen=True)
class Session:
    id: str  # the folder under output/course/
    date: dt.date
    start: dt.time
    place: str
    organisation: str | None  # a profile id
    trainers: tuple[Trainer, ...]
    languages: tuple[str, ...]
    modules: tuple[str, ...]  # the modules taught, in the course's order
    file: str


def load_session(path: Path, content: Content) -> Session:
    """The session at `path`, checked against the content; raises ContentError."""
    sink = Sink()
    shown = str(path)
    data = load_yaml(path, shown, sink, (path.parent,))
    doc = Record.of(data, shown, "", sink, 1) if data is not None else None
    rec = doc.record("session") if doc is not None else None
    if doc is None or rec is None:
        raise ContentError(sink.problems, "the session file")
    sid = rec.text("id", digits=True)  # a folder name, never printed as prose
    if sid is not None and not _ID.match(sid):
        rec.problem("id", f"{sid!r} must be lower-case letters, digits and hyphens (a folder name)")
    date = rec.date("date")
    start_text = rec.text("start")
    start = None
    if start_text is not None:
        found = _TIME.match(start_text)
        if found is None:
            rec.problem("start", f"{start_text!r} must be a time like 09:00")
        else:
            start = dt.time(int(found.group(1)), int(found.group(2)))
    place = rec.text("place")
    organisation = rec.text("organisation", required=False)
    if organisation is not None and organisation not in content.profiles:
        known = ", ".join(content.profiles) or "none"
        rec.problem("organisation", f"{organisation!r} is not a profile; known: {known}")
    trainers = []
    for trec in rec.records("trainers"):
        name, role = trec.text("name"), trec.text("role")
        trec.done()
        if name is not None and role is not None:
            trainers.append(Trainer(name, role))
    languages = []
    for code, line in rec.texts("languages"):
        if code not in content.languages:
            sink.add(shown, line, "session.languages", f"{code!r} is not a language helpkit has")
        else:
            languages.append(code)
    course = content.course
    if course is None:
        rec.problem("id", "the project has no course (content/course/course.yaml)")
    known_modules = [m.id for m in course.modules] if course is not None else []
    chosen = set()
    for mid, line in rec.texts("modules", required=False):
        if mid not in known_modules:
            sink.add(shown, line, "session.modules", f"{mid!r} is not a module of the course")
        chosen.add(mid)
    rec.done()
    doc.done()
    if sink.problems:
        raise ContentError(sink.problems, "the session file")
    assert sid and date and start and place
    modules = tuple(m for m in known_modules if not chosen or m in chosen)
    return Session(
        sid, date, start, place, organisation, tuple(trainers), tuple(languages), modules, shown
    )
