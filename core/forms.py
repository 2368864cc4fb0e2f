"""The portal's form renderer: one error pattern for every form (issue #20).

Set as FORM_RENDERER, so every form of every app (allauth's too) renders its fields through
core/forms/field.html and binds them with PortalBoundField, without any form opting in:
- an invalid field carries aria-invalid="true" and aria-describedby naming its error list
  (and its help text); Django does this for single inputs, PortalBoundField adds it to the
  inputs of a group (radio buttons, checkboxes, multi-widgets), whose fieldset gets it too;
- a file the person chose is kept when the form fails (a browser never re-fills a file
  input; core/kept_uploads.py); where it cannot be (it failed its own checks, or nobody is
  logged in), the field and the error summary name the file to choose again.

The error summary itself is rendered at the top of every page by the `form_error_summaries`
tag in base.html (core/templatetags/portal.py), so a new form needs no include.
"""

import os

from django import forms
from django.forms.boundfield import BoundField
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import kept_uploads
from core.form_renderer import ChoiceWidgetRenderer

# A file name from the browser is shown back; a very long one is shortened.
MAX_SHOWN_FILE_NAME = 80


class PortalBoundField(BoundField):
    @cached_property
    def _chosen_file(self):
        """The file chosen for this field in a failed submit, or None."""
        if not isinstance(self.field.widget, forms.FileInput) or not self.form.is_bound:
            return None
        if not self.form.errors:
            return None
        return self.form.files.get(self.html_name) or None

    def _shown_name(self) -> str:
        name = os.path.basename(str(getattr(self._chosen_file, "name", "") or ""))
        return name[:MAX_SHOWN_FILE_NAME] or "?"

    @cached_property
    def kept_upload(self) -> dict | None:
        """{"name", "token", "token_name", "discard_name"} of a chosen file that passed this
        field's checks while the form failed: kept for the next submit (core.kept_uploads)."""
        if self._chosen_file is None or self.errors:
            return None
        owner = kept_uploads.current_owner()
        if not owner:
            return None
        return {
            "name": self._shown_name(),
            "token": kept_uploads.keep(self._chosen_file, owner=owner),
            "token_name": self.html_name + kept_uploads.TOKEN_SUFFIX,
            "discard_name": self.html_name + kept_uploads.DISCARD_SUFFIX,
        }

    @cached_property
    def file_not_kept(self) -> str:
        """The name of the file the person chose for this field, if the form failed and the
        file could not be kept (it failed its own checks, or nobody is logged in), so it has
        to be chosen again; "" otherwise."""
        if self._chosen_file is None or self.kept_upload:
            return ""
        return self._shown_name()

    @property
    def file_note_id(self) -> str:
        return f"{self.auto_id}_filenote" if self.auto_id else ""

    @property
    def aria_describedby(self):
        described = super().aria_describedby
        if described is None:
            # The widget names its own description; the form keeps out of it.
            return None
        if (self.file_not_kept or self.kept_upload) and self.file_note_id:
            described = f"{described} {self.file_note_id}".strip()
        return described

    @property
    def summary_target(self) -> str:
        """The id the error summary links to: the input, or a group's first input (a group
        has no label of its own to point at)."""
        if self.id_for_label:
            return self.id_for_label
        if self.use_fieldset and self.auto_id and not self.is_hidden:
            return self.field.widget.id_for_label(self.auto_id, 0)
        return ""

    @property
    def group_role(self) -> str:
        """A group of radio buttons is announced as one radio group by its fieldset."""
        return "radiogroup" if isinstance(self.field.widget, forms.RadioSelect) else ""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            # A hidden copy (show_hidden_initial) is read by nobody: it names no error.
            attrs.pop("aria-describedby", None)
            return attrs
        # Django describes a group only on its fieldset, which not every screen reader reads
        # when it lands on a radio button: each input of the group names the error too.
        described = self.aria_describedby if self.use_fieldset else None
        if described and not attrs.get("aria-describedby"):
            attrs["aria-describedby"] = described
        return attrs


class PortalFormRenderer(ChoiceWidgetRenderer):
    """Widgets in Python (core.form_renderer, issue 21), every field as core/forms/field.html
    gives it, with PortalBoundField; the field group itself is built in Python too (the
    template stays the reference and renders the rare fields with a chosen file)."""

    field_template_name = "core/forms/field.html"
    bound_field_class = PortalBoundField
    python_field_groups = True

    def render(self, template_name, context, request=None):
        if template_name == self.field_template_name and self.python_field_groups:
            field = context.get("field")
            if isinstance(field, PortalBoundField) and not (
                field.kept_upload or field.file_not_kept
            ):
                return mark_safe(field_group(field).strip())  # noqa: S308 - escaped there
        return super().render(template_name, context, request=request)


def field_group(field: PortalBoundField) -> str:
    """core/forms/field.html for a field without a chosen file, newline for newline."""
    parts = []
    if field.use_fieldset:
        role = f' role="{conditional_escape(field.group_role)}"' if field.group_role else ""
        invalid = ' aria-invalid="true"' if field.errors else ""
        described = field.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        parts.append(f"\n  <fieldset{role}{invalid}{described}>\n  ")
        if field.label:
            parts.append(str(conditional_escape(field.legend_tag())))
    else:
        parts.append("\n  ")
        if field.label:
            parts.append(str(conditional_escape(field.label_tag())))
    parts.append("\n\n")
    if field.help_text:
        help_id = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{help_id}>{field.help_text}</div>')
    parts.append(f"\n{conditional_escape(field.errors)}\n\n{conditional_escape(field)}")
    if field.use_fieldset:
        parts.append("</fieldset>")
    parts.append("\n")
    return "".join(parts)


def failed_forms(context: dict) -> list[tuple[str, object]]:
    """(name, form) for every form in a template context that has errors, in context order,
    each form once. A form with an `error_summary()` method is listed as that object (e.g.
    a form with its formset of lines)."""
    found, seen = [], set()
    for name, value in context.items():
        # type(), not isinstance(): isinstance() would evaluate lazy values such as the CSRF
        # token (which sets the cookie on every page) or the user.
        kind = type(value)
        candidates = value if kind is list or kind is tuple else [value]
        for index, form in enumerate(candidates):
            if not issubclass(type(form), forms.BaseForm) or id(form) in seen:
                continue
            seen.add(id(form))
            if not form.is_bound:
                continue
            summary = getattr(form, "error_summary", None)
            target = summary() if callable(summary) else form
            if target.errors:
                found.append((name if len(candidates) == 1 else f"{name}-{index}", target))
    return found


class UnboundForm:
    """An empty form that is built only when a page renders it.

    Pages keep the HTML of their empty forms as fragments (core.fragments); building the form
    (its querysets, the deep copy of its fields) would cost as much as taking the fragment
    saves. `is_bound` is known without building it, so the template can choose between the
    person's failed input and the kept fragment.
    """

    is_bound = False

    def __init__(self, build):
        self._build = build
        self._form = None

    @property
    def form(self):
        if self._form is None:
            self._form = self._build()
        return self._form

    def __str__(self) -> str:
        return str(self.form)

    def __html__(self) -> str:
        return self.form.__html__() if hasattr(self.form, "__html__") else str(self.form)

    def __getattr__(self, name: str):
        return getattr(self.form, name)
