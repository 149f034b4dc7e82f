"""Curriculum URLs outside the page tree (pages themselves are served by Wagtail)."""

from django.urls import path

from curriculum import views
from curriculum.emulation import views as emulation

app_name = "curriculum"

urlpatterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("search/", views.search, name="search"),
    path(
        "lessons/<int:page_id>/quiz/<str:block_id>/check/",
        views.quiz_check,
        name="quiz_check",
    ),
    # The "Dân vận khéo" movement (back office).
    path("office/emulation/", emulation.emulation_list, name="emulation_list"),
    path("office/emulation/register/", emulation.emulation_register, name="emulation_register"),
    path("office/emulation/assess/", emulation.emulation_queue, name="emulation_queue"),
    path("office/emulation/replicate/", emulation.emulation_replicate, name="emulation_replicate"),
    path("office/emulation/import/", emulation.emulation_import, name="emulation_import"),
    path(
        "office/emulation/import/template.xlsx",
        emulation.emulation_import_template,
        name="emulation_import_template",
    ),
    path(
        "office/emulation/import/<int:pk>/",
        emulation.emulation_import_job,
        name="emulation_import_job",
    ),
    path("office/emulation/<int:pk>/", emulation.emulation_detail, name="emulation_detail"),
    path(
        "office/emulation/<int:pk>/evidence/<int:evidence_pk>/",
        emulation.emulation_evidence,
        name="emulation_evidence",
    ),
    path(
        "office/emulation/<int:pk>/evidence/add/",
        emulation.emulation_evidence_add,
        name="emulation_evidence_add",
    ),
    path("office/emulation/<int:pk>/assess/", emulation.emulation_assess, name="emulation_assess"),
    path("office/emulation/<int:pk>/decide/", emulation.emulation_decide, name="emulation_decide"),
]
