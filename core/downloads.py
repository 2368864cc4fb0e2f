"""Responses with private content (evidence, internal documents, certificates, personal data,
staff exports) must not be kept by a browser's disk cache or by any cache in between."""

PRIVATE_CACHE_CONTROL = "private, no-store"


def private_download(response):
    """Marks a response as private and not to be stored; returns it (use on the return line)."""
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    return response


def is_attachment(response) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")
