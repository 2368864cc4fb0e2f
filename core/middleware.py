"""Site-wide response headers and the early limit on request bodies."""

from django.conf import settings
from django.shortcuts import render

from .downloads import PRIVATE_CACHE_CONTROL, is_attachment


def permissions_policy() -> str:
    return ", ".join(f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items())


class SecurityHeadersMiddleware:
    """Adds the Permissions-Policy to every response, and `Cache-Control: private, no-store` to
    every attachment sent to a signed-in person that does not state its caching itself — so a
    download view added later is private by default (views use core.downloads.private_download
    explicitly; public downloads are requested anonymously or set their own Cache-Control)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and is_attachment(response)
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response


class RequestSizeLimitMiddleware:
    """Answers 413 to a request whose declared body is larger than allowed, before anything
    reads it: multipart bodies (uploads) up to UPLOAD_MAX_REQUEST_MB, other bodies up to
    DATA_UPLOAD_MAX_MEMORY_SIZE. Without it, a 30 MB upload would be received completely (into
    a temporary file) before a form's 20 MB check refuses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_body_bytes(request):
            # The server discards the unread body (gunicorn drains it without storing it).
            return render(request, "413.html", {"max_mb": max_upload_mb(request)}, status=413)
        return self.get_response(request)


# Exact paths whose uploads may be larger than UPLOAD_MAX_REQUEST_MB (the sign-language video),
# each with the setting that holds its limit in MB and the permission a user needs for it: the
# larger body is received before the view runs, so nobody else may send one.
_large_upload_paths: dict[str, tuple[str, str]] = {}


def register_large_upload(path: str, *, setting: str, perm: str) -> None:
    """Called from an app's `ready()`."""
    _large_upload_paths[path] = (setting, perm)


def max_upload_mb(request) -> int:
    found = _large_upload_paths.get(request.path_info)
    user = getattr(request, "user", None)
    if found is not None and user is not None and user.has_perm(found[1]):
        return max(getattr(settings, found[0]), settings.UPLOAD_MAX_REQUEST_MB)
    return settings.UPLOAD_MAX_REQUEST_MB


def max_body_bytes(request) -> int:
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data"):
        return max_upload_mb(request) * 1024 * 1024
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit if limit is not None else 2**63
