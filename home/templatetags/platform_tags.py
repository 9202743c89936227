from django import template
from django.urls import translate_url
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """The current page in another language (Dutch unprefixed, English under /en/)."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def cms_userbar(context):
    """Wagtail's userbar (edit this page, its history, the accessibility checker) on the pages
    editors make in Wagtail. On the platform's own views (agenda, discussions, search) it could
    only link to the admin, which the header does, and cost ~10 ms of every such page for
    everyone with admin access: nearly half of a cached agenda list."""
    if get_page_instance(context) is None:
        return ""
    return wagtailuserbar(context)
