"""Text the platform writes once and people read in either of its languages: a notification's
title, a waterbed warning's detail. It is rendered in every language when written, because the
reader's language is only known when it is read (the page they are on). Links are stored in the
platform's language and turned into the reader's when followed."""

import logging
import re

from django import forms
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)


def grouped_number(number):
    """A count as the reader's language writes it: 12.345 in Dutch, 12,345 in English. The same
    as `floatformat:"0g"` in a template, for counts put into text in Python."""
    return number_format(number, force_grouping=True)


def in_each_language(text, max_length=None):
    """`text` (a string, or a callable that returns one) rendered in each of the platform's
    languages: (the platform's own, {other language: its text where it differs}).

    Pass a callable for text built with gettext, so that it and the labels inside it are
    translated; a plain string is the same in every language.
    """
    rendered = {}
    for language, _name in settings.LANGUAGES:
        try:
            with translation.override(language):
                value = str(text() if callable(text) else text)
        except (KeyError, ValueError, TypeError):
            if language == settings.LANGUAGE_CODE:
                raise
            # A broken translation (a placeholder it lacks) must not undo what someone did:
            # that language's readers get the platform's text instead.
            logger.exception("Geen %s-vertaling voor een tekst van het platform", language)
            continue
        rendered[language] = value[:max_length] if max_length else value
    own = rendered.pop(settings.LANGUAGE_CODE)
    return own, {language: value for language, value in rendered.items() if value != own}


def read_in_another_language(written_in=settings.LANGUAGE_CODE):
    """Whether what is being rendered now is in another language than `written_in` (what people
    wrote on the platform is in the platform's language): then it must say so around it."""
    reading = translation.get_language() or settings.LANGUAGE_CODE
    return reading.split("-")[0] != written_in.split("-")[0]


# In a text rendered for another language, these delimit what people wrote in the platform's
# own (a thread's title in "… replied in: …"): private-use characters, which nobody types.
WRITTEN_START, WRITTEN_END = "\ue000", "\ue001"
_WRITTEN_MARKS = re.compile(f"({WRITTEN_START}|{WRITTEN_END})")


class Written:
    """What people wrote on the platform, put into a text that `in_each_language` renders: in
    the platform's language it is the text as it is; in another it is delimited, so that a page
    can mark it as written in the platform's language (WCAG 3.1.2: a screen reader on the
    English site then reads a Dutch title as Dutch). `str` of it is what %-formatting inserts."""

    def __init__(self, value):
        self.value = value

    def __str__(self):
        text = str(self.value)
        if text and read_in_another_language():
            return f"{WRITTEN_START}{text}{WRITTEN_END}"
        return text


def without_marks(text):
    """A text from `in_each_language` as plain text (a subject line, an e-mail in text)."""
    return _WRITTEN_MARKS.sub("", text)


def marked_html(text):
    """A text from `in_each_language` as HTML: escaped, and what people wrote in a
    `<span lang="…">` of the platform's language. A text cut short inside a mark is closed."""
    html, inside = [], False
    for part in _WRITTEN_MARKS.split(text):
        if part == WRITTEN_START and not inside:
            html.append(f'<span lang="{settings.LANGUAGE_CODE}">')
            inside = True
        elif part == WRITTEN_END and inside:
            html.append("</span>")
            inside = False
        elif part not in (WRITTEN_START, WRITTEN_END):
            html.append(escape(part))
    if inside:
        html.append("</span>")
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703 - every part is escaped above


def in_current_language(own, translations):
    """What `in_each_language` wrote, for the language of the page being rendered."""
    return translations.get(translation.get_language()) or own


def path_in_platform_language(path):
    """A path on this site, made in the language active now (the person acting reads English:
    /en/agenda/...), as the platform's language has it (/agenda/...): the form it is stored in."""
    return translate_url(path, settings.LANGUAGE_CODE) if path else path


def path_in_language(path, language):
    """A path stored in the platform's language, as the page in `language` has it."""
    if not path:
        return path
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def mark_written(form, *names):
    """The fields `names` of `form` hold what was written on the platform (a post or a proposal
    being edited, a thread's subject), in its language: on the English site their boxes say so,
    as the pages that show that text do (WCAG 3.1.2; the browser then also checks its spelling
    in that language)."""
    if read_in_another_language():
        for name in names:
            form.fields[name].widget.attrs["lang"] = settings.LANGUAGE_CODE


class WrittenChoiceSelect(forms.Select):
    """A choice among things written on the platform (themes, working groups, labels, handbook
    pages, parts): on the English site each of them says it is Dutch, as the pages that show
    them do (WCAG 3.1.2). The empty choice ("(geen)", "All themes") is the interface's own."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) and read_in_another_language():
            option["attrs"]["lang"] = settings.LANGUAGE_CODE
        return option
