from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from core.form_fields import IdMultipleChoiceField
from core.widgets import FastSelect
from partners.models import Body, Membership, Partner

from .models import ActionItem, AgendaItem, Circle, Document, Meeting, Rsvp
from .validators import validate_document

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Only members and staff see this link."),
        error_messages={"invalid": _("Please enter a web address starting with https://.")},
    )

    class Meta:
        model = Meeting
        fields = [
            "body",
            "title",
            "starts_at",
            "ends_at",
            "format",
            "place",
            "online_link",
            "rsvp_deadline",
            "core_topics",
            "description",
            "summary",
            "minutes",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "rsvp_deadline": DATETIME_WIDGET,
            "core_topics": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "starts_at": _("Local time in Magdeburg (Europe/Berlin)."),
        }

    minor_change = forms.BooleanField(
        label=_("Minor change – notify nobody"),
        required=False,
        help_text=_(
            "Changes of time, place, format or online link of a published meeting are mailed "
            "to everyone invited, with the updated calendar entry. Tick this only for a "
            "correction that nobody needs to know about (e.g. a typo in the place)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "rsvp_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
        from .selectors import meeting_lock_reason

        # Body and date of a meeting with attendance or decisions stay as they are (the
        # service refuses it too); the fields say why.
        self.lock_reason = meeting_lock_reason(self.instance) if self.instance.pk else ""
        self.locked_values = {}
        if self.lock_reason:
            for name in ("body", "starts_at", "ends_at"):
                self.fields[name].disabled = True
                self.fields[name].help_text = self.lock_reason
                # As stored: the form's initial value drops the seconds.
                self.locked_values[name] = getattr(self.instance, name)
        if not self.instance.pk or self.instance.state != Meeting.State.PUBLISHED:
            del self.fields["minor_change"]

    def meeting_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**fields, **self.locked_values}

    @property
    def notify(self) -> bool:
        return not self.cleaned_data.get("minor_change", False)


class AgendaItemForm(forms.ModelForm):
    prefix = "agenda"

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration_minutes", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class CircleForm(forms.ModelForm):
    prefix = "circle"

    class Meta:
        model = Circle
        fields = [
            "title",
            "moderator",
            "expert_name",
            "expert_topic",
            "capacity",
            "results_discussion",
            "results_next_steps",
        ]
        widgets = {
            "results_discussion": forms.Textarea(attrs={"rows": 4}),
            "results_next_steps": forms.Textarea(attrs={"rows": 4}),
        }


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=Rsvp.Answer.choices, widget=forms.RadioSelect
    )
    people = forms.IntegerField(
        label=_("Number of people from your organisation"),
        min_value=0,
        max_value=20,
        initial=1,
        help_text=_("Only counts for a yes: 1 to 20 people."),
        error_messages={
            "invalid": _("Please enter the number of people as a whole number."),
            "min_value": _("Please enter between 1 and 20 people."),
            "max_value": _("Please enter between 1 and 20 people."),
        },
    )
    mode = forms.ChoiceField(
        label=_("How will you attend?"),
        choices=Rsvp.Mode.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("This is a hybrid meeting: on site or online."),
    )
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is None or meeting.format != Meeting.Format.HYBRID:
            del self.fields["mode"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") not in (None, Rsvp.Answer.NO) and cleaned.get("people") == 0:
            self.add_error("people", _("Please enter between 1 and 20 people."))
        if (
            "mode" in self.fields
            and cleaned.get("answer") == Rsvp.Answer.YES
            and not cleaned.get("mode")
        ):
            self.add_error("mode", _("Please state whether you attend on site or online."))
        return cleaned


class AttendanceForm(forms.Form):
    prefix = "attendance"

    partners = IdMultipleChoiceField(
        label=_("Partner organisations present"),
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    people = IdMultipleChoiceField(
        label=_("People present (optional)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A person's organisation counts as present."),
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = queryset if queryset is not None else Partner.objects
        self.fields["partners"].queryset = (
            self.fields["partners"].queryset.order_by("name").only("pk", "name")
        )
        self.fields["people"].queryset = (
            User.objects.filter(
                is_active=True, partner_contact__partner__in=self.fields["partners"].queryset
            )
            .select_related("partner_contact__partner")
            .order_by("partner_contact__partner__name", "name", "email")
            .only("pk", "name", "email", "partner_contact__partner__name")
        )
        self.fields["people"].label_from_instance = lambda user: (
            f"{user} ({user.partner_contact.partner.name})"
        )


class CircleParticipantForm(forms.Form):
    prefix = "participant"

    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            from .selectors import invitees

            self.fields["user"].queryset = invitees(meeting)
            self.fields["user"].label_from_instance = lambda user: (
                f"{user} ({user.partner_contact.partner.name})"
            )


class DocumentForm(forms.Form):
    prefix = "document"

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Document.Visibility.choices,
        initial=Document.Visibility.INTERNAL,
    )
    circle = forms.ModelChoiceField(
        label=_("Theme circle"), queryset=Circle.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("File"),
        validators=[validate_document],
        help_text=_("PDF, ODT/ODS/ODP, PPTX, PNG, JPEG or WebP; at most 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.odt,.ods,.odp,.pptx,.png,.jpg,.jpeg,.webp",
            }
        ),
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["circle"].queryset = meeting.circles.all()


class ActionItemForm(forms.ModelForm):
    """An action item with its owner: a partner organisation (optionally one of its contacts),
    a working group or the Stabsstelle. Without a meeting (a decision's task) it has no theme
    circle."""

    prefix = "action"

    class Meta:
        model = ActionItem
        fields = [
            "title",
            "circle",
            "owner_kind",
            "responsible_partner",
            "responsible_body",
            "responsible_person",
            "due_on",
            "is_public",
        ]
        widgets = {
            "due_on": DATE_WIDGET,
            "owner_kind": forms.RadioSelect,
            # The same active partners on every meeting page: kept per content generation.
            "responsible_partner": FastSelect(shared_options="action-item-form-partners"),
        }

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = meeting or (self.instance.meeting if self.instance.meeting_id else None)
        if meeting is None:
            del self.fields["circle"]
        else:
            self.fields["circle"].queryset = meeting.circles.all()
        self.fields["owner_kind"].label = _("Who is responsible?")
        # Long lists on every meeting page: only what the options show is loaded.
        self.fields["responsible_partner"].queryset = (
            Partner.objects.active().order_by("name").only("pk", "name")
        )
        self.fields["responsible_partner"].help_text = _("When a partner organisation is.")
        self.fields["responsible_body"].queryset = Body.objects.working_groups()
        self.fields["responsible_body"].help_text = _("When a working group is.")
        self.fields["responsible_person"].queryset = (
            User.objects.filter(partner_contact__partner__status=Partner.Status.ACTIVE)
            .order_by("name", "email")
            .only("pk", "name", "email")
        )
        self.fields["responsible_person"].help_text = _(
            "Optional; a contact person of the responsible partner."
        )

    def clean(self):
        data = super().clean()
        kind = data.get("owner_kind")
        if kind == ActionItem.Owner.PARTNER and not data.get("responsible_partner"):
            self.add_error("responsible_partner", _("Choose the responsible partner organisation."))
        if kind == ActionItem.Owner.BODY and not data.get("responsible_body"):
            self.add_error("responsible_body", _("Choose the responsible working group."))
        # Only the chosen owner's field counts (the others may still hold a choice).
        if kind != ActionItem.Owner.PARTNER:
            data["responsible_partner"] = data["responsible_person"] = None
        if kind != ActionItem.Owner.BODY:
            data["responsible_body"] = None
        return data

    def _post_clean(self):
        # A new item's meeting (or decision) is set by the service; it validates the rest.
        if self.instance.pk:
            super()._post_clean()

    def item_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class ActionItemEditForm(ActionItemForm):
    class Meta(ActionItemForm.Meta):
        fields = [*ActionItemForm.Meta.fields, "status"]


class MembershipProposalForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Working group"), queryset=Body.objects.working_groups(), empty_label=None
    )
    representative = forms.ModelChoiceField(
        label=_("Representative"), queryset=User.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    valid_from = forms.DateField(label=pgettext_lazy("membership", "From"), widget=DATE_WIDGET)

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner is not None:
            # Every active user may be chosen; the service refuses people of other partners
            # with a clear message (the list itself shows only the partner's contacts).
            self.fields["representative"].queryset = User.objects.filter(is_active=True)
            self.representative_choices = User.objects.filter(
                partner_contact__partner=partner
            ).order_by("name", "email")
            self.fields["representative"].widget.choices = [
                (user.pk, str(user)) for user in self.representative_choices
            ]


class MembershipAddForm(forms.Form):
    prefix = "add"

    body = forms.ModelChoiceField(
        label=_("Working group"), queryset=Body.objects.working_groups(), empty_label=None
    )
    representative = forms.ModelChoiceField(
        label=_("Representative"),
        queryset=User.objects.filter(
            is_active=True, partner_contact__partner__status=Partner.Status.ACTIVE
        )
        .select_related("partner_contact__partner")
        .order_by("partner_contact__partner__name", "name", "email"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    valid_from = forms.DateField(label=pgettext_lazy("membership", "From"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].label_from_instance = lambda user: (
            f"{user} ({user.partner_contact.partner.name})"
        )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
