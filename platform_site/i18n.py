"""Text the platform writes once and people read in either of its languages: a notification's
title, a waterbed warning's detail. It is rendered in every language when written, because the
reader's language is only known when it is read (the page they are on). Links are stored in the
platform's language and turned into the reader's when followed."""

import logging

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

logger = logging.getLogger(__name__)


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
