"""Serving uploaded images. Only image folders are served from /media/; evidence, meeting
documents and reports are served by their own permission-checked views (as attachments),
never from here.

Partner logos are public. Images that belong to an object which may not be public yet (a
draft project, a scheduled news post) live in folders whose app registers a lookup
(`register_image_folder`): such an image is served only to whom the object's view rule
admits, to everyone else it does not exist (404). Uploaded images get unguessable names
(`unguessable_image_name`), so a URL neither tells the original file name nor can be guessed.
"""

import mimetypes
import os
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.views.static import serve

from .downloads import PRIVATE_CACHE_CONTROL

PUBLIC_IMAGE_FOLDERS = ("partner-logos/",)
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}
IMAGE_EXTENSIONS = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg", ".webp": ".webp"}
PUBLIC_CACHE_CONTROL = "public, max-age=86400"
# An owned image stops being public when its object is unpublished: caches keep it briefly.
OWNED_PUBLIC_CACHE_CONTROL = "public, max-age=600"

# folder -> lookup(name) returning (object, view permission) or None for an unknown file.
ImageLookup = Callable[[str], tuple[object, str] | None]
_owned_folders: dict[str, ImageLookup] = {}


def register_image_folder(folder: str, lookup: ImageLookup) -> None:
    """An app declares whose images a folder holds (in its `AppConfig.ready()`)."""
    _owned_folders[folder] = lookup


def _sniffed_extension(file) -> str:
    try:
        position = file.tell()
        file.seek(0)
        head = file.read(12)
        file.seek(position)
    except (AttributeError, OSError, ValueError):
        return ""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    return ""


def unguessable_image_name(folder: str, filename: str, fieldfile=None) -> str:
    """`<folder><random>.<ext>` for an `upload_to`. The extension comes from the content when
    the upload is at hand (`fieldfile`, the field's value being saved; the validators have
    checked the content), else from the name: /media/ serves by extension, so an image named
    "foto" or "bild.jfif" would otherwise not be served."""
    extension = IMAGE_EXTENSIONS.get(os.path.splitext(filename or "")[1].lower(), "")
    # The uploaded file is only attached to the field file until it is stored.
    pending = fieldfile is not None and not getattr(fieldfile, "_committed", True)
    upload = getattr(fieldfile, "_file", None) if pending else None
    if upload is not None:
        extension = _sniffed_extension(upload) or extension
    return f"{folder}{uuid.uuid4().hex}{extension}"


def public_image(request, path: str):
    if ".." in path.split("/") or mimetypes.guess_type(path)[0] not in IMAGE_TYPES:
        raise Http404
    folder = next((f for f in _owned_folders if path.startswith(f)), None)
    cache_control = PUBLIC_CACHE_CONTROL
    if folder is not None:
        owner = _owned_folders[folder](path)
        if owner is None:
            raise Http404
        obj, permission = owner
        if not request.user.has_perm(permission, obj):
            raise Http404
        if AnonymousUser().has_perm(permission, obj):
            cache_control = OWNED_PUBLIC_CACHE_CONTROL
        else:
            cache_control = PRIVATE_CACHE_CONTROL
    elif not path.startswith(PUBLIC_IMAGE_FOLDERS):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = cache_control
    return response
