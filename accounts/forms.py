from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .models import User


def address_is_taken(email: str) -> bool:
    """An address belongs to an account when it is one of its confirmed addresses or the login
    name of an account that completed its sign-up. An address someone merely typed in never
    blocks its owner's sign-up: an unconfirmed secondary address of another account is removed
    there once the owner confirms it (accounts.services.email_address_claim), an uncompleted
    sign-up is replaced (accounts.services.stale_signups_retire)."""
    from .services import stale_signups

    if EmailAddress.objects.filter(email__iexact=email, verified=True).exists():
        return True
    holders = User.objects.filter(email__iexact=email)
    return holders.exclude(pk__in=stale_signups(email).values("pk")).exists()


class SignupForm(AllauthSignupForm):
    """Sign-up asks for the person's name so partners and staff know who acts."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Opened through an invitation link: offer the invited address.
        from .adapters import pending_invitation

        request = allauth_context.request
        pending = pending_invitation(request) if request is not None else None
        if pending and not self.is_bound:
            self.fields["email"].initial = pending["email"]

    def validate_unique_email(self, value):
        # allauth counts every address, confirmed or not; with enumeration prevention a known
        # address gets the same answer as a new one (and a mail to the address instead).
        email = get_adapter().validate_unique_email(value)
        self.account_already_exists = address_is_taken(email)
        return email

    def try_save(self, request):
        if self.account_already_exists:
            # The answer for a known address must take as long as for a new one, where the
            # password is hashed: hash it too, and throw the result away.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)

    def save(self, request):
        from .services import email_address_claim, stale_signups_retire

        stale_signups_retire(email=self.cleaned_data["email"])
        user = super().save(request)
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
        # Confirmed at sign-up (through an invitation link): other accounts' unconfirmed
        # copies of the address go, as after a confirmation mail.
        for address in EmailAddress.objects.filter(user=user, verified=True):
            email_address_claim(email_address=address)
        return user


class EraseAccountForm(forms.Form):
    """The person confirms the erasure with their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,  # spaces belong to the password, as at login
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted."),
        error_messages={"required": _("Please confirm the deletion.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class PersonSearchForm(forms.Form):
    email = forms.CharField(label=_("E-mail address"), max_length=254, required=False)


class NameForm(forms.Form):
    """The person's own name, as partners and staff see it."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("Please enter at most 150 characters."),
        },
    )

    def clean_name(self):
        raw = self.cleaned_data["name"]
        # One line: line breaks, tabs and other control characters are refused.
        if any(ord(char) < 32 or ord(char) == 127 for char in raw):
            raise forms.ValidationError(_("The name may not contain control characters."))
        name = " ".join(raw.split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name
