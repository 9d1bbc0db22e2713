"""The command line: parses options, calls one core function, prints what it reports.

Exit codes: 0 success, 1 a failed build or check, 2 wrong usage (Click's own). helpkit's
errors carry their code (generator/errors.py), so no command catches them. The module is long
only because it has some twenty commands, each a few lines of options and one call; the work
is in the core.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import click

from generator import __version__
from generator.errors import HelpkitError, InternalError
from generator.project import Project, find_project


class CliReporter:
    """Progress on a terminal as a bar with count and ETA (once a build has run a second);
    plain lines when the output is a file or a pipe; nothing with --quiet."""

    BAR = 28

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.started: float | None = None

    def info(self, message: str) -> None:
        if not self.quiet:
            self._end_bar()
            click.echo(message)

    def warning(self, message: str) -> None:
        if not self.quiet:
            self._end_bar()
            click.echo(f"warning: {message}", err=True)

    def progress(self, done: int, total: int, label: str) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if self.started is None:
            self.started = now - 1e-9
        if not self.tty:
            click.echo(f"[{done}/{total}] {label}", err=True)
            return
        elapsed = now - self.started
        if elapsed < 1 and done < total:
            return
        eta = elapsed / done * (total - done)
        filled = round(self.BAR * done / total)
        bar = "#" * filled + "-" * (self.BAR - filled)
        click.echo(
            f"\r[{bar}] {done}/{total}  ETA {int(eta) // 60}:{int(eta) % 60:02d} ",
            err=True,
            nl=done == total,
        )
        self._open = done < total

    _open = False

    def _end_bar(self) -> None:
        if self._open:
            click.echo("", err=True)
            self._open = False


class HelpkitGroup(click.Group):
    """The top command, with the last-resort handler: an exception nobody foresaw becomes one
    "internal error" message (generator/errors.py: InternalError), never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`helpkit list contacts | head -1`): nothing to say to
            # anyone. Point stdout at nothing, so the interpreter's last flush stays quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except OSError as exc:
            # The core turns its own file errors into messages; what is left is the terminal or
            # a redirection failing (stdout on a full disk): the machine's problem, not a bug.
            if os.environ.get("HELPKIT_DEBUG"):
                raise
            where = exc.filename or "the output"
            raise HelpkitError(f"cannot write {where}: {exc.strerror or exc}") from exc
        except Exception as exc:
            if os.environ.get("HELPKIT_DEBUG"):
                raise
            raise InternalError(exc) from exc


def _project(ctx: click.Context) -> Project:
    return find_project(ctx.obj.get("root"))


