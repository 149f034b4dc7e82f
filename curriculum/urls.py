"""Curriculum URLs outside the page tree (pages themselves are served by Wagtail)."""

from django.urls import path

from curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("search/", views.search, name="search"),
    path(
        "lessons/<int:page_id>/quiz/<str:block_id>/check/",
        views.quiz_check,
        name="quiz_check",
    ),
]
