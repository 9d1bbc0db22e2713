"""Phone numbers: one canonical value, checked with the phonenumbers library.

A card that prints 22 33 11 06 instead of 22 33 11 60 sends a frightened person nowhere, so
the display form is only a grouping: its digits must be exactly the canonical national digits.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import shortnumberinfo

from generator.content.model import PhoneNumber

REGION = "NO"
_E164 = re.compile(r"^\+[1-9][0-9]{4,14}$")
_SHORT = re.compile(r"^[0-9]{3,6}$")
# ASCII digits only: \d would also take Arabic-Indic or fullwidth digits, which a canonical
# value must never hold. A display may group digits with spaces (normal or no-break), nothing else.
_DISPLAY = re.compile(r"^[0-9]+(?:[ \u00a0][0-9]+)*$")


class PhoneProblem(ValueError):
    """Why a number was refused; the loader adds file, line and field."""


def parse_phone(canonical: str, display: str | None) -> PhoneNumber:
    """Validate a canonical number and its optional display grouping."""
    if any(ch.isdigit() and not ch.isascii() for ch in canonical):
        raise PhoneProblem(
            f"{canonical!r} has digits other than 0-9; the canonical number is written with "
            "the digits 0-9 (the QR code and the dialler need them)"
        )
    if _SHORT.match(canonical):
        try:
            number = phonenumbers.parse(canonical, REGION)
        except phonenumbers.NumberParseException as exc:
            raise PhoneProblem(f"{canonical!r} is not a phone number: {exc}") from exc
        if not shortnumberinfo.is_valid_short_number_for_region(number, REGION):
            raise PhoneProblem(f"{canonical!r} is not a valid Norwegian short number")
        national = canonical
        short = True
        default_display = _group_short(canonical)
    elif _E164.match(canonical):
        try:
            number = phonenumbers.parse(canonical, None)
        except phonenumbers.NumberParseException as exc:
            raise PhoneProblem(f"{canonical!r} is not a phone number: {exc}") from exc
        if not phonenumbers.is_valid_number(number):
            raise PhoneProblem(f"{canonical!r} is not a valid phone number")
        if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != canonical:
            raise PhoneProblem(f"{canonical!r} is not in E.164 form")
        default_display = phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL
        )
        national = "".join(ch for ch in default_display if ch.isdigit())
        short = False
    else:
        raise PhoneProblem(
            f"{canonical!r} must be E.164 (like +4722331160) or a short number (like 112)"
        )
    if display is None:
        display = default_display
    if not _DISPLAY.match(display):
        raise PhoneProblem(f"display {display!r} may contain only digits and single spaces")
    shown = "".join(ch for ch in display if ch.isdigit())
    if shown != national:
        raise PhoneProblem(
            f"display {display!r} has the digits {shown}, but the number {canonical} is dialled "
            f"as {national} in Norway"
        )
    return PhoneNumber(canonical=canonical, display=display, short=short)


def _group_short(digits: str) -> str:
    # 116111 -> "116 111", the way the page and Europe's harmonised numbers write it.
    if len(digits) == 6:
        return f"{digits[:3]} {digits[3:]}"
    return digits