@click.group(cls=HelpkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="helpkit")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder holding content/ (and optionally templates/). "
    "Default: $HELPKIT_ROOT, else the current folder if it has content/, "
    "else the content that comes with helpkit.",
)
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """helpkit: print-ready cards, posters and handouts against human trafficking.

    \b
    Example:
      helpkit build                      # the default catalogue into output/
      helpkit build --product card-professional --lang nb,en
    """
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@main.command()
@click.option(
    "--product",
    "products",
    multiple=True,
    metavar="ID",
    help="Product to build (repeatable). Default: the default catalogue.",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODES",
    help="Language codes, comma-separated, or 'all'. Default: each product's defaults.",
)
@click.option(
    "--size",
    type=click.Choice(["A4", "A3", "A2"]),
    default=None,
    help="Paper size for posters and handouts (cards have one size).",
)
@click.option(
    "--profile",
    default=None,
    metavar="ID",
    help="An organisation's profile (content/profiles/ID.yaml): its name, logo and local "
    "contacts; files go under OUT/ID/.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder. Default: output/ in the project.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html"]),
    default="pdf",
    help="pdf (default) or the html that becomes the pdf.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel worker processes. Default: number of cores.",
)
@click.option("--tabs", is_flag=True, help="Tear-off tabs along the bottom of A4 posters.")
@click.option(
    "--combined",
    is_flag=True,
    help="Put the languages (2 to 6) on one poster instead of one poster each.",
)
@click.option(
    "--allow-incomplete",
    is_flag=True,
    help="Print untranslated strings in Norwegian, marked [nb], instead of refusing.",
)
@click.option(
    "--require-reviewed",
    is_flag=True,
    help="Refuse languages whose translation no person has reviewed.",
)
@click.option(
    "--allow-unconfirmed",
    is_flag=True,
    help="Print claims marked needs_confirmation in content/ (left off by default).",
)
@click.option("--force", is_flag=True, help="Render everything, even files that are up to date.")
@click.option(
    "--no-verify",
    is_flag=True,
    help="Skip reading every PDF back before publishing it (helpkit verify).",
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def build(
    ctx: click.Context,
    products: tuple[str, ...],
    langs: tuple[str, ...],
    size: str | None,
    profile: str | None,
    out: Path | None,
    fmt: str,
    jobs: int | None,
    tabs: bool,
    combined: bool,
    allow_incomplete: bool,
    require_reviewed: bool,
    allow_unconfirmed: bool,
    force: bool,
    no_verify: bool,
    quiet: bool,
) -> None:
    """Build PDFs into the output folder and write its manifest.json.

    \b
    Example:
      helpkit build --product card-professional --lang nb,en --out print/
    """
    from generator.build import BuildOptions
    from generator.build import build as run_build

    options = BuildOptions.asked(
        products,
        langs,
        size=size,
        out=out,
        format=fmt,
        jobs=jobs or os.cpu_count() or 1,
        tabs=tabs,
        combined=combined,
        allow_incomplete=allow_incomplete,
        require_reviewed=require_reviewed,
        allow_unconfirmed=allow_unconfirmed,
        profile=profile,
        verify=not no_verify,
        force=force,
    )
    project = _project(ctx)
    result = run_build(project, options, CliReporter(quiet))
    if not quiet:
        click.echo(
            f"Built {len(result.files)} file(s) into {result.out} ({result.rendered} rendered, "
            f"{len(result.files) - result.rendered} up to date)"
        )


@main.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Make an organisation's own project folder: a copy of the content and a short README.

    Running it again adds what is missing and never overwrites an edited file.

    \b
    Example:
      helpkit init my-clinic && helpkit --root my-clinic build
    """
    from generator.init import init_project

    result = init_project(folder)
    click.echo(
        f"{folder}: {len(result.written)} file(s) written, {len(result.kept)} already there "
        "and kept"
    )
    click.echo(f"next: edit {folder}/content/, then `helpkit --root {folder} check`")


@main.command("list")
@click.argument("what", type=click.Choice(["products", "languages", "contacts", "profiles"]))
@click.pass_context
def list_(ctx: click.Context, what: str) -> None:
    """List products, languages, contacts or organisation profiles.

    \b
    Example:
      helpkit list contacts
    """
    from generator.content.load import load_content
    from generator.products import PRODUCTS

    if what == "products":
        for p in PRODUCTS.values():
            sizes = ", ".join(s for s in p.sizes if s) or "ID-1 card"
            low, high = p.pages
            pages = f"{low} to {high} pages" if low != high else f"{low} page" + "s" * (low > 1)
            click.echo(f"{p.id:20} {p.title} ({sizes}; {pages})")
        return
    project = _project(ctx)
    content = load_content(project.root)
    if what == "languages":
        from generator.i18n import status

        for lang, st in zip(content.languages.values(), status(content), strict=True):
            if lang.code == content.source_language:
                state = "source"
            elif lang.code in content.catalogs:
                state = "reviewed" if content.catalogs[lang.code].reviewed else "unreviewed"
            else:
                state = "no translation"
            mark = "*" if st.ready else " "
            click.echo(f"{mark} {lang.code:3} {lang.english:22} {lang.name:16} {lang.dir}  {state}")
    elif what == "profiles":
        if not content.profiles:
            click.echo("No profiles: add content/profiles/<id>.yaml (see helpkit init)")
        for org in content.profiles.values():
            logo = org.logo.file if org.logo else "no logo"
            note = "  EXAMPLE" if org.example else ""
            click.echo(
                f"{org.id:22} {org.name.source}  ({len(org.contacts)} local contact(s), {logo})"
                f"{note}"
            )
    else:
        for c in content.contacts.values():
            reach = c.phone.display if c.phone else (c.web_label or "-")
            click.echo(f"{c.id:22} {reach:>14}  {c.name.source}  (review by {c.review_by})")


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings (stale contacts) as failures.")
@click.pass_context
def check(ctx: click.Context, strict: bool) -> None:
    """Validate content and translations without rendering.

    \b
    Example:
      helpkit check --strict
    """
    from generator.checks import check as run_check

    project = _project(ctx)
    result = run_check(project)
    if result.errors:
        for error in result.errors:
            click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if strict and result.warnings:
        click.echo(f"Error: {len(result.warnings)} warning(s) in strict mode", err=True)
        sys.exit(1)
    click.echo(
        f"Content OK: {len(result.content.contacts)} contacts, "
        f"{len(result.content.sections)} sections, {len(result.warnings)} warning(s)"
    )


@main.group()
def i18n() -> None:
    """Translation catalogs: extract the template, update catalogs, show their status.

    \b
    Example:
      helpkit i18n update && helpkit i18n status
    """


@i18n.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the template. Default: content/translations/helpkit.pot",
)
@click.pass_context
def extract(ctx: click.Context, out: Path | None) -> None:
    """Write the POT template of every string that reaches paper.

    \b
    Example:
      helpkit i18n extract
    """
    from generator.content.load import load_content
    from generator.i18n import extract as run_extract
    from generator.i18n import shown

    project = _project(ctx)
    path = run_extract(project, load_content(project.root), out)
    click.echo(f"wrote {shown(project, path)}")


@i18n.command()
@click.pass_context
def update(ctx: click.Context) -> None:
    """Merge the source into every catalog: changed strings become fuzzy, new ones empty.

    \b
    Example:
      helpkit i18n update
    """
    from generator.content.load import load_content
    from generator.i18n import shown
    from generator.i18n import update as run_update

    project = _project(ctx)
    results = run_update(project, load_content(project.root))
    for r in results:
        state = "updated" if r.changed else "up to date"
        click.echo(
            f"{shown(project, r.path)}: {state} ({r.new} new, {r.fuzzy} fuzzy, "
            f"{r.obsolete} obsolete)"
        )


@i18n.command("review-pack")
@click.option("--lang", "lang", required=True, metavar="CODE", help="The language to review.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for review-<lang>.pdf and .csv. Default: the project's output/review.",
)
@click.pass_context
def review_pack(ctx: click.Context, lang: str, out: Path | None) -> None:
    """Write a bilingual review pack (PDF to print, CSV for a spreadsheet) for one language.

    \b
    Example:
      helpkit i18n review-pack --lang so --out review/
    """
    from generator.content.load import load_content
    from generator.review import review_pack as run_pack

    project = _project(ctx)
    target = out or project.output / "review"
    result = run_pack(project, load_content(project.root), lang.strip(), target)
    click.echo(f"wrote {result.pdf} and {result.csv} ({result.rows} messages)")


@i18n.command("import-review")
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def import_review(ctx: click.Context, sheet: Path) -> None:
    """Apply a filled-in review sheet: each correction stays fuzzy until sign-off.

    \b
    Example:
      helpkit i18n import-review review/review-so.csv
    """
    from generator.content.load import load_content
    from generator.review import import_review as run_import

    project = _project(ctx)
    result = run_import(project, load_content(project.root), sheet)
    click.echo(
        f"{result.file.name}: {result.corrections} correction(s) imported, fuzzy until "
        f"`helpkit i18n sign-off --lang {result.lang}`"
    )


@i18n.command("sign-off")
@click.option("--lang", "lang", required=True, metavar="CODE", help="The language reviewed.")
@click.option("--reviewer", required=True, metavar="TEXT", help='Who reviewed: "Name, role".')
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day of the review (YYYY-MM-DD). Default: today.",
)
@click.pass_context
def sign_off(ctx: click.Context, lang: str, reviewer: str, date: dt.datetime | None) -> None:
    """Record a person's review of a language, bound to every message as it stands now.

    Any later change to a reviewed message makes the language unreviewed again.

    \b
    Example:
      helpkit i18n sign-off --lang so --reviewer "Amina Yusuf, court interpreter"
    """
    from generator.content.load import load_content
    from generator.review import sign_off as run_sign_off

    project = _project(ctx)
    result = run_sign_off(
        project,
        load_content(project.root),
        lang.strip(),
        reviewer,
        date.date() if date else None,
    )
    click.echo(
        f"{result.file.name}: signed off, {result.messages} messages reviewed"
        + (f", {result.corrections} correction(s) accepted" if result.corrections else "")
    )


@i18n.command("status")
@click.pass_context
def i18n_status(ctx: click.Context) -> None:
    """A table per language: translated, fuzzy, missing, what it can print, who reviewed it.

    Exits 1 when a language meant for release cannot print a product it is meant for.

    \b
    Example:
      helpkit i18n status
    """
    from generator.content.load import load_content
    from generator.i18n import status

    project = _project(ctx)
    content = load_content(project.root)
    rows = status(content)
    click.echo(
        f"{'lang':5}{'language':22}{'translated':>11}{'fuzzy':>7}{'missing':>9}  "
        f"{'reviewed by':24}{'translator':36}not ready for"
    )
    for r in rows:
        reviewed = r.reviewed_by or "not reviewed"
        if r.reviewed_on and r.reviewed_by != "source":
            reviewed += f" ({r.reviewed_on})"
        if r.reviewed_by and r.review != "reviewed" and r.reviewed_by != "source":
            reviewed = "VOID: " + reviewed
        click.echo(
            f"{r.code:5}{r.english:22}{r.translated:>11}{r.fuzzy:>7}{r.missing:>9}  "
            f"{reviewed:24}{(r.translator or '-')[:35]:36}{', '.join(r.due) or '-'}"
        )
    for r in rows:
        if r.reviewed_by and r.review != "reviewed" and r.reviewed_by != "source":
            click.echo(f"{r.code}: {r.review}; review by {r.reviewed_by} no longer holds:")
            for line in r.changed:
                click.echo(f"  {line}")
    due = [r for r in rows if not r.release_ok]
    if due:
        click.echo(
            f"Error: {len(due)} language(s) not ready for release: "
            f"{', '.join(r.code for r in due)}",
            err=True,
        )
        sys.exit(1)


@main.command()
@click.option("--product", "products", multiple=True, metavar="ID", help="Product (repeatable).")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODES",
    help="Language codes, comma-separated, or 'all'.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for the PNG files. Default: the project's output/preview.",
)
@click.option(
    "--profile", default=None, metavar="ID", help="An organisation's profile (see build)."
)
@click.option("--dpi", type=click.IntRange(36, 600), default=150, show_default=True)
@click.pass_context
def preview(
    ctx: click.Context,
    products: tuple[str, ...],
    langs: tuple[str, ...],
    out: Path | None,
    profile: str | None,
    dpi: int,
) -> None:
    """Render every page to PNG, plus a labelled contact sheet, to judge a design at a glance.

    \b
    Example:
      helpkit preview --lang nb,en --out docs/
    """
    from generator.build import BuildOptions
    from generator.preview import preview as run_preview

    options = BuildOptions.asked(products, langs, jobs=os.cpu_count() or 1, profile=profile)
    project = _project(ctx)
    run_preview(project, options, out or project.output / "preview", CliReporter(False), dpi=dpi)


@main.group()
def course() -> None:
    """Course packs: everything a trainer needs to run the course, for one session.

    \b
    Example:
      helpkit course build content/course/example-session.yaml
    """


@course.command("build")
@click.argument("session", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: output/); the pack goes into OUT/course/<session id>/.",
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def course_build(ctx: click.Context, session: Path, out: Path | None, quiet: bool) -> None:
    """Build a course pack from a session file: facilitator guide, workbook, slides, pre- and
    post-test, answer key, evaluation form and contact sheet, per language.

    \b
    Example:
      helpkit course build content/course/example-session.yaml --out print/
    """
    from generator.coursepack import build_pack

    project = _project(ctx)
    result = build_pack(project, session, out, CliReporter(quiet))
    if not quiet:
        click.echo(f"Built {len(result.files)} file(s) into {result.out}")


@main.command("verify")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--strict", is_flag=True, help="Treat stale contacts as failures.")
@click.pass_context
def verify_cmd(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, strict: bool) -> None:
    """Prove that built PDFs are what was meant, reading them back.

    A PATH is an output folder (its manifest.json) or PDF files; default output/. Checks the
    file against the manifest, page count, trim and bleed, fonts, missing glyphs, type size,
    the safe zone, every number (in order, on one line) and every QR code (decoded sharp and
    blurred, in the safe zone, quiet zone clear).

    \b
    Example:
      helpkit verify output/ --json
    """
    from generator.content.load import load_content
    from generator.verify import verify

    project = _project(ctx)
    targets = list(paths) or [project.output]
    report = verify(targets, load_content(project.root), strict=strict)
    if as_json:
        click.echo(report.to_json())
    else:
        width = max((len(f.file) for f in report.failures), default=4)
        click.echo(f"{'file':{width}}  {'check':32} result")
        for f in report.failures:
            click.echo(f"{f.file:{width}}  {f.check:32} FAIL  {f.detail}")
        stale: dict[str, int] = {}
        for f in report.warnings:
            stale[f.check] = stale.get(f.check, 0) + 1
        for check, count in sorted(stale.items()):
            click.echo(f"{'(' + str(count) + ' files)':{width}}  {check:32} warn  past review_by")
        files = len({f.file for f in report.findings})
        click.echo(
            f"{files} file(s), {len(report.findings)} checks: "
            f"{len(report.failures)} failed, {len(report.warnings)} warning(s)"
        )
    if report.failures:
        sys.exit(1)


@main.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Show what this machine renders with: versions, font subsetting, fonts per language.

    \b
    Example:
      helpkit doctor
    """
    from generator.content.load import load_content
    from generator.doctor import diagnose

    project = _project(ctx)
    try:
        content = load_content(project.root)
    except HelpkitError as exc:
        click.echo(
            f"warning: content does not load, fonts per language not checked: {exc}", err=True
        )
        content = None
    findings = diagnose(content)
    for f in findings:
        click.echo(f"{'ok ' if f.ok else 'NO '} {f.name:28} {f.value}")
    if not all(f.ok for f in findings):
        sys.exit(1)
