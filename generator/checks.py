"""`helpkit check`: validate content and flag facts that are due for a human review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.model import Contact, Content
from generator.content.requirements import load_for
from generator.project import Project


@dataclass(frozen=True)
class CheckResult:
    content: Content
    warnings: list[str]
    errors: list[str]


def stale_contacts(content: Content, today: dt.date) -> list[str]:
    """A printed card lives for years: a contact past review_by must be checked before printing."""
    out = []
    local = [c for p in content.profiles.values() for c in p.contacts.values()]
    for c in [*content.contacts.values(), *local]:
        if c.review_by < today:
            out.append(
                f"{c.file}:{c.line}: contact {c.id!r}: "
                f"review_by {c.review_by.isoformat()} has passed "
                f"({_checked(c)}); check it with the service before printing"
            )
    return out


def _checked(c: Contact) -> str:
    if c.verified_on is not None:
        return f"confirmed {c.verified_on.isoformat()}"
    return f"never confirmed by a person; copied from {c.source.id}, dated {c.source.date}"


def unconfirmed_claims(content: Content) -> list[str]:
    """Claims marked needs_confirmation: left off the paper until someone confirms them."""
    return [
        f"{t.file}:{t.line}: {t.context}: unconfirmed claim {t.source!r} "
        f"(needs confirmation by {t.unconfirmed}); not printed unless --allow-unconfirmed"
        for t in content.unconfirmed()
    ]


def example_profiles(content: Content) -> list[str]:
    """Sample profiles: fine to try, never to print (every page they make says so)."""
    return [
        f"{p.file}: profile {p.id!r} is an example (example: true); every page built with it is "
        "marked EXAMPLE. Make your organisation's own profile before printing"
        for p in content.profiles.values()
        if p.example
    ]


def low_resolution_logos(content: Content) -> list[str]:
    """A PNG logo too coarse for print at the widest it is printed (an SVG has no pixels)."""
    from generator.content.logo import MIN_DPI, PRINTED_WIDTH_MM

    out = []
    for p in content.profiles.values():
        dpi = p.logo.dpi_at_print if p.logo else None
        if p.logo is not None and dpi is not None and dpi < MIN_DPI:
            out.append(
                f"{p.logo.file}: {p.logo.width_px} pixels wide is {dpi:.0f} dpi at "
                f"{PRINTED_WIDTH_MM:.0f} mm, the widest a logo is printed; print needs "
                f"{MIN_DPI} dpi ({round(MIN_DPI * PRINTED_WIDTH_MM / 25.4)} pixels), or use SVG"
            )
    return out


def voided_reviews(content: Content) -> list[str]:
    """Languages whose recorded review no longer holds: the text changed after it."""
    return [
        f"{c.file}: {c.review_state} (reviewed by {c.reviewed_by}); "
        "it prints as unreviewed until it is signed off again (helpkit i18n sign-off)"
        for c in content.catalogs.values()
        if c.reviewed_by and not c.reviewed
    ]


def check(project: Project, today: dt.date | None = None) -> CheckResult:
    """Raises ContentError on invalid content; returns warnings otherwise."""
    from generator.i18n import out_of_date

    content = load_for(project.root, project.templates)
    return CheckResult(
        content=content,
        warnings=[
            *stale_contacts(content, today or dt.date.today()),
            *unconfirmed_claims(content),
            *voided_reviews(content),
            *example_profiles(content),
            *low_resolution_logos(content),
        ],
        errors=out_of_date(content),
    )
