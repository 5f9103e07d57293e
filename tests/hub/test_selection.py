"""The selection: a pure function of the recorded data with published thresholds and tie-breaks."""

import copy

import pytest

from hub.exceptions import ConflictOfInterest, HubError
from hub.models import AuditEvent, CallStatus, Override, PublicListing, SupportActivity
from hub.services import selection
from hub.services.selection import build_inputs, canonical_hash, select

from . import builders as b

CRITERIA = [{"code": c, "weight": w, "threshold_half": t, "tie_break_rank": r} for c, _, w, t, r in b.GRID]
PATHS = [
    {"code": "emergence", "maturity": "emergence", "capacity": 1, "order": 0},
    {"code": "consolidation", "maturity": "consolidation", "capacity": 1, "order": 1},
    {"code": "changement-echelle", "maturity": "scale_up", "capacity": 1, "order": 2},
]


def inputs(apps, n_selected=12, n_laureates=3, votes=None, overrides=None):
    return {
        "algorithm_version": "test",
        "call": {
            "year": 2026,
            "n_selected": n_selected,
            "n_laureates": n_laureates,
            "overall_threshold": "60",
        },
        "criteria": CRITERIA,
        "paths": PATHS,
        "applications": apps,
        "tie_votes": votes or {},
        "overrides": overrides or [],
    }


def app(i, halves, maturity="emergence", consent=True):
    if isinstance(halves, int):
        halves = dict.fromkeys(b.CODES, halves)
    return {"id": i, "pseudonym": f"P-{i}", "maturity": maturity, "consent": consent, "consensus": halves}


def outcome_of(result, i):
    return next(r for r in result["ranking"] if r["id"] == i)


def test_criterion_threshold_eliminates_despite_high_total():
    # EU 5/5/2 case: excellent everywhere but 2/5 on C4 (threshold 3).
    halves = dict.fromkeys(b.CODES, 10) | {"C4": 4}
    result = select(inputs([app(1, halves)]))
    row = outcome_of(result, 1)
    assert float(row["total"]) >= 80
    assert row["passes"] is False and row["outcome"] == "listed"
    assert "C4 sous le seuil" in row["reasons"][0]
    assert result["selected"] == []


def test_exactly_12_selected_and_top_3_laureates():
    apps = [
        app(i, dict.fromkeys(b.CODES, 10 - i % 5) | {"C3": i % 11}, maturity=m)
        for i, m in zip(range(1, 21), ["emergence", "consolidation", "scale_up"] * 7)
    ]
    data = inputs(apps)
    data["paths"] = [dict(p, capacity=None) for p in PATHS]  # unlimited places: every laureate gets its path
    result = select(data)
    assert result["is_complete"], result["unresolved_ties"]
    assert len(result["selected"]) == 12
    assert len(result["laureates"]) == 3
    assert result["laureates"] == result["selected"][:3]
    outcomes = [r["outcome"] for r in result["ranking"]]
    assert outcomes.count("laureate") == 3 and outcomes.count("selected") == 9
    assert all(r["path"] for r in result["ranking"] if r["outcome"] == "laureate")


def test_fewer_than_12_above_threshold_selects_fewer():
    apps = [app(i, 8) for i in range(1, 6)] + [app(i, 4) for i in range(6, 20)]  # 8/10 = 80; 4/10 = 40
    result = select(inputs(apps))
    assert len(result["selected"]) == 5
    assert all(outcome_of(result, i)["outcome"] in ("listed", "not_retained") for i in range(6, 20))


def test_tie_break_chain_order():
    # Same total (80): the published chain is C2, then C4, then C1.
    base = dict.fromkeys(b.CODES, 8)
    a = app(1, base | {"C2": 10, "C5": 3})
    c = app(2, base | {"C4": 10, "C6": 4})
    d = app(3, base | {"C1": 10, "C6": 4})
    result = select(inputs([d, c, a]))
    assert [outcome_of(result, i)["total"] for i in (1, 2, 3)] == ["80.00", "80.00", "80.00"]
    assert result["selected"] == ["P-1", "P-2", "P-3"]
    assert not result["unresolved_ties"]


def test_unresolved_tie_at_cut_requires_recorded_vote():
    apps = [app(1, 10), app(2, 8), app(3, 8)]
    result = select(inputs(apps, n_selected=2, n_laureates=1))
    assert result["unresolved_ties"] == [["P-2", "P-3"]]
    assert result["is_complete"] is False
    voted = select(inputs(apps, n_selected=2, n_laureates=1, votes={"3": 1, "2": 2}))
    assert voted["is_complete"] is True
    assert voted["selected"] == ["P-1", "P-3"]


def test_path_assignment_by_maturity_and_capacity():
    apps = [app(1, 10, "consolidation"), app(2, 9, "consolidation"), app(3, 8, "scale_up")]
    result = select(inputs(apps))
    assert outcome_of(result, 1)["path"] == "consolidation"
    assert outcome_of(result, 2)["path"] is None  # capacity 1 is used: the committee decides
    assert outcome_of(result, 3)["path"] == "changement-echelle"
    assert result["path_decisions_needed"] == ["P-2"] and not result["is_complete"]
    decided = select(inputs(apps, overrides=[{"application": 2, "kind": "path", "path": "emergence"}]))
    assert outcome_of(decided, 2)["path"] == "emergence" and decided["is_complete"]


def test_eligible_unselected_with_consent_listed_without_consent_not_listed():
    apps = [app(1, 10), app(2, 4, consent=True), app(3, 4, consent=False)]
    result = select(inputs(apps))
    assert outcome_of(result, 2)["outcome"] == "listed"
    assert outcome_of(result, 3)["outcome"] == "not_retained"


