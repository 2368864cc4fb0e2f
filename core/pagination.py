"""Pages of list views whose number of rows is kept per content generation.

Counting the rows of a filtered list (the paginator's COUNT query, with the filter's joins and
full-text conditions) was a sixth of the time of a list page. The count of the same filter is
the same for every visitor until the content changes, so it is kept like the pieces of a page
(core.fragments: per generation, language and day, in process memory; nothing during a Redis
outage). Only for lists that are the same for every visitor and do not depend on the time of
day.
"""

from collections.abc import Hashable, Iterable, Mapping

from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.utils.functional import cached_property

from . import fragments


def _part(value) -> Hashable:
    if isinstance(value, Model):
        return ("pk", value.pk)
    if isinstance(value, str | int | bool | type(None)):
        return value
    if isinstance(value, Iterable):
        return tuple(_part(item) for item in value)
    return str(value)


def filter_key(values: Mapping | None, ignore: Iterable[str] = ()) -> tuple:
    """A hashable key of a filter form's cleaned data (model instances by their key), without
    the fields in `ignore` that do not change which rows there are (the sort order)."""
    skipped = set(ignore)
    return tuple(
        sorted(
            (name, _part(value)) for name, value in (values or {}).items() if name not in skipped
        )
    )


class KeptCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, list_name: str, key: tuple, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count_parts = (list_name, *key)

    @cached_property
    def count(self) -> int:
        return fragments.remember(
            "pagination-count", self._count_parts, lambda: Paginator.count.func(self)
        )


def kept_count_page(object_list, per_page: int, number, *, list_name: str, key: tuple = ()) -> Page:
    """`Paginator(object_list, per_page).get_page(number)` with the count kept per content
    generation under `list_name` and `key` (which must name everything that selects rows)."""
    return KeptCountPaginator(object_list, per_page, list_name=list_name, key=key).get_page(number)
