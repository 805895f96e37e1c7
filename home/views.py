import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.models import Locale, Page

from .exports import SafeCSVExportMixin

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Search engines give meaning to quotes, brackets, stars, colons and the
# like (a lone quote is a syntax error for SQLite's full-text search, a NUL
# for PostgreSQL): a visitor's query keeps words only.
NOT_A_WORD = re.compile(r"[^\w'’-]+")


def clean_query(text):
    """The words of a visitor's query, at most MAX_QUERY_LENGTH characters."""
    words = NOT_A_WORD.sub(" ", text[: MAX_QUERY_LENGTH * 2]).split()
    words = [word.strip("'’-") for word in words]
    return " ".join(word for word in words if word)[:MAX_QUERY_LENGTH].strip()


def search(request):
    query = clean_query(request.GET.get("query", ""))
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().specific()
        locale = Locale.get_active()
        if locale:
            pages = pages.filter(locale=locale)
        results = pages.search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "pages/search.html",
        {"search_query": query, "search_results": page_of_results if query else None},
    )


class ContactSubmissionsListView(SafeCSVExportMixin, SubmissionsListView):
    """Contact messages, whose CSV export runs no formula typed by a sender."""
