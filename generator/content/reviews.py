"""What binds a person's review to the words reviewed.

A sign-off records, beside each translated message, a mark: a hash of its context, Norwegian
source and translation (a translator comment `helpkit-review <mark>`, which every PO editor
keeps). The header records who reviewed, when, and a fingerprint of all the marks. A language
counts as reviewed only while

- the header names a reviewer and its fingerprint matches the marks in the file (a review header
  typed by hand, or marks pasted from another file, do not match), and
- every translated message still has the mark of its present text: one changed msgstr or msgid,
  or a message translated after the review, voids the review until it is signed off again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

MARK = "helpkit-review "
CORRECTION = "helpkit-correction "  # a reviewer's correction, imported and not yet signed off


def message_mark(context: str, msgid: str, msgstr: str) -> str:
    """A short hash of one message as it was reviewed."""
    data = "\0".join((context, msgid, msgstr)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def review_fingerprint(reviewer: str, date: str, marks: Iterable[str]) -> str:
    """The fingerprint a sign-off writes into the header: who, when, and every mark."""
    digest = hashlib.sha256()
    digest.update(f"{reviewer}\0{date}\0".encode())
    for mark in sorted(marks):
        digest.update(mark.encode("ascii") + b"\n")
    return "sha256:" + digest.hexdigest()
