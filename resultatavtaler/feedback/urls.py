from django.urls import path

from . import answer_views, views

app_name = "feedback"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.round_start, name="start"),
    path("oversikt/", views.overview, name="overview"),
    path("sporsmal/", views.bank, name="bank"),
    path("sporsmal/endre/", views.bank_change, name="bank_change"),
    path("runde/<int:pk>/", views.round_detail, name="round"),
    path("runde/<int:pk>/foresla/", views.rater_propose, name="propose"),
    path("runde/<int:pk>/trekk/<int:invitation_pk>/", views.rater_withdraw, name="withdraw"),
    path("runde/<int:pk>/send-til-godkjenning/", views.round_submit, name="submit"),
    path("runde/<int:pk>/godkjenning/", views.round_approve, name="approve"),
    path("runde/<int:pk>/lukk/", views.round_close, name="close"),
    path("runde/<int:pk>/avbryt/", views.round_cancel, name="cancel"),
    path("runde/<int:pk>/profil/", views.profile, name="profile"),
    path("runde/<int:pk>/profil.pdf", views.profile_pdf, name="profile_pdf"),
    path("runde/<int:pk>/profil/deling/", views.profile_share, name="profile_share"),
    path("runde/<int:pk>/utviklingsplan/", views.development_plan, name="plan"),
    path("runde/<int:pk>/utviklingsplan/<int:item_pk>/slett/", views.development_item_delete, name="plan_delete"),
    path("svar/takk/", answer_views.thanks, name="thanks"),
    path("svar/<str:token>/", answer_views.answer, name="answer"),
    path("svar/<str:token>/<int:step>/", answer_views.answer, name="answer_step"),
    path("invitasjon/<int:pk>/", answer_views.answer_invitation, name="answer_invitation"),
    path("invitasjon/<int:pk>/<int:step>/", answer_views.answer_invitation, name="answer_invitation_step"),
]
