"""The public city balance (/klimabilanz/), its data, the methods page (/methodik/), and the
staff pages that enter the balance and version the emission factors, behind the gate."""

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from core.audit.selectors import history_of
from core.content_cache import remember
from core.csv import csv_response
from core.licence import licence_metadata, with_licence
from core.permissions import PermissionGateMixin, require_perm
from core.views import run_action, run_service

from . import selectors, services
from .charts import target_path_svg
from .forms import EmissionFactorForm, EmissionsForm, TargetPathForm
from .models import CityEmissions, EmissionFactor, TargetPath


def _chart(path):
    return target_path_svg(
        path,
        title=_("Per-capita emissions of Magdeburg and the target path to 2050"),
        description=_(
            "Line chart: actual t CO2e per inhabitant per year and the straight target path "
            "to 3.2 t in 2050. The same figures are in the table below."
        ),
    )


def balance(request):
    """Per-capita emissions against the target path, absolute emissions by sector, sources."""
    # The balance and its chart are the same for every visitor until the content changes.
    data = remember("climate.balance", selectors.city_balance)
    return render(
        request,
        "climate/balance.html",
        {
            "balance": data,
            "path": data.path,
            "chart": remember(
                "climate.balance_chart", lambda: _chart(data.path), per_language=True
            ),
            # The projects' results summed per year and field: the same for every visitor
            # until the content changes, and the slowest part of the page.
            "contributions": selectors.contributions(
                data, remember("climate.achieved", selectors.achieved_by_year_and_field)
            ),
        },
    )


def balance_json(request):
    data = selectors.balance_json(selectors.city_balance())
    data = {
        "generated_at": timezone.now(),
        "source": request.build_absolute_uri(reverse("climate:balance")),
        "license": licence_metadata(),
        **data,
    }
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = 'inline; filename="klimabilanz-magdeburg.json"'
    return with_licence(response)


def balance_csv(request):
    response, writer = csv_response("klimabilanz-magdeburg.csv")
    writer.writerows(selectors.balance_csv_rows(selectors.city_balance()))
    return with_licence(response)


def methods(request):
    return render(request, "climate/methods.html", {"groups": selectors.factor_groups()})


# Staff: the city balance --------------------------------------------------------------------


class BalanceStaffView(PermissionGateMixin, View):
    """Staff enter the city's balance per year, correct it, and choose the path's base year."""

    permission_required = "climate.manage_balance"

    def get_permission_object(self):
        year = self.kwargs.get("year")
        self.row = get_object_or_404(CityEmissions, year=year) if year else None
        return self.row

    def get(self, request, year=None):
        return self.show(EmissionsForm(instance=self.row), self.target_form())

    def target_form(self, data=None):
        return TargetPathForm(data, instance=TargetPath.objects.first(), prefix="target")

    def post(self, request, year=None):
        if "target-base_year" in request.POST:
            target_form = self.target_form(request.POST)
            if target_form.is_valid():
                ok, _row = run_service(
                    target_form,
                    services.target_path_set,
                    actor=request.user,
                    base_year=target_form.cleaned_data["base_year"],
                )
                if ok:
                    messages.success(request, _("The base year of the target path has been saved."))
                    return redirect("climate:balance_staff")
            return self.show(EmissionsForm(instance=self.row), target_form)
        form = EmissionsForm(request.POST, instance=self.row)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            fields["year"] = self.row.year if self.row else fields["year"]
            ok, row = run_service(form, services.emissions_save, actor=request.user, **fields)
            if ok:
                messages.success(
                    request, _("The figures for %(year)s have been saved.") % {"year": row.year}
                )
                return redirect("climate:balance_staff")
        return self.show(form, self.target_form())

    def show(self, form, target_form):
        return render(
            self.request,
            "climate/staff_balance.html",
            {
                "form": form,
                "target_form": target_form,
                "row": self.row,
                "rows": CityEmissions.objects.all(),
                "path": selectors.target_path(),
                "history": history_of(self.row) if self.row else selectors.balance_history(),
            },
        )


def balance_by_year(request, year: int, **kwargs) -> CityEmissions:
    return get_object_or_404(CityEmissions, year=year)


@require_POST
@require_perm("climate.manage_balance", obj=balance_by_year)
def balance_delete(request, year: int, obj: CityEmissions):
    ok, _result = run_action(
        request,
        services.emissions_delete,
        actor=request.user,
        row=obj,
        success=_("The figures for %(year)s have been deleted.") % {"year": year},
    )
    return redirect("climate:balance_staff" if ok else reverse("climate:balance_edit", args=[year]))


# Staff: emission factors ----------------------------------------------------------------------


@require_perm("climate.manage_factors")
def factors_staff(request, carrier: str | None = None):
    """All factor versions; the form adds a new version (prefilled from the current one when
    the carrier is chosen). Old versions are never edited."""
    if carrier is not None and carrier not in EmissionFactor.Carrier.values:
        return redirect("climate:factors_staff")
    current = selectors.factor_for_display(carrier) if carrier else None
    initial = {}
    if current is not None:
        initial = {
            name: getattr(current, name)
            for name in ("unit", "kg_co2e_per_unit", "source", "source_year", "note")
        }
        initial["valid_from"] = timezone.localdate().year
    form = EmissionFactorForm(request.POST or None, initial=initial, carrier=carrier)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        fields["carrier"] = carrier or fields["carrier"]
        ok, factor = run_service(
            form, services.emission_factor_add_version, actor=request.user, **fields
        )
        if ok:
            messages.success(
                request,
                _("Version %(version)s of the factor “%(carrier)s” has been saved.")
                % {"version": factor.version, "carrier": factor.get_carrier_display()},
            )
            return redirect("climate:factors_staff")
    return render(
        request,
        "climate/staff_factors.html",
        {"form": form, "carrier": carrier, "current": current, "groups": selectors.factor_groups()},
    )


def factor_by_pk(request, pk: int, **kwargs) -> EmissionFactor:
    return get_object_or_404(EmissionFactor, pk=pk)


@require_POST
@require_perm("climate.manage_factors", obj=factor_by_pk)
def factor_confirm(request, pk: int, obj: EmissionFactor):
    """Whether it is still unconfirmed is the service's check (shown as a message); the page
    offers the button where `climate.confirm_factor` holds."""
    run_action(
        request,
        services.emission_factor_confirm,
        actor=request.user,
        factor=obj,
        success=_("%(factor)s is confirmed.") % {"factor": obj},
    )
    return redirect("climate:factors_staff")
