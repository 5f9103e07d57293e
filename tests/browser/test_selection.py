"""« Ma sélection » in a real browser, at two sizes: a reader adds two practices from their pages (the browser
remembers them, the status says so), opens « Ma sélection », compares them side by side, removes one, and the
page's address, opened by someone else, shows the same comparison; axe finds nothing."""

import re

import pytest

from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
def test_a_reader_compares_two_practices_and_shares_the_comparison(demo_site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    for slug in ("vigilans", "dialogue-ouvert"):
        page.goto(f"{demo_site}/bonnes-pratiques/{slug}/")
        button = page.get_by_role("button", name="Ajouter à ma sélection")
        button.click()
        assert (
            page.get_by_role("button", name="Retirer de ma sélection").get_attribute("aria-pressed") == "true"
        )
        assert (
            "Ajoutée à votre sélection."
            in page.get_by_role("status").filter(has_text="sélection").inner_text()
        )
    assert axe_violations(page) == []

    page.get_by_role("link", name=re.compile(r"Voir ma sélection \(2 sur 4\)")).click()
    page.wait_for_url(re.compile(r"/ma-selection/\?p=\d+&p=\d+$"))
    table = page.get_by_role("table", name="Comparaison de 2 pratiques")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers[0].startswith("VigilanS") and headers[1].startswith("Le dialogue ouvert")
    assert table.get_by_role("rowheader", name="Niveau de preuve").count() == 1
    assert axe_violations(page) == []
    shared = page.url
    with page.expect_download() as pdf:  # the document for the PTSM, opened as its reader opens it
        page.get_by_role("link", name="télécharger le document PDF").click()
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert (
        "VigilanS" in text and "5. Équipes d'appui" in text and pdf.value.suggested_filename.endswith(".pdf")
    )

    page.goto(demo_site + "/ma-selection/")  # the browser remembers: back to the same comparison
    page.wait_for_url(shared)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Retirer Le dialogue ouvert")).click()
    assert page.get_by_role("table", name="Comparaison de 1 pratique").count() == 1

    other = browser.new_context(viewport=viewport).new_page()  # someone who receives the link
    other.goto(shared)
    assert other.get_by_role("table", name="Comparaison de 2 pratiques").count() == 1
    other.context.close()
    context.close()
