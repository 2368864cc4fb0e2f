from django import forms
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .commitments import COMMITMENTS
from .models import Declaration, Partner


class PartnerForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Address starting with https:// or http://"),
        error_messages={
            "invalid": _("Please enter a web address starting with https:// or http://.")
        },
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "sector",
            "street",
            "postal_code",
            "city",
            "website",
            "size_band",
            "description",
            "logo",
            "public_listing",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "description": _(
                "What the organisation does and how it contributes to climate protection. "
                "Markdown: **bold**, *italic*, lists with “-”, links as [text](https://…); "
                "HTML is removed."
            ),
        }
        error_messages = {
            "website": {
                "invalid": _("Please enter a web address starting with https:// or http://.")
            },
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = (
            Partner.objects.exclude(pk=self.instance.pk) if self.instance.pk else Partner.objects
        )
        if others.annotate(lower=Lower("name")).filter(lower=name.lower()).exists():
            raise forms.ValidationError(
                _("An organisation with this name is already registered."), code="duplicate"
            )
        return name

    def validate_unique(self):
        # The case-insensitive name check is clean_name's job, with a clearer message.
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except forms.ValidationError as exc:
            self._update_errors(exc)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The profile's address stays what was published unless asked.
            self.fields["update_slug"] = forms.BooleanField(
                label=_("Change the address of the profile to match the name"),
                required=False,
                help_text=_("The previous address keeps working and redirects to the new one."),
            )

    def wants_new_slug(self) -> bool:
        return bool(self.cleaned_data.get("update_slug"))

    def partner_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if data["logo"] is False:  # "clear" ticked
            data["logo"] = ""
        return data


class SignatureForm(forms.Form):
    signatory_name = forms.CharField(label=_("Name of the signatory"), max_length=150)
    signatory_function = forms.CharField(
        label=_("Function of the signatory"),
        max_length=150,
        help_text=_("For example managing director or chairperson."),
    )
    place = forms.CharField(label=_("Place"), max_length=100, initial="Magdeburg")
    signed_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()
        for key, label in COMMITMENTS:
            self.fields[f"commitment_{key}"] = forms.BooleanField(
                label=label,
                required=True,
                error_messages={"required": _("Please confirm this commitment.")},
            )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("The date of signing cannot be in the future."))
        return signed_on

    def commitment_fields(self):
        return [self[f"commitment_{key}"] for key, _label in COMMITMENTS]

    def detail_fields(self):
        return [
            self[name] for name in ("signatory_name", "signatory_function", "place", "signed_on")
        ]

    def confirmed_commitments(self) -> list[str]:
        return [key for key, _label in COMMITMENTS if self.cleaned_data.get(f"commitment_{key}")]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your colleague"),
        max_length=254,
        help_text=_(
            "Only the person with this address can accept the invitation, with an account "
            "that has this address confirmed."
        ),
        error_messages={
            "required": _("Please enter the e-mail address of your colleague."),
            "invalid": _("Please enter a valid e-mail address."),
        },
    )


class WithdrawalForm(forms.Form):
    left_on = forms.DateField(
        label=_("Left on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    withdrawal_reason = forms.CharField(
        label=_("Reason for leaving"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class SignatureReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the organisation's contacts)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["version", "title", "valid_from", "text"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 16}),
        }


__all__ = ["PartnerForm", "SignatureForm", "InvitationForm", "WithdrawalForm", "DeclarationForm"]
