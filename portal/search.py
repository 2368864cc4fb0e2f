"""Site search over the types the apps register in `core.registry.search_types` (projects,
partners, news, meetings, decisions).

Every term is looked for in the type's fields in its German spellings ("waerme" finds "Wärme",
"Strasse" finds "Straße" and back), case-insensitively, so numbers such as "KA-2025-03" are
found as typed. On PostgreSQL the German full-text search (stemming: "Projekte" finds
"Projekt") adds to that and ranks the results. Each result carries a snippet of the text
around the first match.
"""

import html
import re

from django.apps import apps
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from core.registry import SearchType, search_types

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_CONTEXT = 80
SNIPPET_FALLBACK = 160
# Transliterations of German letters, both ways.
_TO_ASCII = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_MARKUP = re.compile(r"[#*_>`\[\]]+|\(https?://[^)]*\)")


def _model_fields(model) -> set[str]:
    return {field.name for field in model._meta.get_fields()}


def available_types() -> list[SearchType]:
    """The registered types whose model has the fields and the public queryset they name."""
    found = []
    for search_type in search_types:
        try:
            model = apps.get_model(search_type.model)
        except LookupError:
            continue
        names = _model_fields(model)
        related = {lookup.split("__")[0] for pair in search_type.guarded for lookup in pair}
        if (
            hasattr(model.objects, search_type.public)
            and set(search_type.fields) <= names
            and related <= names
            and search_type.vector_field in (None, *names)
        ):
            found.append(search_type)
    return found


def normalise(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def terms(query: str) -> list[str]:
    return query.split()[:MAX_TERMS]


def spellings(term: str) -> set[str]:
    """The ways a German word may be written: as typed, with ä/ö/ü/ß transliterated, and with
    ae/oe/ue/ss turned into umlauts and ß (a spelling that occurs in no text finds nothing)."""
    lower = term.lower()
    ascii_form = "".join(_TO_ASCII.get(char, char) for char in lower)
    umlauts = ascii_form.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
    found = {term, lower, ascii_form, umlauts, umlauts.replace("ss", "ß")}
    # SQLite compares only ASCII letters case-insensitively: "Ärger" needs its capital.
    found |= {spelling[:1].upper() + spelling[1:] for spelling in list(found)}
    return {spelling for spelling in found if spelling}


def _case_free_spellings(term: str) -> set[str]:
    """PostgreSQL's icontains compares case-insensitively in every alphabet, so the capital
    forms SQLite needs would only add conditions (and query parameters) there."""
    found = spellings(term)
    if connection.vendor == "postgresql":
        return {spelling.lower() for spelling in found}
    return found


def _condition(search_type: SearchType, words: list[str]) -> Q:
    condition = Q()
    for term in words:
        term_condition = Q()
        for spelling in _case_free_spellings(term):
            for field in search_type.fields:
                term_condition |= Q(**{f"{field}__icontains": spelling})
            for lookup, guard in search_type.guarded:
                term_condition |= Q(**{f"{lookup}__icontains": spelling, guard: True})
        condition &= term_condition
    return condition


def _is_code(term: str) -> bool:
    """A decision number, a year, a postcode: matched as typed, never stemmed or split."""
    return any(char.isdigit() for char in term)


def search_queryset(search_type: SearchType, query: str) -> QuerySet:
    model = apps.get_model(search_type.model)
    queryset = getattr(model.objects, search_type.public)()
    words = [term for term in terms(query) if not _is_code(term)]
    codes = [term for term in terms(query) if _is_code(term)]
    queryset = queryset.filter(_condition(search_type, codes))
    if connection.vendor == "postgresql" and words:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            F(search_type.vector_field)
            if search_type.vector_field
            else SearchVector(*search_type.fields, config="german")
        )
        search = SearchQuery(" ".join(words), config="german", search_type="websearch")
        return (
            queryset.annotate(rank=SearchRank(vector, search))
            .filter(Q(rank__gt=0) | _condition(search_type, words))
            .order_by("-rank", "-pk")
        )
    return queryset.filter(_condition(search_type, words)).order_by(F("pk").desc())


def _plain(value) -> str:
    return " ".join(_MARKUP.sub(" ", html.unescape(strip_tags(str(value or "")))).split())


def snippet(obj, search_type: SearchType, query: str) -> SafeString | None:
    """The text around the first match in the object's text fields (not its title), with the
    match marked; else the beginning of its first text field."""
    texts = [_plain(getattr(obj, field, "")) for field in search_type.fields[1:]]
    texts = [text for text in texts if text]
    if not texts:
        return None
    words = sorted(
        {spelling.lower() for term in terms(query) for spelling in spellings(term)},
        key=len,
        reverse=True,
    )
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    for text in texts:
        match = pattern.search(text) if words else None
        if match is None:
            continue
        start = max(0, match.start() - SNIPPET_CONTEXT)
        end = min(len(text), match.end() + SNIPPET_CONTEXT)
        window = text[start:end]
        marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", window)
        marked_html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
        prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
        return mark_safe(prefix + marked_html + suffix)  # noqa: S308 - escaped above
    text = texts[0]
    short = text[:SNIPPET_FALLBACK] + (" …" if len(text) > SNIPPET_FALLBACK else "")
    return mark_safe(escape(short))  # noqa: S308 - escaped


def with_snippets(objects, search_type: SearchType, query: str) -> list:
    objects = list(objects)
    for obj in objects:
        obj.search_snippet = snippet(obj, search_type, query)
    return objects
