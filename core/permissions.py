"""The one permission gate of the portal.

Every view that is not public asks a named `rules` permission, optionally about an object:
anonymous users are sent to the login, everyone else without the permission gets 403. The
decorator and the mixin are two spellings of `gate()`, so function and class views refuse in
exactly the same way. Object-level questions (may edit this project, may state a position for
this partner) are rules that receive the object, and those rules include the partner's state.

Two variations, both still the gate:
- `hidden=True`: the object is hidden from whoever may not see it, so the refusal is a 404
  for everyone (public detail pages of drafts, unlisted partners, unpublished reports).
- `refused=callable`: what a logged-in user without the permission gets instead of the 403
  (e.g. a redirect with a message); anonymous users still go to the login.

When the loader of a non-hidden gate finds no object (Http404), anonymous users are sent to
the login instead: they learn nothing about which objects exist behind the login.

`tests/security/test_gate.py` walks every URL pattern and requires the gate on every view that
is not explicitly public: the decorator marks its wrapper with `__gate__`, the mixin is found
in the class's MRO.
"""

import inspect
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

ObjectGetter = Callable[..., object]
Refusal = Callable[..., HttpResponse]
Perm = str | tuple[str, ...]


class LoginRequired(PermissionDenied):  # noqa: N818 - reads as the outcome, like Http404
    """Raised by the gate for anonymous users; turned into a redirect to the login."""


def as_tuple(perm: Perm) -> tuple[str, ...]:
    return (perm,) if isinstance(perm, str) else tuple(perm)


def allowed(user, perm: Perm, obj: object = None) -> bool:
    """Whether the user holds `perm` (all of them, if several) for `obj`."""
    return all(user.has_perm(name, obj) for name in as_tuple(perm))


def gate(request: HttpRequest, perm: Perm, obj: object = None, *, hidden: bool = False) -> None:
    """Raise unless the user holds `perm` (all of them, if several) for `obj`:
    Http404 if `hidden`, LoginRequired for anonymous users, else PermissionDenied."""
    if allowed(request.user, perm, obj):
        return
    if hidden:
        raise Http404
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


def load_object(request: HttpRequest, loader: Callable[[], object], *, hidden: bool = False):
    """Calls `loader()`; a missing object sends anonymous users to the login (unless hidden)."""
    try:
        return loader()
    except Http404:
        if not hidden and not request.user.is_authenticated:
            raise LoginRequired from None
        raise


def _login(request: HttpRequest) -> HttpResponse:
    return redirect_to_login(request.get_full_path())


def require_perm(
    perm: Perm,
    obj: ObjectGetter | None = None,
    *,
    hidden: bool = False,
    refused: Refusal | None = None,
):
    """View decorator. `obj(request, **kwargs)` loads the object the rule is asked about
    (raising Http404 when it does not exist); the view receives it as the keyword argument
    `obj` if its signature has a parameter of that name, so it is loaded once.
    `refused(request, **kwargs)` answers logged-in users without the permission (default 403).
    """
    perms = as_tuple(perm)
    if not perms:
        raise ValueError("require_perm needs a permission name")

    def decorator(view):
        accepts_obj = obj is not None and "obj" in inspect.signature(view).parameters

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                target = None
                if obj is not None:
                    target = load_object(request, lambda: obj(request, **kwargs), hidden=hidden)
                gate(request, perms, target, hidden=hidden)
            except LoginRequired:
                return _login(request)
            except PermissionDenied:
                if refused is None:
                    raise
                return refused(request, **kwargs)
            if accepts_obj:
                kwargs["obj"] = target
            return view(request, *args, **kwargs)

        wrapper.__gate__ = perms
        return wrapper

    return decorator


class PermissionGateMixin:
    """Class-view spelling of the gate: set `permission_required` (or override
    `get_permission_required()`, e.g. per HTTP method), and override `get_permission_object()`
    for object-level rules (default: no object). `permission_hidden = True` answers 404 to
    everyone refused; `refused_response()` may answer logged-in users instead of the 403."""

    permission_required: Perm = ()
    permission_hidden: bool = False

    def get_permission_required(self) -> tuple[str, ...]:
        perms = as_tuple(self.permission_required)
        if not perms:
            raise NotImplementedError(f"{type(self).__name__} names no permission")
        return perms

    def get_permission_object(self):
        return None

    def refused_response(self, request) -> HttpResponse | None:
        """A response for a logged-in user without the permission; None means 403."""
        return None

    def dispatch(self, request, *args, **kwargs):
        hidden = self.permission_hidden
        try:
            perms = self.get_permission_required()
            target = load_object(request, self.get_permission_object, hidden=hidden)
            gate(request, perms, target, hidden=hidden)
        except LoginRequired:
            return _login(request)
        except PermissionDenied:
            response = self.refused_response(request)
            if response is None:
                raise
            return response
        return super().dispatch(request, *args, **kwargs)


def is_gated(view) -> bool:
    """Whether a URL pattern's callback goes through the gate (used by the gate test)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, PermissionGateMixin)
    seen = view
    while seen is not None:
        if getattr(seen, "__gate__", None):
            return True
        seen = getattr(seen, "__wrapped__", None)
    return False
