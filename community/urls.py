"""Public reading under /echanges/ (may be cached), everything personal under /communaute/ (never cached)."""

from django.urls import path

from community import feedback, moderation, polls, views

app_name = "community"

urlpatterns = [
    path("echanges/charte/", views.charter, name="charter"),
    path("echanges/pratique/<slug:practice_slug>/", views.practice_threads, name="practice-threads"),
    path("echanges/<int:pk>-<slug:slug>/", views.thread_detail, name="thread"),
    path("communaute/inscription/", views.signup, name="signup"),
    path("communaute/confirmer/<str:token>/", views.confirm_email, name="confirm"),
    path("communaute/confirmer-a-nouveau/", views.resend_confirmation, name="resend-confirmation"),
    path("communaute/mon-compte/", views.account, name="account"),
    path("communaute/moi/", views.member_part, name="member-part"),
    path("communaute/mon-compte/accord/", views.consent, name="consent"),
    path("communaute/mon-compte/export/", views.export, name="export"),
    path("communaute/mon-compte/effacer/", views.erase, name="erase"),
    path("communaute/ecrire/<slug:practice_slug>/", views.new_thread, name="new-thread"),
    path("communaute/fil/<int:pk>/repondre/", views.reply, name="reply"),
    path("communaute/fil/<int:pk>/suivre/", views.follow, name="follow"),
    path("communaute/fil/<int:pk>/animer/", views.manage_page, name="manage"),
    path("communaute/fil/<int:pk>/animer/action/", views.manage_thread, name="manage-action"),
    path("communaute/reponse/<int:pk>/utile/", views.useful, name="useful"),
    path("communaute/<str:kind>/<int:pk>/modifier/", views.edit, name="edit"),
    path("communaute/<str:kind>/<int:pk>/effacer/", views.delete, name="delete"),
    path("communaute/<str:kind>/<int:pk>/signaler/", views.report, name="report"),
    path("communaute/ne-plus-suivre/<str:token>/", views.unfollow, name="unfollow"),
    path("communaute/moderation/", moderation.front_queue, name="moderation"),
    path("communaute/animer/<slug:practice_slug>/", views.animate_practice, name="animate"),
    path("communaute/sondage/<int:pk>/", polls.poll_page, name="poll"),
    path("communaute/avis/<int:page_id>/", feedback.answer, name="feedback"),
    path("communaute/avis/pourquoi/<str:token>/", feedback.reason, name="feedback-reason"),
]
