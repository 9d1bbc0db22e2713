"""What is printed says only what its sources say: read back from the PDFs.

The review of the content against the guidance page found promises the page never makes
("free and confidential", "nothing happens unless you say yes"), a duty stated as certain where
the law says "may", and a check date nobody checked on. These tests read the printed words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import pdfread
from generator.build import BuildOptions, build
from generator.checks import check
from generator.content.load import load_content
from generator.report import BufferReporter
from tests.helpers import build_one, edit

# Words that promise what no source in content/sources.yaml supports, per language the
# victim products are checked in (nb and the en translation).
PROMISES = {
    "nb": [
        "gratis",
        "fortrolig",
        "konfidensiell",
        "anonym",
        "uten at du sier ja",
        "bestemmer selv",
    ],
    "en": ["free", "confidential", "anonymous", "unless you say yes", "you decide"],
}


def _text(path: Path) -> str:
    return " ".join(pdfread.text(path, page) for page in range(pdfread.page_count(path)))


@pytest.fixture(scope="module")
def victim_products(repo_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("victim")
    return build(
        repo_project,
        BuildOptions(products=["card-help", "poster"], langs=["nb", "en"], size="A4", out=out),
        BufferReporter(),
    )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_victim_products_promise_nothing_the_sources_do_not(victim_products, lang):
    files = [f for f in victim_products.files if f.lang == lang]
    assert {f.product for f in files} == {"card-help", "poster"}
    for record in files:
        printed = _text(victim_products.out / record.path).lower()
        assert "22 33 11 60" in printed  # the text was read at all
        for word in PROMISES[lang]:
            assert word not in printed, (record.path, word)


def test_the_help_cards_outer_face_names_no_crime_and_one_number(victim_products):
    card = victim_products.out / "card-help/card-help-nb.pdf"
    outer = pdfread.text(card, 0)
    assert "Helse og hjelp" in outer and "Ring" in outer and "22 33 11 60" in outer
    for word in ("menneskehandel", "utnyttet", "tvunget", "politi"):
        assert word not in outer.lower()


def test_the_duty_to_avert_is_printed_as_may_have(built_cards):
    front = pdfread.text(built_cards.out / "card-professional/card-professional-nb.pdf", 0)
    flat = " ".join(front.split())
    assert "kan ha plikt til å prøve å avverge" in flat
    assert "har du plikt" not in flat and "Du har plikt" not in flat


def test_the_date_printed_is_the_sources_not_an_invented_check(built_cards):
    back = pdfread.text(built_cards.out / "card-professional/card-professional-nb.pdf", 1)
    assert "Kilde oppdatert 6. januar 2021" in back
    assert "kontrollert" not in back


def test_a_date_a_person_confirmed_is_printed_as_such(project_copy, tmp_path):
    # When every printed contact carries verified_on, the card prints that date instead.
    contacts = project_copy.content / "contacts.yaml"
    text = contacts.read_text()
    contacts.write_text(
        text.replace(
            "    review_by: 2022-01-06", "    verified_on: 2026-11-02\n    review_by: 2027-11-02"
        )
    )
    result = build_one(project_copy.root, "card-professional", "nb", tmp_path / "out")
    assert result.exit_code == 0, result.output
    back = pdfread.text(tmp_path / "out/card-professional/card-professional-nb.pdf", 1)
    assert "Kontakter kontrollert 2. november 2026" in back


def _unconfirmed(project_copy):
    """Mark the help card's third question as waiting for confirmation."""
    edit(
        project_copy.content / "ui.yaml",
        """  help.q3:
    text: Er du redd for å dra?
    basis:
      - {source: ilo-indicators, quote: "Intimidation and threats"}
      - {source: ilo-indicators, quote: "Restriction of movement"}""",
        """  help.q3:
    text: Er du redd for å dra?
    needs_confirmation: ROSA""",
    )


def test_check_lists_every_unconfirmed_claim(project_copy):
    _unconfirmed(project_copy)
    warnings = check(project_copy).warnings
    found = [w for w in warnings if "unconfirmed claim" in w]
    assert len(found) == 1
    assert re.match(
        r"content/ui\.yaml:\d+: ui:help\.q3: unconfirmed claim 'Er du redd for å dra\?' "
        r"\(needs confirmation by ROSA\); not printed unless --allow-unconfirmed$",
        found[0],
    )


def test_an_unconfirmed_claim_is_printed_only_when_allowed(project_copy, tmp_path):
    _unconfirmed(project_copy)
    plain = build_one(project_copy.root, "card-help", "nb", tmp_path / "a")
    assert plain.exit_code == 0, plain.output
    inner = pdfread.text(tmp_path / "a/card-help/card-help-nb.pdf", 1)
    assert "Blir du tvunget til å jobbe?" in inner
    assert "redd for å dra" not in inner
    allowed = build_one(project_copy.root, "card-help", "nb", tmp_path / "b", "--allow-unconfirmed")
    assert allowed.exit_code == 0, allowed.output
    assert "redd for å dra" in pdfread.text(tmp_path / "b/card-help/card-help-nb.pdf", 1)


def test_a_sentence_without_a_source_is_refused(project_copy):
    from generator.errors import ContentError

    edit(
        project_copy.content / "ui.yaml",
        "  help.outer_title: Helse og hjelp",
        "  help.outer_title: Helt gratis og anonymt.",
    )
    with pytest.raises(
        ContentError,
        match=r"content/ui\.yaml:\d+: ui\.help\.outer_title: is a "
        r"sentence, so it makes a claim",
    ):
        load_content(project_copy.root)


@pytest.mark.parametrize("product", ["poster-staff", "handout"])
def test_a_possible_minor_is_asked_about_in_any_case_on_the_decision_path(
    repo_project, content, product
):
    # The page: "Hvis personen kan være mindreårig, bør barnevernet kontaktes umiddelbart", acute
    # danger or not. The flowchart reaches that question by "Uansett", never only by "Nei".
    from generator.document import Document
    from generator.products import PRODUCTS
    from generator.render.pdf import Renderer

    spec = PRODUCTS[product]
    document = Document.of(content, spec, ("nb",), spec.default_sizes[0])
    html = Renderer(repo_project, content).html(document).html
    links = re.findall(
        r'class="flow-link">.*?<span>(.*?)</span>.*?data-section="([a-z-]+)"', html, re.S
    )
    assert dict((section, word) for word, section in links) == {
        "minor": "Uansett",
        "adult": "Nei",
        "duty": "Uansett",
    }


def test_a_contact_claim_waiting_for_confirmation_is_withheld_until_allowed(project_copy):
    from generator.render.context import ContactView, Translator

    edit(
        project_copy.content / "contacts.yaml",
        """    offers: Retur- og reintegreringsprogram.
    source: guidance-page
    basis:
      - {source: guidance-page, quote: "IOM Norge (retur- og reintegreringsprogram)"}""",
        """    offers: Retur- og reintegreringsprogram, også for familier.
    source: guidance-page
    needs_confirmation: IOM Norge""",
    )
    content = load_content(project_copy.root)
    iom = content.contacts["iom"]
    assert iom.offers is not None and iom.offers.unconfirmed == "IOM Norge"
    assert [t.context for t in content.unconfirmed()] == ["contact:iom:offers"]
    tr = Translator(content, "nb")
    assert ContactView(iom, tr).offers is None
    assert ContactView(iom, tr, allow_unconfirmed=True).offers == (
        "Retur- og reintegreringsprogram, også for familier."
    )
    assert any("contact:iom:offers: unconfirmed claim" in w for w in check(project_copy).warnings)
