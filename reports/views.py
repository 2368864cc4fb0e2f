from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from partners.views import apply_validation_error

from . import services
from .forms import EmissionsForm, TargetPathForm
from .models import CityEmissions, TargetPath
from .selectors import target_path


class EmissionsView(PermissionRequiredMixin, View):
    """Staff enter the city's balance per year and choose the target path's base year."""

    permission_required = "reports.manage_emissions"

    def dispatch(self, request, *args, **kwargs):
        year = kwargs.get("year")
        self.row = get_object_or_404(CityEmissions, year=year) if year else None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, year=None):
        return self.show(EmissionsForm(instance=self.row), self.target_form())

    def target_form(self, data=None):
        return TargetPathForm(data, instance=TargetPath.objects.first(), prefix="target")

    def post(self, request, year=None):
        if "target-base_year" in request.POST:
            target_form = self.target_form(request.POST)
            if target_form.is_valid():
                services.target_path_set(
                    actor=request.user, base_year=target_form.cleaned_data["base_year"]
                )
                messages.success(request, _("The base year of the target path has been saved."))
                return redirect("reports:emissions")
            return self.show(EmissionsForm(instance=self.row), target_form)
        form = EmissionsForm(request.POST, instance=self.row)
        if form.is_valid():
            try:
                services.emissions_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The figures for %(year)s have been saved.")
                    % {"year": form.cleaned_data["year"]},
                )
                return redirect("reports:emissions")
        return self.show(form, self.target_form())

    def show(self, form, target_form):
        return render(
            self.request,
            "reports/emissions.html",
            {
                "form": form,
                "target_form": target_form,
                "row": self.row,
                "rows": CityEmissions.objects.all(),
                "path": target_path(),
            },
        )
