"""Files chosen in a form that failed are kept for the next submit (issue #20).

A browser never re-fills a file input, so after an error on any other field the person would
have to find the file again, and often does not notice. When a form fails, each file that
passed its own field's checks is stored under kept-uploads/ in the media storage (never
served from /media/: core/media.py serves image folders only) and the form carries a signed
token for it instead (core/forms.py renders it). On the next POST, KeptUploadsMiddleware puts
the file back into request.FILES when no new file was chosen, so the form checks it again as
if it had been uploaded. A token is bound to the person who uploaded the file and expires
after KEEP_SECONDS; the beat task core.purge_kept_uploads removes older files.
"""

import contextvars
import datetime
import re
import uuid

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import timezone

FOLDER = "kept-uploads"
KEEP_SECONDS = 6 * 3600
TOKEN_SUFFIX = "__kept"  # noqa: S105 - a field name suffix, not a secret
DISCARD_SUFFIX = "__kept_discard"
_SALT = "core.kept_uploads"
_STORED_NAME = re.compile(rf"{FOLDER}/[0-9a-f]{{32}}")

# The current request (set by KeptUploadsMiddleware): files are kept only for a logged-in
# person and given back only to that person.
_request: contextvars.ContextVar = contextvars.ContextVar("kept_upload_request", default=None)


def current_owner() -> str:
    # Asked only when a file is kept or given back, so no other request loads its user.
    user = getattr(_request.get(), "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else ""


def keep(uploaded, *, owner: str) -> str:
    """Stores the uploaded file; returns the token that gives it back to `owner`."""
    existing = getattr(uploaded, "kept_token", "")
    if existing:
        return existing
    uploaded.seek(0)
    stored = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}", uploaded)
    uploaded.seek(0)
    token = signing.dumps(
        {
            "file": stored,
            "name": str(uploaded.name or "")[:200],
            "type": str(getattr(uploaded, "content_type", "") or "application/octet-stream"),
            "owner": owner,
        },
        salt=_SALT,
        compress=True,
    )
    uploaded.kept_token, uploaded.kept_file = token, stored
    return token


def restore(token: str, *, owner: str):
    """The kept file as an upload, or None for a token that is forged, expired, someone
    else's or whose file is gone."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=KEEP_SECONDS)
    except signing.BadSignature:
        return None
    stored = str(data.get("file", ""))
    if not owner or data.get("owner") != owner or not _STORED_NAME.fullmatch(stored):
        return None
    if not default_storage.exists(stored):
        return None
    size = default_storage.size(stored)
    upload = TemporaryUploadedFile(str(data.get("name") or "upload"), data.get("type"), size, None)
    with default_storage.open(stored, "rb") as source:
        for chunk in source.chunks():
            upload.write(chunk)
    upload.seek(0)
    upload.kept_token = token
    return upload


def purge(*, now=None) -> int:
    """Removes kept files older than KEEP_SECONDS; returns how many."""
    limit = (now or timezone.now()) - datetime.timedelta(seconds=KEEP_SECONDS)
    try:
        _dirs, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            removed += 1
    return removed


class KeptUploadsMiddleware:
    """Gives a form's kept files back to the POST that carries their tokens (unless a new
    file was chosen or the person asked to drop it). After the CSRF check (process_view),
    and after RequestSizeLimitMiddleware, which must see the body first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(reset)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Tokens travel only in forms with a file input, which are multipart.
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        for key, token in request.POST.items():
            if not key.endswith(TOKEN_SUFFIX):
                continue
            name = key.removesuffix(TOKEN_SUFFIX)
            if request.FILES.get(name) or request.POST.get(name + DISCARD_SUFFIX):
                continue
            upload = restore(token, owner=current_owner())
            if upload is not None:
                request.FILES[name] = upload
        return None
