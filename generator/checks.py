"""`helpkit check`: validate content and flag facts that are due for a human review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.load import load_content
from generator.content.model import Content
from generator.project import Project


@dataclass(frozen=True)
class CheckResult:
    content: Content
    warnings: list[str]
    errors: list[str]


def stale_contacts(content: Content, today: dt.date) -> list[str]:
    """A printed card lives for years: a contact past review_by must be checked before printing."""
    out = []
    for c in content.contacts.values():
        if c.review_by < today:
            out.append(
                f"{c.file}:{c.line}: contact {c.id!r}: "
                f"review_by {c.review_by.isoformat()} has passed "
                f"(verified {c.verified_on.isoformat()} against {c.source.id}); check it with the "
                "service before printing"
            )
    return out


def check(project: Project, today: dt.date | None = None) -> CheckResult:
    """Raises ContentError on invalid content; returns warnings otherwise."""
    from generator.i18n import out_of_date

    content = load_content(project.root)
    return CheckResult(
        content=content,
        warnings=stale_contacts(content, today or dt.date.today()),
        errors=out_of_date(content),
    )
