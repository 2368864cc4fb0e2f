"""Thin views: the one way to run a service from a form or a button.

Services validate and raise `ValidationError`; views only show it. A form view shows the
errors on the form (on the field a message belongs to, the rest above the form, the user's
input kept); a POST-only action shows them as messages on the page it redirects to.

- `apply_validation_error(form, exc)`: maps a ValidationError (dict, list or message) onto
  the form's fields and non-field errors.
- `run_service(form, service, **kwargs)` -> `(ok, result)` for function views.
- `run_action(request, service, success=..., **kwargs)` -> `(ok, result)` for POST buttons.
- `ServiceFormView`: a gated class view around one form and one service call.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect
from django.views.generic.edit import FormView

from .permissions import PermissionGateMixin


def apply_validation_error(form, exc: ValidationError) -> None:
    """Shows a service's ValidationError on the form: errors of a field the form has on that
    field, everything else (unknown fields, `__all__`, plain messages) as non-field errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.error_list)


def run_service(form, service: Callable[..., Any], /, **kwargs) -> tuple[bool, Any]:
    """Calls `service(**kwargs)`. On ValidationError the errors land on the form and the
    result is `(False, None)`; otherwise `(True, what the service returned)`."""
    try:
        result = service(**kwargs)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return False, None
    return True, result


def run_action(
    request, service: Callable[..., Any], /, *, success: str | None = None, **kwargs
) -> tuple[bool, Any]:
    """A button without a form: `service(**kwargs)`; its ValidationError messages (or the
    success message) are shown as messages on the next page. Returns `(ok, result)` like
    `run_service`."""
    try:
        result = service(**kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


class ServiceFormView(PermissionGateMixin, FormView):
    """One form, one service call, behind the gate.

    Subclasses set `permission_required`, `form_class`, `template_name`, and implement
    `perform(form)` (call the service with `form.cleaned_data`; its return value is kept as
    `self.result`). On success: `success_message` (formatted with `get_success_message()`)
    and a redirect to `get_success_url()`. A ValidationError of the service shows on the form
    like the form's own errors, with status 200 and the input kept.
    """

    success_message: str = ""
    result: Any = None

    def perform(self, form) -> Any:
        raise NotImplementedError

    def get_success_message(self) -> str:
        return str(self.success_message)

    def form_valid(self, form):
        ok, self.result = run_service(form, self.perform, form=form)
        if not ok:
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())
