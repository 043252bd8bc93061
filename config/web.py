"""Small helpers every app's pages share: pagination, query strings, safe redirects."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def paginate(request: HttpRequest, items, per_page: int | None = None) -> Page:
    """The requested page of items (a bad or out-of-range page number gives the nearest page)."""
    return Paginator(items, per_page or settings.CYCLOTROC_PAGE_SIZE).get_page(
        request.GET.get("page")
    )


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string minus the page number and the given parameters."""
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def safe_next(request: HttpRequest) -> str | None:
    """The `next` parameter when it points to this site, else None."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return None
