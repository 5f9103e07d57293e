from django.urls import path

from .views import applicant, calls, chair, expert, pepites, public, secretariat

app_name = "hub"

urlpatterns = [
    path("", public.index, name="index"),
    path("inscription/", public.signup, name="signup"),
    path("inscription/confirmer/<str:token>/", public.signup_confirm, name="signup-confirm"),
    path("donnees-personnelles/", public.privacy, name="privacy"),
    path("pepites/", pepites.pepite_list, name="pepite-list"),
    path("pepites/<slug:slug>/", pepites.pepite_detail, name="pepite-detail"),
    path("priorites/", pepites.priorities, name="priorities"),
    path("comite-scientifique/", pepites.committee, name="committee"),
    # Applicants
    path("candidature/", applicant.dashboard, name="applicant-dashboard"),
    path("candidature/nouvelle/<slug:call_slug>/", applicant.start, name="application-start"),
    path("candidature/<int:pk>/", applicant.detail, name="application-detail"),
    path("candidature/<int:pk>/etape/<int:step>/", applicant.step_view, name="application-step"),
    path("candidature/<int:pk>/deposer/", applicant.submit, name="application-submit"),
    path("candidature/<int:pk>/retirer/", applicant.withdraw, name="application-withdraw"),
    path("candidature/<int:pk>/recours/", applicant.appeal, name="application-appeal"),
    path(
        "candidature/<int:pk>/pieces/<int:attachment_pk>/",
        applicant.attachment_download,
        name="attachment-download",
    ),
    path(
        "candidature/<int:pk>/pieces/<int:attachment_pk>/supprimer/",
        applicant.attachment_delete,
        name="attachment-delete",
    ),
    path("candidature/<int:pk>/resultat/", applicant.result, name="application-result"),
    path("candidature/<int:pk>/rapport.txt", applicant.report_download, name="application-report"),
    path("candidature/<int:pk>/rapport.pdf", applicant.report_pdf, name="application-report-pdf"),
    # Committee
    path("comite/", expert.dashboard, name="expert-dashboard"),
    path("comite/charte/", expert.charter, name="expert-charter"),
    path("comite/calibration/<slug:call_slug>/", expert.calibration, name="expert-calibration"),
    path(
        "comite/calibration/<slug:call_slug>/<int:pk>/",
        expert.calibration_example,
        name="expert-calibration-example",
    ),
    path("comite/dossiers/<int:pk>/conflit/", expert.conflict, name="expert-conflict"),
    path("comite/dossiers/<int:pk>/", expert.application_view, name="expert-application"),
    path("comite/dossiers/<int:pk>/evaluation/", expert.review_view, name="expert-review"),
    path("comite/dossiers/<int:pk>/avis/", expert.reviews_view, name="expert-reviews"),
    path("comite/dossiers/<int:pk>/consensus/", expert.consensus_view, name="consensus"),
    # Secretariat
    path("secretariat/", secretariat.dashboard, name="secretariat-dashboard"),
    path("secretariat/dossiers/<int:pk>/", secretariat.application_view, name="secretariat-application"),
    path("secretariat/dossiers/<int:pk>/fiche-pratique/", secretariat.practice_draft, name="practice-draft"),
    path("secretariat/appels/nouveau/", calls.call_create, name="call-create"),
    path("secretariat/appels/copier/", calls.call_copy, name="call-copy"),
    path("secretariat/<slug:call_slug>/modifier/", calls.call_edit, name="call-edit"),
    path("secretariat/<slug:call_slug>/apercu/", calls.call_preview, name="call-preview"),
    path("secretariat/<slug:call_slug>/", secretariat.call_view, name="secretariat-call"),
    path(
        "secretariat/<slug:call_slug>/etat/", secretariat.call_transition, name="secretariat-call-transition"
    ),
    path(
        "secretariat/<slug:call_slug>/affectations/",
        secretariat.assignments_view,
        name="secretariat-assignments",
    ),
    path("secretariat/<slug:call_slug>/suivi/", secretariat.follow_up, name="secretariat-follow-up"),
    path(
        "secretariat/<slug:call_slug>/accompagnement/", secretariat.support_view, name="secretariat-support"
    ),
    path(
        "secretariat/<slug:call_slug>/export/candidatures.csv",
        secretariat.export_applications,
        name="export-applications",
    ),
    path("secretariat/<slug:call_slug>/export/journal.csv", secretariat.export_audit, name="export-audit"),
    # Chair
    path("presidence/<slug:call_slug>/", chair.ranking, name="chair-ranking"),
    path("presidence/<slug:call_slug>/dossiers/<int:pk>/", chair.application_view, name="chair-application"),
    path(
        "presidence/<slug:call_slug>/evaluations/<int:review_pk>/rouvrir/", chair.reopen, name="chair-reopen"
    ),
    path("presidence/<slug:call_slug>/conflits/", chair.conflicts, name="chair-conflicts"),
    path("presidence/<slug:call_slug>/dossiers/<int:pk>/affecter/", chair.assign_more, name="chair-assign"),
    path(
        "presidence/<slug:call_slug>/consensus/prolonger/",
        chair.extend_consensus,
        name="chair-extend-consensus",
    ),
    path("presidence/<slug:call_slug>/selection/", chair.selection_view, name="chair-selection"),
    path("presidence/<slug:call_slug>/export/matrice.csv", chair.export_matrix, name="export-matrix"),
    # Public pages of a call (last: the call slug is free text)
    path("<slug:call_slug>/", public.call_detail, name="call-detail"),
    path("<slug:call_slug>/resultats/", public.call_results, name="call-results"),
    path("<slug:call_slug>/resultats.csv", public.call_results_csv, name="call-results-csv"),
]
