"""Select boxes written out in Python (platform_site/form_renderer.py) give the very markup
Django's own templates give: what a person, a screen reader and the page's script meet does not
change, and a value or label someone wrote cannot break out of its attribute or option."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from platform_site.form_renderer import OPTION_TEMPLATE, SELECT_TEMPLATE, FormRenderer
from platform_site.i18n import WrittenChoiceSelect

CHOICES = [
    ("", "Alle thema's"),
    ("a&b", 'Jeugd & "Wmo" <b>'),
    (3, 1234),
    ("Groep <1>", [("x", "X"), ("y", mark_safe("<em>Y</em>"))]),  # noqa: S308 - a trusted label
]


def _both(widget, name, value, attrs=None):
    """The widget rendered by Django's templates and by the platform's renderer."""
    by_templates = widget.render(name, value, attrs=attrs, renderer=DjangoTemplates())
    by_python = widget.render(name, value, attrs=attrs, renderer=FormRenderer())
    return by_templates, by_python


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), "a&b"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"required": True, "disabled": False}), "y"),
        (forms.Select(choices=CHOICES, attrs={"data-x": None, "aria-describedby": 'a"b'}), 3),
        (forms.SelectMultiple(choices=CHOICES), ["x", 3]),
        (forms.NullBooleanSelect(), True),
        (WrittenChoiceSelect(choices=[("", "Alle labels"), ("wmo", "Wmo")]), "wmo"),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_select_box_is_the_markup_django_templates_give(widget, value, language):
    with translation.override(language):
        by_templates, by_python = _both(widget, "keuze", value, attrs={"id": "id_keuze"})
    assert by_python == by_templates


def test_what_someone_wrote_cannot_leave_its_option():
    widget = forms.Select(choices=[('"><script>alert(1)</script>', "<script>alert(2)</script>")])
    html = widget.render("keuze", None, renderer=FormRenderer())
    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;alert(1)" in html


def test_options_with_a_template_of_their_own_are_left_to_django():
    class OwnOptions(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = OwnOptions(choices=[("a", "A")])
    by_templates, by_python = _both(widget, "keuze", "a")
    assert by_python == by_templates
    assert "<option" not in by_python


def test_the_site_renders_its_forms_with_it(settings):
    assert settings.FORM_RENDERER == "platform_site.form_renderer.FormRenderer"
    form = forms.Form()
    assert isinstance(form.renderer, FormRenderer)


def test_no_installed_app_has_select_templates_of_its_own():
    """The renderer writes out what Django's own templates say: were an installed app to bring
    other ones, its select boxes would be rendered as Django's, not as that app's."""
    import django

    renderer = DjangoTemplates()
    django_forms = django.__path__[0] + "/forms/templates/"
    for name in (SELECT_TEMPLATE, OPTION_TEMPLATE):
        assert renderer.get_template(name).origin.name == django_forms + name
