"""The bodies of the alliance as named in the Gemeinsame Erklärung.

Used by the data migration (meetings 0002, where the table was created) and by
`ensure_bodies()` (tests that flush the database).
"""

BODIES = [
    # (slug, name, kind, position, description)
    (
        "allianzversammlung",
        "Allianzversammlung",
        "plenum",
        0,
        "Die Vollversammlung aller Partner der Magdeburger Klimaallianz. Sie tagt mindestens "
        "zweimal im Jahr zu Kernthemen und entscheidet im Konsens.",
    ),
    (
        "energiesysteme-stromnutzung",
        "Energiesysteme / Stromnutzung",
        "facharbeitsgruppe",
        1,
        "Erneuerbare Erzeugung, Wärme- und Stromnetze, effiziente Stromnutzung in Betrieben.",
    ),
    (
        "gebaeude-stadtplanung",
        "Gebäude / Stadtplanung",
        "facharbeitsgruppe",
        2,
        "Sanierung und Neubau, Quartiersentwicklung und klimagerechte Stadtplanung.",
    ),
    (
        "verkehr",
        "Verkehr",
        "facharbeitsgruppe",
        3,
        "Öffentlicher Nahverkehr, Radverkehr, betriebliche Mobilität und Flottenumstellung.",
    ),
    (
        "kommunikation-buerger",
        "Kommunikation / Bürger",
        "facharbeitsgruppe",
        4,
        "Information und Beteiligung der Bürgerinnen und Bürger, Bildung, Öffentlichkeitsarbeit.",
    ),
]


def ensure_bodies(Body) -> None:  # noqa: N803 - the historical model in migrations
    for slug, name, kind, position, description in BODIES:
        Body.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "position": position, "description": description},
        )
