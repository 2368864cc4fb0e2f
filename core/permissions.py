"""The one permission gate of the portal.

Every view that is not public asks a named `rules` permission, optionally about an object:
anonymous users are sent to the login, everyone else without the permission gets 403. The
decorator and the mixin are two spellings of `gate()`, so function and class views refuse in
exactly the same way. Object-level questions (may edit this project, may state a position for
this partner) are rules that receive the object, and those rules include the partner's state.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

ObjectGetter = Callable[..., object]


def gate(request: HttpRequest, perm: str | tuple[str, ...], obj: object = None) -> None:
    """Raise unless the user holds `perm` (all of them, if several) for `obj`."""
    perms = (perm,) if isinstance(perm, str) else perm
    if all(request.user.has_perm(name, obj) for name in perms):
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


class LoginRequired(PermissionDenied):  # noqa: N818 - reads as the outcome, like Http404
    """Raised by the gate for anonymous users; turned into a redirect to the login."""


def _refuse(request: HttpRequest) -> HttpResponse:
    return redirect_to_login(request.get_full_path())


def require_perm(perm: str | tuple[str, ...], obj: ObjectGetter | None = None):
    """View decorator. `obj(request, **kwargs)` loads the object the rule is asked about
    (raising Http404 when it does not exist); the view receives it as `obj` in kwargs only if
    it accepts that argument, so loaders can be shared with the view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            target = obj(request, **kwargs) if obj is not None else None
            try:
                gate(request, perm, target)
            except LoginRequired:
                return _refuse(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class PermissionGateMixin:
    """Class-view spelling of the gate: set `permission_required`, and override
    `get_permission_object()` for object-level rules (default: no object)."""

    permission_required: str | tuple[str, ...] = ()

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_required:
            raise NotImplementedError(f"{type(self).__name__} names no permission")
        try:
            gate(request, self.permission_required, self.get_permission_object())
        except LoginRequired:
            return _refuse(request)
        return super().dispatch(request, *args, **kwargs)
