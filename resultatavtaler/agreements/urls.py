from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("start/<int:period_pk>/", views.agreement_start_view, name="start"),
    path("start/<int:period_pk>/for/<int:person_pk>/", views.agreement_start_for, name="start_for"),
    path("til-godkjenning/", views.to_review, name="to_review"),
    path("min-enhet/", views.unit_agreements, name="unit"),
    path("sammenheng/", views.alignment, name="alignment"),
    # One agreement
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/handling/<slug:action>/", views.agreement_action, name="action"),
    path("<int:pk>/gjennomgang/", views.review, name="review"),
    path("<int:pk>/reforhandling/", views.agreement_renegotiate, name="renegotiate"),
    path("<int:pk>/historikk/", views.agreement_history, name="history"),
    path("<int:pk>/endringer/", views.agreement_changes, name="changes"),
    path("<int:pk>/versjoner/<int:old>/<int:new>/", views.agreement_diff, name="diff"),
    path("<int:pk>/tekst/<slug:key>/", views.section_edit, name="section_edit"),
    path("<int:pk>/offentlighet/", views.publication, name="publication"),
    path("<int:pk>/krav/ny/<slug:category>/", views.requirement_add, name="requirement_add"),
    path("<int:pk>/krav/<int:req_pk>/", views.requirement_edit, name="requirement_edit"),
    path("<int:pk>/krav/<int:req_pk>/flytt/", views.requirement_move, name="requirement_move"),
    path("<int:pk>/krav/<int:req_pk>/fjern/", views.requirement_remove, name="requirement_remove"),
    path("<int:pk>/krav/<int:req_pk>/indikator/ny/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/indikator/<int:ind_pk>/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/indikator/<int:ind_pk>/fjern/", views.indicator_remove, name="indicator_remove"),
    # Administration
    path("admin/", views.admin_index, name="admin"),
    path("admin/perioder/ny/", views.period_new, name="period_new"),
    path("admin/perioder/<int:pk>/", views.period_detail, name="period_detail"),
    path("admin/perioder/<int:pk>/deltakere/", views.period_participants, name="period_participants"),
    path("perioder/<int:period_pk>/maal/", views.goals, name="goals"),
    path("perioder/<int:period_pk>/maal/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("perioder/<int:period_pk>/maal/<int:goal_pk>/slett/", views.goal_delete, name="goal_delete"),
    path("perioder/<int:period_pk>/felles-krav/", views.common_requirements, name="common_requirements"),
    path(
        "perioder/<int:period_pk>/felles-krav/fra-mal/",
        views.common_requirements_adopt,
        name="common_requirements_adopt",
    ),
    path("felles-krav/<int:pk>/", views.common_requirement_edit, name="common_requirement_edit"),
    path("felles-krav/<int:pk>/slett/", views.common_requirement_delete, name="common_requirement_delete"),
    path("admin/maler/", views.templates, name="templates"),
    path("admin/maler/<int:pk>/", views.template_edit, name="template_edit"),
    path("admin/maler/<int:pk>/kopier/", views.template_copy, name="template_copy"),
    path("admin/raad/", views.advice_settings, name="advice_settings"),
]
