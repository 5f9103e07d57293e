"""Issue 18: the chair's and the public tables show French labels, never raw codes."""

import html as html_module
import re

import pytest
from django.urls import reverse

from hub.models import CallStatus
from hub.services import selection

from . import builders as b

RAW = ("laureate", "not_retained", "changement-echelle", "scale_up", "selected", "listed", "emergence")


def visible(response):
    html = response.content.decode()
    main = html.split('<main id="contenu"', 1)[1]
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", main))
    return " ".join(text.split())


@pytest.fixture
def results(db, clock):
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=2, n_laureates=1)
    chair = b.make_expert("chair", call, role="chair")
    apps = []
    for i, (halves, maturity) in enumerate([(10, "scale_up"), (8, "emergence"), (7, "consolidation")], 1):
        user, org = b.make_applicant(f"porteur{i}")
        application = b.make_application(call, org, user, n=i, maturity=maturity, consent=False)
        b.make_consensus(application, halves)
        apps.append(application)
    return call, chair, apps


def test_the_chairs_selection_table_reads_in_french(client, results):
    call, chair, apps = results
    selection.run_selection(call, chair.user)
    client.force_login(chair.user)
    text = visible(client.get(reverse("hub:chair-selection", args=[call.slug])))
    assert "Lauréate" in text and "Non retenue" in text and "Parcours changement d'échelle" in text
    assert not [code for code in RAW if re.search(rf"\b{re.escape(code)}\b", text)]


def test_the_public_results_and_pepite_pages_read_in_french(client, results):
    call, chair, apps = results
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat())
    selection.publish_results(call, chair.user)
    pages = [reverse("hub:call-results", args=[call.slug]), reverse("hub:pepite-list")]
    pages += [a.listing.get_absolute_url() for a in apps if hasattr(a, "listing")]
    for url in pages:
        text = visible(client.get(url))
        assert not [code for code in RAW if re.search(rf"\b{re.escape(code)}\b", text)], url
    results_text = visible(client.get(pages[0]))
    assert "Lauréate (Parcours changement d'échelle)" in results_text
    csv = client.get(reverse("hub:call-results-csv", args=[call.slug])).content.decode()
    assert (
        "Lauréate" in csv and "Non retenue" in csv and "not_retained" not in csv and ",laureate," not in csv
    )