def test_selection_is_deterministic_same_inputs_same_hash():
    apps = [
        app(i, (i * 7) % 11, maturity=["emergence", "consolidation", "scale_up"][i % 3]) for i in range(1, 30)
    ]
    data = inputs(apps)
    first = select(copy.deepcopy(data))
    second = select(copy.deepcopy(list(reversed(apps))) and copy.deepcopy(data))
    assert canonical_hash(first) == canonical_hash(second)
    shuffled = inputs(list(reversed(apps)))
    assert select(shuffled)["ranking"] == first["ranking"]


# --- With the database -----------------------------------------------------------------------------------------


@pytest.fixture
def deliberation(db, clock):
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=2, n_laureates=1)
    chair = b.make_expert("chair", call, role="chair")
    apps = []
    for i, (halves, consent) in enumerate([(10, True), (8, True), (7, False), (4, True)], start=1):
        user, org = b.make_applicant(f"porteur{i}")
        application = b.make_application(call, org, user, n=i, consent=consent)
        b.make_consensus(application, halves)
        apps.append(application)
    return call, chair, apps


def test_run_is_re_runnable_with_the_same_hashes(deliberation):
    call, chair, _ = deliberation
    first = selection.run_selection(call, chair.user)
    second = selection.run_selection(call, chair.user)
    assert first.inputs_hash == second.inputs_hash and first.result_hash == second.result_hash
    assert first.inputs_hash == canonical_hash(build_inputs(call))
    assert AuditEvent.objects.filter(verb="selection.run").count() == 2


def test_override_requires_justification_and_is_audited(deliberation):
    call, chair, apps = deliberation
    with pytest.raises(HubError, match="justification"):
        selection.record_override(call, chair.user, apps[0], kind=Override.Kind.EXCLUDE, justification="  ")
    selection.record_override(
        call,
        chair.user,
        apps[0],
        kind=Override.Kind.EXCLUDE,
        justification="Pratique déjà financée par ailleurs (vote 12 pour, 2 contre).",
    )
    event = AuditEvent.objects.get(verb="selection.override")
    assert event.payload["justification"].startswith("Pratique déjà financée")
    result = selection.run_selection(call, chair.user).result
    assert "P-101" not in result["selected"]


def test_conflicted_expert_cannot_vote_on_a_tie(deliberation):
    call, chair, apps = deliberation
    voter = b.make_expert("voter", call)
    b.declare(voter, apps[1])
    with pytest.raises(ConflictOfInterest):
        selection.record_tie_vote(
            call, chair.user, apps[1], position=1, minutes="Vote à main levée.", voters=[voter, chair]
        )


def test_publish_writes_outcomes_listings_and_support_activities(deliberation, mailoutbox):
    call, chair, apps = deliberation
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat())
    selection.publish_results(call, chair.user)
    call.refresh_from_db()
    assert call.status == CallStatus.RESULTS_PUBLISHED
    outcomes = {a.pk: a.outcome.outcome for a in apps}
    assert outcomes == {
        apps[0].pk: "laureate",
        apps[1].pk: "selected",
        apps[2].pk: "not_retained",
        apps[3].pk: "listed",
    }
    assert apps[0].outcome.path.code == "emergence"
    assert set(PublicListing.objects.values_list("application_id", flat=True)) == {
        apps[0].pk,
        apps[1].pk,
        apps[3].pk,
    }
    assert SupportActivity.objects.filter(application=apps[0]).count() == 5
    assert SupportActivity.objects.filter(application=apps[1]).count() == 4
    assert len(mailoutbox) == 4
    with pytest.raises(HubError):
        selection.finalise_run(selection.run_selection(call, chair.user), chair.user)


def test_finalising_refuses_a_run_whose_inputs_changed(deliberation):
    call, chair, apps = deliberation
    run = selection.run_selection(call, chair.user)
    apps[0].consensus.scores.filter(criterion__code="C3").update(score_half=2)
    with pytest.raises(HubError, match="relancez"):
        selection.finalise_run(run, chair.user)


def test_publication_needs_the_secretariat_to_confirm_what_the_chair_finalised(client, deliberation):
    from hub.exceptions import HubError

    call, chair, apps = deliberation
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    client.force_login(chair.user)
    selection_url = f"/positivehub/presidence/{call.slug}/selection/"
    assert "En attente de la confirmation du secrétariat" in client.get(selection_url).content.decode()
    response = client.post(selection_url, {"action": "publish"}, follow=True)
    assert "Le secrétariat doit d&#x27;abord confirmer" in response.content.decode()
    call.refresh_from_db()
    assert call.status == CallStatus.DELIBERATION

    with pytest.raises(HubError, match="Deux personnes différentes"):
        secretary_chair = chair.user  # the chair cannot be her own second person, even with the role
        from django.contrib.auth.models import Group

        secretary_chair.groups.add(Group.objects.get_or_create(name="Secrétariat PositiveHub")[0])
        del secretary_chair._hub_groups
        selection.confirm_run(run, secretary_chair)
    secretariat = b.make_secretariat()
    client.force_login(secretariat)
    page = client.get(f"/positivehub/secretariat/{call.slug}/").content.decode()
    assert "Confirmer la sélection définitive" in page and run.result_hash in page
    client.post(f"/positivehub/secretariat/{call.slug}/etat/", {"action": "confirm_run"})
    run.refresh_from_db()
    assert run.confirmed_by == secretariat
    client.force_login(chair.user)
    client.post(selection_url, {"action": "publish"})
    call.refresh_from_db()
    assert call.status == CallStatus.RESULTS_PUBLISHED
