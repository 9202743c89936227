from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.models import Role

from . import service
from .documents import FACETS, TYPE_LABELS, facet_label

PER_PAGE = 20
FACET_LABELS = {
    "type": _("Soort"), "domain": _("Domein"), "segment": _("Segment"), "profile": _("Profiel"),
    "intensity": _("Intensiteit"), "municipality": _("Gemeente"), "part": _("Deel"),
    "status": _("Status"), "tag": _("Label"),
}  # fmt: skip
# Facets whose values people wrote on the platform (labels, the handbook's profile titles): in
# Dutch on the English site too, and marked so (WCAG 3.1.2). The others are translated.
WRITTEN_FACETS = ("tag", "profile")


@require_GET
def search_view(request):
    query = request.GET.get("q", "")
    filters = {name: request.GET.get(name, "") for name in FACETS}
    try:
        page = max(1, int(request.GET.get("pagina", "1")))
    except ValueError:
        page = 1
    results = service.search(query, request.user, filters, page=page, per_page=PER_PAGE)
    if query and page == 1 and not any(results.filters.values()):
        service.record_query(query, results.total, results.backend)
    base = request.GET.copy()
    base.pop("pagina", None)
    facets = []
    for name, buckets in results.facets.items():
        options = []
        for value, count in buckets:
            params = base.copy()
            selected = results.filters.get(name) == value
            if selected:
                params.pop(name, None)
            else:
                params[name] = value
            label = facet_label(name, value)
            options.append({"label": label, "count": count, "selected": selected,
                            "query": params.urlencode(),
                            "written": name in WRITTEN_FACETS})  # fmt: skip
        facets.append({"name": name, "label": FACET_LABELS[name], "options": options})
    pages = service.last_page(results.total, PER_PAGE)
    if pages and page > pages:  # an old link, or typed by hand: the last page there is
        last = base.copy()
        last["pagina"] = pages
        return redirect(f"{request.path}?{last.urlencode()}")
    return render(
        request,
        "search/results.html",
        {
            "results": results,
            "query": query,
            "facets": facets,
            "chosen_filters": sum(1 for value in results.filters.values() if value),
            "page": page,
            "pages": pages,
            "base_query": base.urlencode(),
            "type_labels": TYPE_LABELS,
        },
    )


@require_GET
def suggestions_view(request):
    items = service.suggest(request.GET.get("q", ""), request.user)
    return JsonResponse({"suggestions": [{"title": t, "url": u} for t, u in items]})


def gaps_view(request):
    """Top zero-result searches: what access staff look for and the handbook does not have."""
    user = request.user
    if not user.is_authenticated or not (
        user.is_superuser or user.role in (Role.MODERATOR, Role.PROJECT_LEAD)
    ):
        raise PermissionDenied
    return render(request, "search/gaps.html", {"gaps": service.top_zero_result_queries()})
