"""sources.yaml and the basis of every claim: who says it, and the passage it rests on.

A source may keep its text under content/ (the guidance page does): every quote from it is then
checked word for word, so a paraphrase cannot pass as a quotation.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.model import Basis, Source, Text
from generator.content.yamlsource import Record
from generator.errors import relpath
from generator.files import UnsafeInput, read_input

URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[A-Za-z0-9._~/%-]*)?$")


def load_sources(
    doc: Record | None, folder: Path, root: Path, required: bool = True, finish: bool = True
) -> dict[str, Source]:
    """The sources listed under `sources` (`finish`: `doc` holds nothing else)."""
    out: dict[str, Source] = {}
    if doc is None:
        return out
    for rec in doc.records("sources", required=required):
        sid, title, publisher = rec.text("id"), rec.text("title"), rec.text("publisher")
        url = rec.text("url", digits=True)
        updated, read = rec.date("updated", required=False), rec.date("read")
        text_file = rec.text("text", required=False, digits=True)
        rec.done()
        if url is not None and not URL.match(url):
            rec.problem("url", f"{url!r} must be an https:// web address")
            url = None
        text = _source_text(rec, text_file, folder, root) if text_file is not None else None
        if sid is None or title is None or publisher is None or url is None or read is None:
            continue
        if text_file is not None and text is None:
            continue
        if sid in out:
            rec.problem("id", f"{sid!r} is used twice")
            continue
        out[sid] = Source(sid, title, publisher, url, updated, read, text)
    if finish:
        doc.done()
    return out


# A source is a saved web page or a booklet's text: a few hundred kilobytes at most.
SOURCE_BYTES = 5_000_000


def _source_text(rec: Record, name: str, folder: Path, root: Path) -> str | None:
    """A source's text as read: a UTF-8 file inside content/, whitespace collapsed."""
    path = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        rec.problem("text", f"{name!r} must be a file inside content/")
        return None
    shown = relpath(path, root)
    try:
        return normal_words(read_input(path, (folder,), SOURCE_BYTES).decode("utf-8"))
    except UnsafeInput as exc:
        rec.problem("text", f"{shown} {exc}")
    except UnicodeDecodeError:
        rec.problem("text", f"{shown} is not valid UTF-8")
    return None


def normal_words(value: str) -> str:
    """Text compared word for word: runs of white space count as one space."""
    return " ".join(value.split())


def basis_of(
    rec: Record, known: dict[str, Source] | None, required: bool = True
) -> tuple[Basis, ...]:
    """The passages a record's texts rest on, each checked against its source's text.

    `known` is None when sources.yaml itself is broken: then references are not judged."""
    out: list[Basis] = []
    for brec in rec.records("basis", required=required):
        sid, quote = brec.text("source"), brec.text("quote", digits=True)
        brec.done()
        if sid is None or quote is None:
            continue
        source = known.get(sid) if known is not None else None
        if known is not None and source is None:
            brec.problem("source", f"{sid!r} is not listed in sources.yaml")
            continue
        if source is not None and source.text is not None and quote not in source.text:
            brec.problem(
                "quote",
                f"is not found word for word in {sid}'s text; quote the passage exactly "
                "(only line breaks and repeated spaces may differ)",
            )
            continue
        out.append(Basis(sid, quote, brec.file, brec.line))
    return tuple(out)


def text_of(
    rec: Record,
    key: str,
    context: str,
    required: bool = True,
    basis: tuple[Basis, ...] = (),
    unconfirmed: str | None = None,
) -> Text | None:
    value = rec.text(key, required)
    if value is None:
        return None
    return Text(context, value, rec.file, rec.line_of(key), basis, unconfirmed)
