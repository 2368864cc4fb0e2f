"""Site search over the types the apps register in `core.registry.search_types` (projects,
partners, news, meetings, decisions).

PostgreSQL: full-text search with the German configuration (stemming, ranking). SQLite, the
embedded default: a plain case-insensitive match on the same fields.
"""

from django.apps import apps
from django.db import connection
from django.db.models import F, QuerySet

from core.registry import SearchType, search_types

MAX_QUERY_LENGTH = 200


def available_types() -> list[SearchType]:
    """The registered types whose model has the fields and the public queryset they name."""
    found = []
    for search_type in search_types:
        try:
            model = apps.get_model(search_type.model)
        except LookupError:
            continue
        field_names = {field.name for field in model._meta.get_fields()}
        if hasattr(model.objects, search_type.public) and set(search_type.fields) <= field_names:
            found.append(search_type)
    return found


def normalise(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def search_queryset(search_type: SearchType, query: str) -> QuerySet:
    model = apps.get_model(search_type.model)
    queryset = getattr(model.objects, search_type.public)()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*search_type.fields, config="german")
        search = SearchQuery(query, config="german", search_type="websearch")
        return (
            queryset.annotate(rank=SearchRank(vector, search))
            .filter(rank__gt=0)
            .order_by("-rank", "-pk")
        )
    from django.db.models import Q

    condition = Q()
    for term in query.split()[:10]:
        term_condition = Q()
        for field in search_type.fields:
            term_condition |= Q(**{f"{field}__icontains": term})
        condition &= term_condition
    return queryset.filter(condition).order_by(F("pk").desc())
