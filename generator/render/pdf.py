"""HTML -> PDF with WeasyPrint, under the rules that make a card trustworthy.

One `Renderer` per process: it holds the Jinja environment, the restricted URL fetcher and
one FontConfiguration, which WeasyPrint can reuse across documents (font loading dominates the
cost of a small card).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import jinja2

from generator.content.model import Content
from generator.document import Document
from generator.errors import RenderError
from generator.products import Product, Trim
from generator.project import Project
from generator.render.context import TemplateContext, build_context
from generator.render.density import DENSITIES, first_density, text_width
from generator.render.environment import make_environment
from generator.render.fetcher import ForbiddenResource, ProjectFetcher

PX_PER_MM = 96 / 25.4  # WeasyPrint lays out in CSS px
TOLERANCE_PX = 1.0  # a quarter of a millimetre: glyph side bearings, rounding
DESCENDER_EM = 0.25  # the deepest descender of the Noto fonts helpkit uses, in em
ASCENDER_EM = 1.0  # above the baseline: accented capitals, stacked marks, Arabic ascenders

# Layout densities (DENSITIES: regular, compact, tight): a language whose words are long
# (Polish, Russian, Somali) may need the tighter spacing of "compact" to fit a card. Type never
# shrinks below the format's minimum; only spacing and leading change. The first density tried
# is predicted from the text's length (render/density.py); one that does not fit moves on to
# the next; when none fits, the build fails.


class FitError(RenderError):
    """The content does not fit the page at any density."""


@dataclass(frozen=True)
class Rendered:
    context: TemplateContext
    template: jinja2.Template
    _html: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def html_at(self, density: str) -> str:
        """The page at one density; rendered once, however often it is asked for."""
        if density not in self._html:
            try:
                self._html[density] = self.template.render(**self.context, density=density)
            except jinja2.TemplateError as exc:
                raise RenderError(f"template {self.template.name}: {exc}") from exc
        return self._html[density]

    @property
    def html(self) -> str:
        """The HTML at the regular density."""
        return self.html_at(DENSITIES[0])

    @property
    def first_density(self) -> int:
        """Where to start, judged from the text's length (see render/density.py).

        Combined sheets and tear-off tabs start at regular: the thresholds were not measured
        on them. A product without thresholds (the handout) starts there unmeasured.
        """
        blocks = self.context["blocks"]
        product = self.context["product"]
        thresholds = product.density_from
        if self.context["org"] is not None and product.org_density_from is not None:
            thresholds = product.org_density_from
        if len(blocks) != 1 or self.context["tabs"] or thresholds is None:
            return 0
        return first_density(thresholds, text_width(self.html, blocks[0]["lang"].script))


@dataclass(frozen=True)
class Fitted:
    """A document laid out at the first density that fits, from the predicted start."""

    document: Any  # weasyprint.Document
    density: str
    layouts: int  # how many layouts it took: 1 when the prediction was right
    html: str  # the page as laid out, stylesheet included


class Renderer:
    def __init__(self, project: Project, content: Content) -> None:
        self.root = project.root
        self.content = content
        self.templates = project.templates
        self.env = make_environment(self.templates)
        self._fetcher: ProjectFetcher | None = None
        self._fonts: object | None = None
        self._styles: dict[str, Any] = {}  # stylesheet text -> parsed weasyprint.CSS

    def html(self, document: Document) -> Rendered:
        product = document.spec
        ctx = build_context(self.content, document)
        try:
            template = self.env.get_template(product.template)
        except jinja2.TemplateError as exc:
            where = (
                f"{exc.filename}:{exc.lineno}"
                if isinstance(exc, jinja2.TemplateSyntaxError)
                else product.template
            )
            raise RenderError(f"template {where}: {exc}") from exc
        rendered = Rendered(context=ctx, template=template)
        rendered.html_at(DENSITIES[0])  # template errors surface here, before any layout
        return rendered

    def pdf(self, rendered: Rendered) -> bytes:
        return self.pdf_with_pages(rendered)[0]

    def pdf_with_pages(self, rendered: Rendered) -> tuple[bytes, int, str]:
        """The PDF, its page count and the density it was laid out at."""
        fitted = self.fit(rendered)  # reports the layout's own warnings
        with _weasyprint_warnings() as warnings:
            product = rendered.context["product"]
            variant = "pdf/ua-1" if product.tagged else None
            data: bytes = fitted.document.write_pdf(pdf_variant=variant)
        if warnings:
            raise RenderError(
                f"{_label(rendered.context)}: WeasyPrint reported: " + "; ".join(warnings)
            )
        return data, len(fitted.document.pages), fitted.density

    def fit(self, rendered: Rendered, start: int | None = None) -> Fitted:
        """Lay the document out at the first density from `start` (default: predicted) that fits."""
        # Imported here so that listing, checking and no-op builds never pay for WeasyPrint.
        from weasyprint.text.fonts import FontConfiguration

        if self._fonts is None:
            self._fonts = FontConfiguration()
            self._fetcher = ProjectFetcher([self.templates, self.root / "content"])
        ctx = rendered.context
        product = ctx["product"]
        tries = DENSITIES[rendered.first_density if start is None else start :]
        layouts = 0
        with _weasyprint_warnings() as warnings:
            for density in tries:
                layouts += 1
                html, stylesheet = self._split_style(rendered.html_at(density))
                try:
                    document = self._parse(html).render(
                        font_config=self._fonts, stylesheets=[stylesheet]
                    )
                except ForbiddenResource as exc:
                    raise RenderError(f"{_label(ctx)}: {exc}") from exc
                try:
                    # What names the cause first: a name over its line limit pushes innocent
                    # lines below it past the footer.
                    _check_line_limits(document, _label(ctx))
                    self._check_fit(document, product, ctx)
                    _check_column_ends(document, html, _label(ctx))
                    break
                except FitError:
                    if density == tries[-1]:
                        raise
        if warnings:
            raise RenderError(f"{_label(ctx)}: WeasyPrint reported: " + "; ".join(warnings))
        return Fitted(document, density, layouts, rendered.html_at(density))

    def _parse(self, html: str) -> Any:
        """The page as a weasyprint.HTML, parsed by expat when it is well-formed XML.

        helpkit's templates write XHTML-compatible HTML (void elements closed, no named
        entities but XML's), and everything from content is escaped. Expat reads it in a
        fraction of a millisecond where WeasyPrint's pure-Python HTML5 parser took about a
        tenth of a card's time. The tree is the one the HTML5 parser builds (tests compare the
        PDFs byte for byte); markup that is not well-formed takes the HTML5 parser.
        """
        import cssselect2
        import weasyprint

        base_url = str(self.templates) + "/"
        try:
            root = ElementTree.fromstring(html[html.index("<html") :])
        except (ValueError, ElementTree.ParseError):
            return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=self._fetcher)
        # What weasyprint.HTML.__init__ sets after parsing (WeasyPrint 70, pinned below 71).
        page = weasyprint.HTML.__new__(weasyprint.HTML)
        page.base_url = base_url
        page.url_fetcher = self._fetcher
        page.media_type = "print"
        page.wrapper_element = cssselect2.ElementWrapper.from_html_root(root)
        page.etree_element = page.wrapper_element.etree_element
        return page

    def _split_style(self, html: str) -> tuple[str, Any]:
        """The page's <style> as a parsed stylesheet, parsed once per process.

        Most documents of a build share a stylesheet (one per product, size, density and
        script); tokenising it again for every card was a fifth of the render time.
        """
        import weasyprint

        start = html.find("<style>")
        end = html.find("</style>", start)
        text = html[start + len("<style>") : end]
        sheet = self._styles.get(text)
        if sheet is None:
            sheet = weasyprint.CSS(
                string=text,
                base_url=str(self.templates) + "/",
                url_fetcher=self._fetcher,
                font_config=self._fonts,
            )
            self._styles[text] = sheet
        return html[:start] + html[end + len("</style>") :], sheet

    @staticmethod
    def _check_fit(document: object, product: Product, ctx: TemplateContext) -> None:
        """Content must end where the design says, inside the safe zone.

        A fixed product (a card side, a poster) ends each page with an `end-N` anchor that must
        be on page N; a flowing one (a handout) ends with `end-doc` on its last page, within its
        page range. WeasyPrint clips or spills silently: this turns "text too long for the card"
        into an error instead of a card with a missing line.
        """
        pages = document.pages  # type: ignore[attr-defined]
        label = _label(ctx)
        low, high = product.pages
        if not low <= len(pages) <= high:
            want = str(low) if low == high else f"{low} to {high}"
            hint = (
                "; for this many languages on one sheet, try a larger --size"
                if len(ctx["blocks"]) > 1
                else ""
            )
            spill = ""
            if len(pages) > high:  # name what no longer fits: it starts the first extra page
                first = next(iter(_texts(pages[high])), None)
                spill = f" (page {high + 1} starts with {_quote(first[0])})" if first else ""
            raise FitError(
                f"{label}: the content does not fit: {len(pages)} pages instead of {want}"
                f"{spill}{hint}"
            )
        trim = ctx["trim"]
        # First the text itself, which names the line that does not fit; then the end markers,
        # which catch what is not text (a margin, a picture) pushing past.
        for number, page in enumerate(pages, start=1):
            foot = page.anchors.get(f"foot-{number}")
            _check_text_inside(page, trim, foot[1] if foot else None, f"{label}: page {number}")
            _check_qr_clear(page, f"{label}: page {number}")
        # Positions are CSS px from the top edge of the trimmed page.
        limit = (trim.height - trim.safe) * PX_PER_MM + 0.5
        if product.fixed_pages:
            markers = [(f"end-{n}", n) for n in range(1, len(pages) + 1)]
        else:
            markers = [("end-doc", len(pages))]
        for name, number in markers:
            anchors = pages[number - 1].anchors
            anchor = anchors.get(name)
            if anchor is None:
                raise FitError(f"{label}: page {number} lost its end marker: content moved pages")
            # A footer pinned to the bottom (id foot-N) must not be overlapped by the flow.
            foot = anchors.get(f"foot-{number}")
            last = _last_text(pages[number - 1], anchor[1])
            after = f" after {_quote(last)}" if last else ""
            if foot is not None and anchor[1] > foot[1] + 0.5:
                over = (anchor[1] - foot[1]) / PX_PER_MM
                raise FitError(
                    f"{label}: page {number} runs {over:.1f} mm into its footer{after}; "
                    "shorten the text"
                )
            if anchor[1] > limit:
                over = anchor[1] / PX_PER_MM - (trim.height - trim.safe)
                raise FitError(
                    f"{label}: page {number} runs {over:.1f} mm past the safe zone{after}; "
                    "shorten the text"
                )


_COLUMN_END = re.compile(r'id="(end-(\d+)-[a-z]+)"')


def _check_column_ends(document: Any, html: str, label: str) -> None:
    """A column placed on its own (position: absolute) that runs off the page is cut off by
    WeasyPrint without a word: its lines are not laid out at all, so no check of the text can
    see them. Such a column ends with a marker `end-N-<name>` that must be laid out on page N."""
    for name, number in _COLUMN_END.findall(html):
        pages = document.pages
        page = int(number)
        if page > len(pages) or name not in pages[page - 1].anchors:
            raise FitError(
                f"{label}: page {page}: a column ({name}) runs off the page and would be cut "
                "off; shorten the text"
            )


def _check_line_limits(document: Any, label: str) -> None:
    """An element marked data-max-lines="N" (an organisation's name on a card) may take N
    lines at most: a longer one would push everything below it, and the error would then name
    an innocent line further down. This names the text that is too long."""
    from weasyprint.formatting_structure import boxes

    for number, page in enumerate(document.pages, start=1):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            limit = element.get("data-max-lines") if element is not None else None
            if limit is not None and not isinstance(box, boxes.InlineBox | boxes.TextBox):
                lines = [b for b in _walk(box) if isinstance(b, boxes.LineBox)]
                if len(lines) > int(limit):
                    assert element is not None
                    text = " ".join("".join(element.itertext()).split())
                    raise FitError(
                        f"{label}: page {number}: {_quote(text)} takes {len(lines)} lines where "
                        f"there is room for {limit}; shorten it"
                    )
                continue
            stack.extend(getattr(box, "children", ()) or ())


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _walk(child)


def _texts(page: Any) -> Iterator[tuple[str, float]]:
    """The lines of text on a laid-out page, in document order: (text, bottom in CSS px)."""
    from weasyprint.formatting_structure import boxes

    stack = [page._page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox):
            text = box.text.strip("\u2066\u2067\u2068\u2069 ")
            if text:
                yield text, box.position_y + box.height
        stack.extend(reversed(getattr(box, "children", ()) or ()))


def _last_text(page: Any, y: float) -> str | None:
    """The text that ends lowest above `y` (the end of the flow): what pushed it down."""
    above = [(bottom, text) for text, bottom in _texts(page) if bottom <= y + 0.5]
    return max(above)[1] if above else None


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _label(ctx: TemplateContext) -> str:
    return f"{ctx['product'].id} ({'+'.join(b['lang'].code for b in ctx['blocks'])})"


def _check_qr_clear(page: Any, label: str) -> None:
    """No text over a QR code or its quiet zone: a phone reads neither through letters.

    A word too long for its column runs sideways over the code beside it, inside the safe zone
    and above the footer, where no other check looks.
    """
    from weasyprint.formatting_structure import boxes

    codes: list[tuple[float, float, float, float]] = []
    texts: list[tuple[str, tuple[float, float, float, float]]] = []
    stack: list[tuple[Any, bool]] = [(page._page_box, False)]
    while stack:
        box, in_qr = stack.pop()
        element = getattr(box, "element", None)
        classes = str(element.get("class", "")).split() if element is not None else []
        if element is not None and element.tag == "figure" and "qr" in classes:
            in_qr = True
            svg = next((b for b in _walk(box) if _is_svg(b)), None)
            if svg is not None:
                # The code and three of its four modules of quiet zone: a text's line box may
                # reach into the outermost module with its leading, never its letters.
                view = str(svg.element.get("viewBox", "0 0 0 0")).split()
                modules = float(view[2]) if len(view) == 4 and float(view[2]) > 0 else 0.0
                inset = svg.width / modules if modules else 0.0
                x, y = svg.position_x + inset, svg.position_y + inset
                codes.append((x, y, x + svg.width - 2 * inset, y + svg.height - 2 * inset))
        if isinstance(box, boxes.TextBox) and not in_qr:
            text = box.text.strip("\u2066\u2067\u2068\u2069 ")
            if text:
                x, y = box.position_x, box.position_y
                texts.append((text, (x, y, x + box.width, y + box.height)))
        stack.extend((child, in_qr) for child in getattr(box, "children", ()) or ())
    for x0, y0, x1, y1 in codes:
        for text, (a0, b0, a1, b1) in texts:
            if (
                a0 < x1 - TOLERANCE_PX
                and a1 > x0 + TOLERANCE_PX
                and b0 < y1 - TOLERANCE_PX
                and b1 > y0 + TOLERANCE_PX
            ):
                raise FitError(f"{label}: {_quote(text)} runs over the QR code; shorten the text")


def _is_svg(box: Any) -> bool:
    element = getattr(box, "element", None)
    return element is not None and str(element.tag).rsplit("}", 1)[-1] == "svg"


def _check_text_inside(page: Any, trim: Trim, foot_y: float | None, label: str) -> None:
    """Every line of text lies inside the safe zone, sideways too, and clear of the footer.

    The end marker catches text that runs long in the flow; this catches what it cannot see: a
    number that will not wrap and pushes past the side of a card, or an absolutely placed
    caption that runs down into a pinned footer. It reads WeasyPrint's laid-out box tree (text
    boxes, in CSS px from the trim's top left). Turned text (the labels of tear-off tabs) is
    judged where it is printed: its box turned by the transforms of the boxes around it, which
    must lie inside the safe zone and inside its own footer, never above it.
    """
    from weasyprint.formatting_structure import boxes

    left_edge = trim.safe * PX_PER_MM - TOLERANCE_PX
    right_edge = (trim.width - trim.safe) * PX_PER_MM + TOLERANCE_PX
    bottom_edge = (trim.height - trim.safe) * PX_PER_MM + TOLERANCE_PX
    stack: list[tuple[Any, bool, Any]] = [(page._page_box, False, None)]
    while stack:
        box, in_foot, matrix = stack.pop()
        own = getattr(box, "transformation_matrix", None)  # set by WeasyPrint's layout
        if box.style["transform"] and own is not None:
            matrix = own if matrix is None else own @ matrix
        element = getattr(box, "element", None)
        if element is not None and str(element.get("id", "")).startswith("foot-"):
            in_foot = True  # the footer's own text may sit below its top, nowhere else
        text = box.text.strip("\u2066\u2067\u2068\u2069 ") if isinstance(box, boxes.TextBox) else ""
        if text:
            if matrix is None:
                problem = _straight_problem(
                    box, in_foot, foot_y, left_edge, right_edge, bottom_edge
                )
            else:
                problem = _turned_problem(
                    box, matrix, trim, in_foot, foot_y, left_edge, right_edge, bottom_edge
                )
            if problem:
                raise FitError(f"{label}: {text!r} {problem}; shorten the text")
        stack.extend((child, in_foot, matrix) for child in getattr(box, "children", ()) or ())


def _straight_problem(
    box: Any,
    in_foot: bool,
    foot_y: float | None,
    left_edge: float,
    right_edge: float,
    bottom_edge: float,
) -> str | None:
    x, y = box.position_x, box.position_y
    if x < left_edge:
        return f"runs {(left_edge - x) / PX_PER_MM:.1f} mm past the left edge of the safe zone"
    if x + box.width > right_edge:
        over = (x + box.width - right_edge) / PX_PER_MM
        return f"runs {over:.1f} mm past the right edge of the safe zone"
    if y + _ink_bottom(box) > bottom_edge:
        over = (y + _ink_bottom(box) - bottom_edge) / PX_PER_MM
        return f"runs {over:.1f} mm past the bottom of the safe zone"
    if not in_foot and foot_y is not None and y + box.height > foot_y + TOLERANCE_PX:
        over = (y + box.height - foot_y) / PX_PER_MM
        return f"runs {over:.1f} mm into the footer, inside the safe zone"
    return None


def _turned_problem(
    box: Any,
    matrix: Any,
    trim: Trim,
    in_foot: bool,
    foot_y: float | None,
    left_edge: float,
    right_edge: float,
    bottom_edge: float,
) -> str | None:
    """Where a text box inside transformed boxes lands: its four corners, transformed."""
    # The ink, not the line: a font with tall metrics (Arabic, say) makes a line box far
    # taller than its letters, and turned, that height lies across the page.
    x, w = box.position_x, box.width
    top = box.position_y + _ink_top(box)
    bottom = box.position_y + min(float(box.height), _ink_bottom(box))
    corners = [matrix.transform_point(px, py) for px in (x, x + w) for py in (top, bottom)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    top_edge = trim.safe * PX_PER_MM - TOLERANCE_PX
    turned = "(turned, as on a tear-off tab)"
    if foot_y is not None and in_foot and min(ys) < foot_y - TOLERANCE_PX:
        over = (foot_y - min(ys)) / PX_PER_MM
        return f"{turned} runs {over:.1f} mm out of the top of its footer, over the page above it"
    if min(xs) < left_edge:
        over = (left_edge - min(xs)) / PX_PER_MM
        return f"{turned} runs {over:.1f} mm past the left edge of the safe zone"
    if max(xs) > right_edge:
        over = (max(xs) - right_edge) / PX_PER_MM
        return f"{turned} runs {over:.1f} mm past the right edge of the safe zone"
    if max(ys) > bottom_edge:
        over = (max(ys) - bottom_edge) / PX_PER_MM
        return f"{turned} runs {over:.1f} mm past the bottom of the safe zone"
    if min(ys) < top_edge:
        over = (top_edge - min(ys)) / PX_PER_MM
        return f"{turned} runs {over:.1f} mm past the top of the safe zone"
    if foot_y is not None and not in_foot and max(ys) > foot_y + TOLERANCE_PX:
        over = (max(ys) - foot_y) / PX_PER_MM
        return f"{turned} runs {over:.1f} mm into the footer"
    return None


def _ink_top(box: Any) -> float:
    """How far below its top a text box's ink can begin: the baseline less an ascender."""
    baseline = getattr(box, "baseline", None)
    if baseline is None:
        return 0.0
    return max(0.0, float(baseline) - ASCENDER_EM * float(box.style["font_size"]))


def _ink_bottom(box: Any) -> float:
    """How far below its top a text box's ink can reach: the baseline plus a descender.

    A text box is as tall as its font's line (Arabic and CJK fonts are tall); the ink is not.
    """
    baseline = getattr(box, "baseline", None)
    if baseline is None:
        return float(box.height)
    return float(baseline) + DESCENDER_EM * float(box.style["font_size"])


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings: a missing font or ignored CSS must not pass unseen."""
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
