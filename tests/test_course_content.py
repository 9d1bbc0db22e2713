"""The course content (content/course/course.yaml): every teaching point and correct answer rests
on a quoted passage, and the structure a trainer relies on holds (minutes, answers, options)."""

from __future__ import annotations

import json

import pytest

from generator.content.course import LETTERS
from generator.content.load import load_content
from generator.errors import ContentError

QUOTE = "Hvis personen kan være mindreårig, bør barnevernet kontaktes umiddelbart."
BASIS = [{"source": "guidance-page", "quote": QUOTE}]


def course(**change):
    """A small valid course as data; `change` replaces top-level parts."""
    data = {
        "course": {
            "id": "grunnkurs",
            "title": "Menneskehandel: grunnkurs",
            "minutes": 60,
            "modules": [
                {
                    "id": "m1",
                    "title": "Mindreårige",
                    "minutes": 45,
                    "sections": ["minor"],
                    "objectives": [{"text": "Kjenne til hva du gjør.", "basis": BASIS}],
                    "key_points": [{"text": "Kontakt barnevernet straks.", "basis": BASIS}],
                    "notes": [{"text": "Spør gruppen først."}],
                },
                {"id": "pause", "title": "Pause", "minutes": 15, "break": True},
            ],
        },
        "scenarios": [
            {
                "id": f"s{i}",
                "title": f"Tilfelle {i}",
                "decision": "minor",
                "case": ["En ungdom kommer til legevakten."],
                "questions": ["Hva gjør du?"],
                "debrief": ["Kontakt barnevernet straks."],
                "contacts": ["barnevernvakt"],
                "basis": BASIS,
            }
            for i in range(1, 9)
        ],
        "quiz": {
            "items": [
                {
                    "id": f"q{i:02}",
                    "section": "minor",
                    "stem": "Hva gjør du når personen kan være mindreårig?",
                    "options": {letter: f"Svar {letter}" for letter in LETTERS},
                    "answer": LETTERS[i % 4],
                    "rationale": {letter: f"Fordi {letter}." for letter in LETTERS},
                    "basis": BASIS,
                }
                for i in range(16)
            ],
            "confidence": [{"id": f"c{i}", "text": f"Jeg vet {i}."} for i in range(1, 4)],
        },
        "evaluation": [
            {"id": "nyttig", "kind": "scale", "text": "Hvor nyttig var kurset?"},
            {"id": "annet", "kind": "text", "text": "Noe annet?"},
        ],
    }
    data.update(change)
    return data


def write(project, data):
    folder = project.content / "course"
    folder.mkdir(exist_ok=True)
    # JSON is YAML: the test data is written exactly as given.
    (folder / "course.yaml").write_text(json.dumps(data, ensure_ascii=False, indent=1))


def problems(project):
    with pytest.raises(ContentError) as info:
        load_content(project.root)
    return [str(p) for p in info.value.problems]


def test_a_valid_course_loads_and_its_texts_are_translatable(project_copy):
    write(project_copy, course())
    loaded = load_content(project_copy.root)
    assert loaded.course is not None
    assert [m.minutes for m in loaded.course.modules] == [45, 15]
    assert len(loaded.course.quiz) == 16
    contexts = {t.context for t in loaded.texts()}
    assert "course:quiz:q01:rationale:b" in contexts
    assert "course:scenario:s1:debrief:1" in contexts


def test_a_project_without_a_course_has_none(content):
    assert content.course is None or content.course.id


C = "content/course/course.yaml"


def _drop(d, *path):
    for key in path[:-1]:
        d = d[key]
    del d[path[-1]]


@pytest.mark.parametrize(
    ("planted", "expected"),
    [
        (
            lambda d: d["course"].update(minutes=90),
            "course.minutes: is 90, but the modules add up to 60 minutes",
        ),
        (
            lambda d: _drop(d["course"]["modules"][0]["key_points"][0], "basis"),
            "course.modules[0].key_points[0].basis: is required",
        ),
        (
            lambda d: d["course"]["modules"][0]["key_points"][0]["basis"][0].update(
                quote="Barnevernet skal alltid kontaktes."
            ),
            "course.modules[0].key_points[0].basis[0].quote: is not found word for word in "
            "guidance-page's text",
        ),
        (
            lambda d: d["course"]["modules"][0].update(sections=["minors"]),
            "course.modules[0].sections: 'minors' is not in guidance.yaml",
        ),
        (
            lambda d: d["scenarios"][0].update(decision="acute-danger"),
            "scenarios[0].decision: 'acute-danger' is not a section in guidance.yaml",
        ),
        (
            lambda d: d["scenarios"][0].update(contacts=["barnevern"]),
            "scenarios[0].contacts: 'barnevern' is not in contacts.yaml",
        ),
        (
            lambda d: d["scenarios"][0].update(case=["Hun ringer 22 33 11 60 selv."]),
            "scenarios[0].case[0]: contains the digits '22 33 11 60', which a reader could dial",
        ),
        (
            lambda d: d.update(scenarios=d["scenarios"][:7]),
            "scenarios: has 7; a course needs at least 8",
        ),
        (
            lambda d: _drop(d["quiz"]["items"][0]["options"], "d"),
            "quiz.items[0].options: must have exactly a, b, c and d, not a, b, c",
        ),
        (
            lambda d: d["quiz"]["items"][0].update(answer="e"),
            "quiz.items[0].answer: must be one of a, b, c, d, not 'e'",
        ),
        (
            lambda d: d["quiz"]["items"][0]["options"].update(d="Alle de ovenfor"),
            "quiz.items[0].options: 'Alle de ovenfor': no 'all/none of the above' options",
        ),
        (
            lambda d: [i.update(answer="a") for i in d["quiz"]["items"][:8]],
            "quiz.items: the correct answers are not spread over the letters (a: 10, b: 2, "
            "c: 2, d: 2)",
        ),
        (
            lambda d: _drop(d["quiz"]["items"][3], "basis"),
            "quiz.items[3].basis: is required",
        ),
        (
            lambda d: d["quiz"].update(confidence=d["quiz"]["confidence"][:2]),
            "quiz.confidence: has 2 statements; the tests use 3",
        ),
        (
            lambda d: d["quiz"]["items"][1].update(id="q00"),
            "the id 'q00' is used 2 times",
        ),
        (
            lambda d: _drop(d["course"]["modules"][0], "objectives"),
            "course.modules[0].objectives: a module that teaches needs at least one learning "
            "objective",
        ),
    ],
)
def test_a_broken_course_is_refused_naming_the_field(project_copy, planted, expected):
    data = course()
    planted(data)
    write(project_copy, data)
    found = problems(project_copy)
    assert any(expected in p and p.startswith(C) for p in found), found
