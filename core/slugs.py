"""Slugs for the portal's addresses: German transliteration, no markup, and old slugs that keep
working.

A slug is made from a title once. It changes only when someone asks for it (a checkbox on the
edit form), and then the old slug is kept as an alias: public links, bookmarks and search
engines that know the old address are sent on with a permanent redirect by
`SlugRedirectMiddleware`. Apps declare which public address prefixes carry which model's slug
(`register_slug_route`), so a route added later is covered by the same rule.
"""

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpResponsePermanentRedirect
from django.utils.html import strip_tags
from django.utils.text import slugify

from .models import SlugAlias

# Before slugify, which would drop umlauts' dots and ß entirely ("Begrüßung" → "begrung").
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
SLUG_MAX_LENGTH = 200


def german_slugify(text: str, *, max_length: int = SLUG_MAX_LENGTH) -> str:
    """ "Klimafrühstück für <b>Unternehmen</b>" → "klimafruehstueck-fuer-unternehmen".

    Markup is removed (tags and entities), German letters are transliterated, other accents
    lose them (é → e), and the result is cut at a word boundary where possible.
    """
    plain = html.unescape(strip_tags(str(text or "")))
    slug = slugify(plain.translate(_GERMAN))
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
    return slug.strip("-")


def _taken(model: type[models.Model], slug: str, exclude_pk) -> bool:
    others = model._default_manager.filter(slug=slug)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        return True
    # An old slug of another object stays reserved, so its redirect never changes target.
    aliases = SlugAlias.objects.filter(
        content_type=ContentType.objects.get_for_model(model), slug=slug
    )
    if exclude_pk is not None:
        aliases = aliases.exclude(object_id=exclude_pk)
    return aliases.exists()


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    exclude_pk=None,
    reserved: Iterable[str] = (),
    max_length: int = SLUG_MAX_LENGTH,
) -> str:
    """A slug for `text` that no other row of `model` uses or used, nor a reserved path."""
    reserved = set(reserved)
    base = german_slugify(text, max_length=max_length) or fallback
    slug, n = base, 2
    while slug in reserved or _taken(model, slug, exclude_pk):
        slug = f"{base}-{n}"
        n += 1
    return slug


def change_slug(instance: models.Model, new_slug: str) -> bool:
    """Give `instance` the slug `new_slug` (not saved) and keep its old slug as an alias.

    The caller saves the instance in the same transaction. Returns whether the slug changed.
    """
    old = instance.slug
    if not old or old == new_slug:
        instance.slug = new_slug
        return False
    content_type = ContentType.objects.get_for_model(type(instance))
    SlugAlias.objects.get_or_create(
        content_type=content_type, slug=old, defaults={"object_id": instance.pk}
    )
    # Taking back an earlier slug: it is the current one again, no longer an alias.
    SlugAlias.objects.filter(content_type=content_type, slug=new_slug).delete()
    instance.slug = new_slug
    return True


def forget_slugs(instance: models.Model) -> None:
    """Drop the old slugs of a row that is being deleted (its addresses answer 404 again)."""
    SlugAlias.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
    ).delete()


def current_slug(model: type[models.Model], old_slug: str, queryset=None) -> str | None:
    """The slug now used by the row that once had `old_slug`, if it is in `queryset`."""
    alias = (
        SlugAlias.objects.filter(
            content_type=ContentType.objects.get_for_model(model), slug=old_slug
        )
        .only("object_id")
        .first()
    )
    if alias is None:
        return None
    rows = queryset if queryset is not None else model._default_manager.all()
    return rows.filter(pk=alias.object_id).values_list("slug", flat=True).first()


@dataclass(frozen=True)
class SlugRoute:
    prefix: str  # "/projekte/"
    model: str  # "projects.Project"
    # The rows whose old slugs redirect here: the public ones, so an old address of a draft
    # never reveals its new one.
    visible: Callable[[models.QuerySet], models.QuerySet]


_routes: dict[str, SlugRoute] = {}


def register_slug_route(
    prefix: str, model: str, *, visible: Callable[[models.QuerySet], models.QuerySet]
) -> None:
    """Old slugs of `model` under `prefix` (and every address below it) redirect to the
    current one. Called from the app's `ready()`; keyed by prefix, so a second call replaces."""
    _routes[prefix] = SlugRoute(prefix=prefix, model=model, visible=visible)


def slug_routes() -> list[SlugRoute]:
    return list(_routes.values())


_SLUG_AND_REST = re.compile(r"(?P<slug>[-a-zA-Z0-9_]+)/(?P<rest>.*)\Z")


def redirect_for(path: str) -> str | None:
    """The current address for `path` if it names an old slug under a registered prefix."""
    for route in _routes.values():
        if not path.startswith(route.prefix):
            continue
        match = _SLUG_AND_REST.match(path[len(route.prefix) :])
        if not match:
            continue
        model = apps.get_model(route.model)
        new = current_slug(model, match["slug"], route.visible(model._default_manager.all()))
        if new:
            return f"{route.prefix}{new}/{match['rest']}"
    return None


class SlugRedirectMiddleware:
    """Turns a 404 for an old slug into a permanent redirect to the current address.

    Only 404 answers to GET/HEAD are looked at, so ordinary pages pay nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = redirect_for(request.path_info)
        if target is None:
            return response
        script = request.META.get("SCRIPT_NAME", "").rstrip("/")
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(script + target + (f"?{query}" if query else ""))


def migrate_to_german_slugs(
    apps, *, model: str, source: str, fallback: str, reserved: Iterable[str] = ()
) -> int:
    """Data migration step: rows whose slug was made from their title by the old rule (no
    transliteration, markup kept) get the German slug, and their old slug becomes an alias.

    Slugs that were chosen otherwise (an older title, a manual fix) are left as they are.
    Returns the number of rows changed.
    """
    app_label, model_name = model.split(".")
    rows = apps.get_model(app_label, model_name)
    alias_model = apps.get_model("core", "SlugAlias")
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    reserved = set(reserved)
    changed = 0
    for pk, slug, text in rows.objects.order_by("pk").values_list("pk", "slug", source):
        old_base = slugify(str(text or ""))[:SLUG_MAX_LENGTH] or fallback
        if not re.fullmatch(re.escape(old_base) + r"(-\d+)?", slug):
            continue
        base = german_slugify(text) or fallback
        if base == old_base:
            continue
        new, n = base, 2
        while (
            new in reserved
            or rows.objects.filter(slug=new).exclude(pk=pk).exists()
            or alias_model.objects.filter(content_type=content_type, slug=new).exists()
        ):
            new = f"{base}-{n}"
            n += 1
        alias_model.objects.get_or_create(
            content_type=content_type, slug=slug, defaults={"object_id": pk}
        )
        rows.objects.filter(pk=pk).update(slug=new)
        changed += 1
    return changed
