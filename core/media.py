"""Serving uploaded images. Only the folders of public images are served from /media/;
evidence, meeting documents and reports are served by their own permission-checked views
(as attachments), never from here."""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.views.static import serve

PUBLIC_IMAGE_FOLDERS = ("partner-logos/", "news/", "projects/images/")
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}


def public_image(request, path: str):
    if not path.startswith(PUBLIC_IMAGE_FOLDERS) or ".." in path.split("/"):
        raise Http404
    if mimetypes.guess_type(path)[0] not in IMAGE_TYPES:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "public, max-age=86400"
    return response
