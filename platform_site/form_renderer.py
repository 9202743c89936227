"""The form renderer: Django's own, with its select boxes written out in Python.

Django renders each `<option>` of a select box through a template of its own (and that
template's attributes through another). The agenda's filter has nine select boxes with about a
hundred options: rendering them was ~7 ms of a ~35 ms agenda list that no cache holds
(bench/RESULTS.md), and every item page renders the options of its update form. The markup
here is byte for byte what Django's templates `django/forms/widgets/select.html` and
`select_option.html` give, escaping included (tests/test_form_renderer.py compares the two);
any other template, and a select box whose options use another template, are rendered by
Django's templates as before."""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    """As `django/forms/widgets/attrs.html`: False leaves an attribute out, True writes only its
    name, anything else is written as a string (None too: `data-x="None"`)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(_as_string(value))}"')
    return "".join(parts)


def _as_string(value):
    # The `stringformat:'s'` filter: keeps a safe string safe, makes anything else a string.
    return value if isinstance(value, str) else str(value)


def _option(option):
    value = conditional_escape(_as_string(option["value"]))
    label = conditional_escape(localize(option["label"]))  # as a template shows a value
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n'


def render_select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every part is escaped above


def _options_use_django_template(widget):
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, group_choices, _index in widget["optgroups"]
        for option in group_choices
    )


class FormRenderer(DjangoTemplates):
    """Django's default renderer (`DjangoTemplates`), select boxes written out in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT_TEMPLATE and widget and _options_use_django_template(widget):
            return render_select(widget)
        return super().render(template_name, context, request=request)
