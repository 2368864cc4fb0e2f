"""Form fields shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Largest primary key the databases store (bigint); a larger number is not an id at all.
MAX_ID = 2**63 - 1


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checks that every submitted value is a plausible id before the database sees it.

    SQLite raises OverflowError for integers beyond 64 bits instead of finding nothing.
    """

    def _check_values(self, value):
        for item in value:
            text = str(item).strip()
            if not text.isdigit() or int(text) > MAX_ID:
                raise forms.ValidationError(
                    _("Select a valid choice. %(value)s is not one of the available choices."),
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return super()._check_values(value)
