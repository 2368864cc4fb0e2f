"""The alliance's contribution on the city balance: climate computes the distance to the goal
and the shares, but may not import projects (a layer above it); reports sees both and hands
climate the approved achieved reductions by year and field of action."""

from decimal import Decimal

from partners.models import Body
from projects.selectors import achieved_by_field_of_action_and_year


def achieved_by_year_and_field() -> dict[int, list[tuple[str, Decimal]]]:
    """{year: [(field of action's name, achieved t CO2e)]} over the published projects' results
    (their approved values: pending revisions do not count), in two queries."""
    table = achieved_by_field_of_action_and_year()
    names = dict(Body.objects.values_list("slug", "name"))
    return {
        year: [(names.get(slug, slug), value) for slug, value in fields.items()]
        for year, fields in table.items()
    }
