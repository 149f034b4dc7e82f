"""URLs of the registry's back office (under /office/) and a cadre's own record."""

from django.urls import path

from cadres import views

app_name = "cadres"

urlpatterns = [
    path("office/", views.office_home, name="office_home"),
    path("office/cadres/", views.cadre_list, name="cadre_list"),
    path("office/cadres/new/", views.cadre_create, name="cadre_create"),
    path("office/cadres/accounts/", views.cadre_accounts_open, name="cadre_accounts_open"),
    path("office/cadres/export.csv", views.cadre_export, {"fmt": "csv"}, name="cadre_export_csv"),
    path(
        "office/cadres/export.xlsx", views.cadre_export, {"fmt": "xlsx"}, name="cadre_export_xlsx"
    ),
    path("office/cadres/exports/<int:pk>/", views.export_job, name="export_job"),
    path(
        "office/cadres/exports/<int:pk>/download/",
        views.export_download,
        name="export_download",
    ),
    path("office/cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("office/cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("office/cadres/<int:pk>/history/", views.cadre_history, name="cadre_history"),
    path("office/cadres/<int:pk>/account/", views.cadre_account_open, name="cadre_account_open"),
    path("office/agencies/", views.agency_tree, name="agency_tree"),
    path("office/agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("office/agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("office/agencies/<int:parent_pk>/new/", views.agency_create, name="agency_create"),
    path("office/agencies/<int:pk>/change/", views.agency_change, name="agency_change"),
    path("office/agencies/<int:pk>/split/", views.agency_split, name="agency_split"),
    path("office/agencies/<int:pk>/officers/new/", views.officer_assign, name="officer_assign"),
    path("office/assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("office/coverage/", views.coverage, name="coverage"),
    path("office/coverage/export.xlsx", views.coverage_export, name="coverage_export"),
    path("office/rotations/", views.rotation_list, name="rotation_list"),
    path("office/rotations/new/", views.rotation_create, name="rotation_create"),
    path("office/rotations/<int:pk>/", views.rotation_detail, name="rotation_detail"),
    path(
        "office/rotations/<int:pk>/<str:action>/",
        views.rotation_action,
        name="rotation_action",
    ),
    path("office/import/job/<int:pk>/", views.import_job, name="import_job"),
    path("office/import/<str:kind>/", views.import_upload, name="import_upload"),
    path("office/import/<str:kind>/preview/", views.import_preview, name="import_preview"),
    path("office/import/<str:kind>/template.xlsx", views.import_template, name="import_template"),
    path("me/", views.my_profile, name="my_profile"),
]
