"""URLs of the registry's back office (under /office/) and a cadre's own record."""

from django.urls import path

from cadres.views import (
    agencies,
    audit,
    cadres,
    home,
    imports,
    jobs,
    planning,
    rotations,
    staffing,
    users,
)

app_name = "cadres"

urlpatterns = [
    path("office/", home.office_home, name="office_home"),
    path("office/cadres/", cadres.cadre_list, name="cadre_list"),
    path("office/cadres/new/", cadres.cadre_create, name="cadre_create"),
    path("office/cadres/accounts/", cadres.cadre_accounts_open, name="cadre_accounts_open"),
    path("office/cadres/export.csv", cadres.cadre_export, {"fmt": "csv"}, name="cadre_export_csv"),
    path(
        "office/cadres/export.xlsx", cadres.cadre_export, {"fmt": "xlsx"}, name="cadre_export_xlsx"
    ),
    path("office/cadres/exports/<int:pk>/", cadres.export_job, name="export_job"),
    path("office/cadres/<int:pk>/", cadres.cadre_detail, name="cadre_detail"),
    path("office/cadres/<int:pk>/edit/", cadres.cadre_edit, name="cadre_edit"),
    path("office/cadres/<int:pk>/history/", cadres.cadre_history, name="cadre_history"),
    path("office/cadres/<int:pk>/account/", cadres.cadre_account_open, name="cadre_account_open"),
    path(
        "office/cadres/<int:pk>/account/link/",
        cadres.cadre_password_link,
        name="cadre_password_link",
    ),
    path("office/cadres/<int:pk>/retirement/", cadres.cadre_retirement, name="cadre_retirement"),
    path("office/agencies/", agencies.agency_tree, name="agency_tree"),
    path("office/agencies/<int:pk>/", agencies.agency_detail, name="agency_detail"),
    path("office/agencies/<int:pk>/edit/", agencies.agency_edit, name="agency_edit"),
    path("office/agencies/<int:parent_pk>/new/", agencies.agency_create, name="agency_create"),
    path("office/agencies/<int:pk>/change/", agencies.agency_change, name="agency_change"),
    path("office/agencies/<int:pk>/split/", agencies.agency_split, name="agency_split"),
    path("office/agencies/<int:pk>/officers/new/", staffing.officer_assign, name="officer_assign"),
    path("office/assignments/<int:pk>/end/", staffing.assignment_end, name="assignment_end"),
    path("office/coverage/", staffing.coverage, name="coverage"),
    path("office/coverage/export.xlsx", staffing.coverage_export, name="coverage_export"),
    path("office/rotations/", rotations.rotation_list, name="rotation_list"),
    path("office/rotations/new/", rotations.rotation_create, name="rotation_create"),
    path("office/rotations/<int:pk>/", rotations.rotation_detail, name="rotation_detail"),
    path(
        "office/rotations/<int:pk>/<str:action>/",
        rotations.rotation_action,
        name="rotation_action",
    ),
    path("office/planning/", planning.planning_register, name="planning_register"),
    path("office/planning/new/", planning.planning_create, name="planning_create"),
    path("office/planning/<int:pk>/", planning.planning_detail, name="planning_detail"),
    path("office/planning/<int:pk>/remove/", planning.planning_remove, name="planning_remove"),
    path("office/import/job/<int:pk>/", imports.import_job, name="import_job"),
    path("office/jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("office/import/<str:kind>/", imports.import_upload, name="import_upload"),
    path("office/import/<str:kind>/preview/", imports.import_preview, name="import_preview"),
    path("office/import/<str:kind>/template.xlsx", imports.import_template, name="import_template"),
    path("office/users/", users.user_list, name="user_list"),
    path("office/users/<int:pk>/", users.user_detail, name="user_detail"),
    path("office/scopes/<int:pk>/withdraw/", users.scope_withdraw, name="scope_withdraw"),
    path("office/audit/", audit.audit_list, name="audit_list"),
    path("me/", home.my_profile, name="my_profile"),
    path("me/notices/", home.my_notices, name="my_notices"),
    path("me/email/", home.login_email_confirm, name="login_email_confirm"),
]
