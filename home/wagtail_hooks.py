"""The accessibility and privacy statements stay where every footer links to them.

The footer links to them by slug (`home.models.FOOTER_PAGES`), without a query. An editor
may change their text but not delete, unpublish or move them (nor change their slug, see
`InformationPage.clean`): the admin says why instead of leaving every page with a dead link.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import FOOTER_SLUGS, InformationPage


def _in_footer(page):
    return issubclass(page.specific_class or type(page), InformationPage) and (
        page.slug in FOOTER_SLUGS
    )


def _refuse(request, page):
    messages.error(
        request,
        _(
            "“%(title)s” blijft staan: de voettekst van elke pagina linkt ernaar. U kunt de "
            "tekst wel aanpassen."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_delete_page")
def keep_footer_page_on_delete(request, page):
    if _in_footer(page):
        return _refuse(request, page)


@hooks.register("before_unpublish_page")
def keep_footer_page_published(request, page):
    if _in_footer(page):
        return _refuse(request, page)


@hooks.register("before_move_page")
def keep_footer_page_in_place(request, page, destination):
    if _in_footer(page):
        return _refuse(request, page)


@hooks.register("before_bulk_action")
def keep_footer_pages_in_bulk(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "unpublish", "move"):
        for page in objects:
            if hasattr(page, "specific_class") and _in_footer(page):
                return _refuse(request, page)
