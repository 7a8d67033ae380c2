from django.urls import path

from . import answer_views, views, views_admin, views_followup

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("avtale/<int:pk>/", views.agreement_evaluation, name="agreement"),
    path("avtale/<int:pk>/egenevaluering/", views.self_evaluation_edit, name="self_evaluation"),
    path("avtale/<int:pk>/egenevaluering/gjenapne/", views.self_evaluation_reopen, name="self_evaluation_reopen"),
    path("avtale/<int:pk>/samtale/", views.conversation, name="conversation"),
    path("avtale/<int:pk>/samtale.ics", views.conversation_ics, name="conversation_ics"),
    path("avtale/<int:pk>/vurdering/", views.assessment_edit, name="assessment"),
    path("avtale/<int:pk>/tilbakemelding/", views.leader_feedback, name="leader_feedback"),
    path("avtale/<int:pk>/kvitter/", views.acknowledge, name="acknowledge"),
    path("avtale/<int:pk>/maalinger/", views_followup.measurements, name="measurements"),
    path("avtale/<int:pk>/maalinger/import/", views_followup.measurements_import, name="measurements_import"),
    path("avtale/<int:pk>/maalinger/mal.csv", views_followup.measurements_sample, name="measurements_sample"),
    path("avtale/<int:pk>/maalinger/<int:measurement_pk>/slett/", views_followup.measurement_delete,
         name="measurement_delete"),
    path("avtale/<int:pk>/innhenting/ny/", views_followup.input_request_new, name="input_request_new"),
    path("avtale/<int:pk>/justering/", views_followup.midyear, name="midyear"),
    path("innhenting/<int:pk>/", views_followup.input_request_detail, name="input_request"),
    path("innhenting/<int:pk>/lukk/", views_followup.input_request_close, name="input_request_close"),
    path("innhenting/<int:pk>/paminn/", views_followup.input_request_remind, name="input_request_remind"),
    path("svar/takk/", answer_views.thanks, name="answer_thanks"),
    path("svar/<str:token>/", answer_views.answer, name="answer"),
    path("invitasjon/<int:pk>/", answer_views.answer_invitation, name="answer_invitation"),
    path("lonn/<int:period_pk>/", views_admin.pay_summary, name="pay_summary"),
    path("lonn/<int:period_pk>/eksport.xlsx", views_admin.pay_summary_export, name="pay_summary_export"),
    path("lonn/<int:period_pk>/<int:superior_pk>/", views_admin.pay_summary, name="pay_summary_for"),
    path("lonn/<int:period_pk>/<int:superior_pk>/eksport.xlsx", views_admin.pay_summary_export,
         name="pay_summary_export_for"),
    path("skalaer/", views_admin.scales, name="scales"),
]
