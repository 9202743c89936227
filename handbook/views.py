from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, OrganisationType
from notifications.actions import set_following

from . import changes
from .keuzehulp import advise
from .models import (
    QUESTIONS,
    Domain,
    HandbookPage,
    IntensityPage,
    LocalVariation,
    ProfileIntensity,
    ProfilePage,
    SegmentPage,
    can_oversee_reviews,
    review_due_soon,
    review_overdue_pages,
)


@login_required
@require_POST
def follow_view(request, index_page, page_id):
    """Follow a handbook page ("Volgen"): a notification when a new version is published."""
    page = get_object_or_404(
        HandbookPage.objects.live().public().descendant_of(index_page), pk=page_id
    ).specific
    following = request.POST.get("follow") == "1"
    set_following(request.user, page, following)
    messages.success(
        request,
        _("U volgt deze pagina: u krijgt een melding als er een nieuwe versie is.")
        if following
        else _("U volgt deze pagina niet meer."),
    )
    return redirect(page.url)


def changes_view(request, index_page):
    """What changed in the handbook: each publication of a page, newest first, with what it
    changed word by word and the agenda items it was made for (as far as the reader may see)."""
    revisions_only = request.GET.get("aanpassingen") == "1"
    about = request.GET.get("over", "")
    # One page's history, from its "wat veranderde er?" link.
    about = (
        HandbookPage.objects.live().public().descendant_of(index_page).filter(pk=about).first()
        if about.isdigit()
        else None
    )
    entries = changes.publications(index_page, revisions_only, about and about.pk)
    page = Paginator(entries, changes.PAGE_SIZE).get_page(request.GET.get("pagina"))
    return TemplateResponse(
        request,
        "handbook/changes.html",
        {
            "page": index_page,
            "listing": page,
            "publications": changes.describe(page, request.user),
            "revisions_only": revisions_only,
            "about": about,
        },
    )


def matrix_view(request, index_page):
    """Domain × profile × intensity (and segment for Jeugd), each cell linking to guidance."""
    profiles = list(ProfilePage.objects.live().public().descendant_of(index_page).order_by("code"))
    intensities = list(IntensityPage.objects.live().public().descendant_of(index_page))
    cells = defaultdict(dict)
    for cell in ProfileIntensity.objects.filter(page__in=profiles).select_related("intensity"):
        cells[cell.page_id][cell.intensity_id] = cell
    segments = {s.segment: s for s in SegmentPage.objects.live().public()}
    tables = []
    for domain in (Domain.JEUGD, Domain.WMO):
        columns = sorted((i for i in intensities if i.domain == domain), key=lambda i: i.sort_key)
        rows = [
            (profile, segments.get(profile.segment), [cells[profile.pk].get(c.pk) for c in columns])
            for profile in profiles
            if profile.domain == domain
        ]
        if rows or columns:
            tables.append(
                {"domain": domain, "label": domain.label, "columns": columns, "rows": rows}
            )
    return TemplateResponse(request, "handbook/matrix.html", {"page": index_page, "tables": tables})


class MunicipalityForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(type=OrganisationType.MUNICIPALITY),
        to_field_name="slug",
        label=_("Gemeente"),
        empty_label=_("Alle gemeenten"),
        required=False,
    )


def variations_view(request, index_page):
    """'Where do we deviate?': local variations, per municipality, on live public pages."""
    form = MunicipalityForm(request.GET or None)
    variations = (
        LocalVariation.objects.filter(page__live=True, page__path__startswith=index_page.path)
        .select_related("municipality", "page")
        .order_by("municipality__name", "page__title", "section")
    )
    municipality = form.cleaned_data.get("gemeente") if form.is_valid() else None
    if municipality:
        variations = variations.filter(municipality=municipality)
    grouped = defaultdict(list)
    for variation in variations:
        grouped[variation.municipality].append(variation)
    return TemplateResponse(
        request,
        "handbook/variations.html",
        {"page": index_page, "form": form, "grouped": dict(grouped), "municipality": municipality},
    )


def reviews_view(request, index_page):
    """Pages past their review date and due within 30 days, for the expert team and the project
    lead (handbook.can_oversee_reviews). Page owners are reminded of their own pages by
    notification (handbook.reviews)."""
    if not can_oversee_reviews(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "handbook/reviews.html",
        {
            "page": index_page,
            "overdue": review_overdue_pages(),
            "soon": review_due_soon(),
            "today": timezone.localdate(),
        },
    )


def keuzehulp_form_class():
    fields = {
        name: forms.ChoiceField(
            label=label,
            choices=[("", _("Weet ik niet")), *options],
            required=False,
            widget=forms.RadioSelect,
        )  # fmt: skip
        for name, (label, options) in QUESTIONS.items()
    }
    return type("KeuzehulpForm", (forms.Form,), fields)


def keuzehulp_view(request, page):
    form = keuzehulp_form_class()(request.GET or None)
    advice = None
    asked = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    if asked:
        rules = page.rules.select_related("profile", "intensity").order_by("sort_order")
        advice = advise(rules, form.cleaned_data)
    segment_page = None
    if advice and advice.rule.segment:
        segment_page = SegmentPage.objects.live().filter(segment=advice.rule.segment).first()
    context = page.get_context(request)
    context.update({"form": form, "asked": asked, "advice": advice, "segment_page": segment_page})
    return TemplateResponse(request, "handbook/keuzehulp_page.html", context)
