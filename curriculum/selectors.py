"""Reads of curriculum pages for plain views (search); each page builds its own context in
curriculum.models, as Wagtail pages are their own views."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.text import Truncator
from wagtail.models import Page

from curriculum.forms import SearchForm
from curriculum.models import (
    CaseStudyPage,
    CoursePage,
    LessonPage,
    ResourcePage,
)
from curriculum.search import folded_query

SEARCH_PAGE_SIZE = 20
SNIPPET_CHARS = 220
# Public material shows to everyone; lessons and resources only to logged-in users.
PUBLIC_SEARCH_TYPES = (CoursePage, CaseStudyPage)
MEMBER_SEARCH_TYPES = (CoursePage, LessonPage, ResourcePage, CaseStudyPage)


@dataclass(frozen=True)
class SearchHit:
    type_label: str
    title: str
    url: str
    snippet: str


def search_pages(request) -> dict:
    """Courses, lessons, resources and case studies matching ?q=, as this user may see them."""
    params, user = request.GET, request.user
    form = SearchForm(params or None)
    if not form.is_valid():
        return {"form": form, "query": "", "hits": None, "page_obj": None}
    query = form.cleaned_data["q"]
    types = MEMBER_SEARCH_TYPES if user.is_authenticated else PUBLIC_SEARCH_TYPES
    pages = Page.objects.live().type(*types)
    if not user.is_authenticated:
        pages = pages.public()
    results = pages.search(folded_query(query))
    page_obj = Paginator(results, SEARCH_PAGE_SIZE).get_page(params.get("page"))
    ids = [page.pk for page in page_obj.object_list]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    hits = []
    for pk in ids:
        page = specific.get(pk)
        if page is None:
            continue
        hits.append(
            SearchHit(
                type_label=str(page._meta.verbose_name).capitalize(),
                title=page.title,
                url=page.get_url(request),
                snippet=Truncator(getattr(page, "search_snippet", "")).chars(SNIPPET_CHARS),
            )
        )
    return {
        "form": form,
        "query": query,
        "hits": hits,
        "page_obj": page_obj,
        "filter_query": urlencode({"q": query}),
    }
