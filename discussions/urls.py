from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("discussies/", views.thread_index, name="threads"),
    path("discussies/nieuw/", views.thread_new, name="thread_new"),
    path("discussies/gelezen/", views.threads_read, name="threads_read"),
    path("discussies/namen/", views.mention_suggestions, name="mention_suggestions"),
    path("discussies/moderatie/", views.moderation_queue, name="moderation"),
    path("discussies/<int:pk>/", views.thread_detail, name="thread"),
    path("discussies/<int:pk>/reageren/", views.thread_reply, name="thread_reply"),
    path("discussies/<int:pk>/gelezen/", views.thread_read, name="thread_read"),
    path("discussies/<int:pk>/volgen/", views.thread_follow, name="thread_follow"),
    path("discussies/<int:pk>/sluiten/", views.thread_lock, name="thread_lock"),
    path("discussies/<int:pk>/verplaatsen/", views.thread_move, name="thread_move"),
    path("discussies/<int:pk>/onderwerp/", views.thread_rename, name="thread_rename"),
    path("discussies/bericht/<int:pk>/bewerken/", views.post_edit, name="post_edit"),
    path("discussies/bericht/<int:pk>/geschiedenis/", views.post_history, name="post_history"),
    path("discussies/bericht/<int:pk>/melden/", views.post_report, name="post_report"),
    path("discussies/bericht/<int:pk>/verbergen/", views.post_hide, name="post_hide"),
    path("discussies/bericht/<int:pk>/herstellen/", views.post_restore, name="post_restore"),
    path("discussies/bericht/<int:pk>/wissen/", views.post_erase, name="post_erase"),
    path(
        "discussies/bericht/<int:pk>/meldingen-afhandelen/",
        views.post_dismiss_reports,
        name="post_dismiss_reports",
    ),
    path("labels/<slug:slug>/volgen/", views.tag_follow, name="tag_follow"),
    path("voorstellen/", views.proposal_index, name="proposals"),
    path("voorstellen/nieuw/", views.proposal_new, name="proposal_new"),
    path("voorstellen/vergelijkbaar/", views.proposal_similar, name="proposal_similar"),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    path("voorstellen/<int:pk>/wijzigen/", views.proposal_edit, name="proposal_edit"),
    path("voorstellen/<int:pk>/geschiedenis/", views.proposal_history, name="proposal_history"),
    path(
        "voorstellen/<int:pk>/geschiedenis/<int:edit_pk>/verbergen/",
        views.proposal_version_hide,
        name="proposal_version_hide",
    ),
    path(
        "voorstellen/<int:pk>/geschiedenis/<int:edit_pk>/herstellen/",
        views.proposal_version_restore,
        name="proposal_version_restore",
    ),
    path(
        "voorstellen/<int:pk>/geschiedenis/<int:edit_pk>/wissen/",
        views.proposal_version_erase,
        name="proposal_version_erase",
    ),
    path("voorstellen/<int:pk>/intrekken/", views.proposal_withdraw, name="proposal_withdraw"),
    path("voorstellen/<int:pk>/steunen/", views.proposal_support, name="proposal_support"),
    path("voorstellen/<int:pk>/volgen/", views.proposal_follow, name="proposal_follow"),
    path("voorstellen/<int:pk>/status/", views.proposal_status, name="proposal_status"),
    path("voorstellen/<int:pk>/samenvoegen/", views.proposal_merge, name="proposal_merge"),
]
