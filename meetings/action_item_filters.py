"""The filters of the staff's list of action items (GET parameters; invalid values are
ignored, never an error page)."""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import FastSelect
from partners.models import Body, Partner

from .models import ActionItem

UNFINISHED = "unerledigt"
OVERDUE = "ueberfaellig"
DUE_CHOICES = [
    (OVERDUE, _("overdue")),
    ("7", _("due within 7 days")),
    ("30", _("due within 30 days")),
]


class ActionItemFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(UNFINISHED, _("not finished")), *ActionItem.Status.choices],
        method="filter_status",
        empty_label=_("all"),
    )
    owner = django_filters.ChoiceFilter(
        label=_("Responsible"),
        field_name="owner_kind",
        choices=ActionItem.Owner.choices,
        empty_label=_("all"),
    )
    partner = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("action item filter", "Partner"),
        field_name="responsible_partner",
        queryset=Partner.objects.order_by("name"),
        empty_label=_("all"),
        widget=FastSelect(shared_options="action-item-filter-partners"),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Body"),
        queryset=Body.objects.all(),
        method="filter_body",
        empty_label=_("all"),
        widget=FastSelect(shared_options="action-item-filter-bodies"),
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"), choices=DUE_CHOICES, method="filter_due", empty_label=_("any time")
    )

    class Meta:
        model = ActionItem
        fields = []

    def filter_status(self, queryset, name, value):
        if value == UNFINISHED:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_body(self, queryset, name, value):
        """The working group responsible, or the body whose meeting gave the task."""
        return queryset.filter(Q(responsible_body=value) | Q(meeting__body=value))

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.overdue(today)
        return queryset.open().filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=int(value))
        )
