from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

from platform_site.i18n import read_in_another_language

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


@register.simple_tag
def footer_links():
    """(label, url) of the pages about the platform that every footer links to, in the active
    language; by slug, so no page costs a query."""
    from django.urls import reverse

    from home.models import FOOTER_PAGES

    return [(label, reverse("wagtail_serve", args=[f"{slug}/"])) for slug, label in FOOTER_PAGES]


@register.simple_tag
def content_lang(page=None):
    """` lang="nl"` on an element holding what people wrote on the platform, when the page
    around it is in another language: the English site translates the interface, not the
    handbook, the agenda, the discussions or the proposals, and a screen reader must read those
    as Dutch (WCAG 3.1.2). A page says its own language; everything else is written in the
    platform's language (LANGUAGE_CODE). Empty when the languages agree."""
    from django.utils.html import format_html

    language = page.locale.language_code if page is not None else settings.LANGUAGE_CODE
    if not read_in_another_language(language):
        return ""
    return format_html(' lang="{}"', language)


@register.filter
def in_content_lang(value):
    """What people wrote on the platform inside a translated sentence (an item's or a part's
    title, a label): in a `<span lang="nl">` on the English site, like `content_lang` does for
    an element of its own, so that "Label: <strong>wachttijden</strong>" reads "wachttijden" as
    Dutch. Unchanged (and escaped as usual) when the languages agree, or when it is empty."""
    from django.utils.html import format_html

    lang = content_lang()
    return format_html("<span{}>{}</span>", lang, value) if lang and value else value


@register.simple_tag
def part_name(part):
    """A part of the agenda as headings and sentences name it, "Deel 1 – Uitvoeringspraktijk":
    "Deel" in the site's language, the title as written (marked Dutch on the English site)."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    return format_html(
        gettext("Deel {number} – {title}"), number=part.number, title=in_content_lang(part.title)
    )


@register.simple_tag
def field_errors(form):
    """[(bound field, error), ...] for the form's visible fields, in their order: the lines of a
    form's error summary (accounts/_form_fields.html)."""
    return [(field, error) for field in form.visible_fields() for error in field.errors]
