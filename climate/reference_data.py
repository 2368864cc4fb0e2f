"""The default emission factor set (version 1 of each carrier), from public sources.

Used by the data migration (climate 0003) and by `ensure_default_factors()` (tests that flush
the database). None is confirmed: /methodik/ marks them "vom Fachamt zu bestätigen" until
staff confirm them.
"""

from decimal import Decimal

GEMIS = (
    "IINAS, GEMIS 4.95 (Stand 11/2016), CO2-Äquivalente inkl. Vorketten, "
    "zusammengestellt von der KEA Baden-Württemberg; in BISKO (ifeu 2019) empfohlen"
)
# carrier, unit, kg CO2e per unit, source, source year, note
DEFAULTS = [
    (
        "strom",
        "kWh",
        "0.3800",
        "Umweltbundesamt: Entwicklung der spezifischen Treibhausgas-Emissionen des "
        "deutschen Strommix in den Jahren 1990–2023",
        2024,
        "Bundesmix 2023 (Inlandsverbrauch). Der UBA-Wert enthält nur die direkten "
        "CO2-Emissionen; der BISKO-Faktor mit Vorketten liegt höher.",
    ),
    ("erdgas", "kWh", "0.2500", GEMIS, 2016, "Bezogen auf den Heizwert."),
    ("heizoel", "kWh", "0.3190", GEMIS, 2016, "Heizöl EL, bezogen auf den Heizwert."),
    (
        "fernwaerme",
        "kWh",
        "0.2800",
        "BAFA, Informationsblatt CO2-Faktoren (2020), Nah-/Fernwärme",
        2020,
        "Pauschalwert. Für Magdeburg gilt der Faktor des örtlichen Versorgers.",
    ),
    (
        "diesel",
        "l",
        "3.1700",
        "Umweltbundesamt, CO2-Emissionsfaktoren für fossile Brennstoffe (2022), "
        "zuzüglich Vorkette nach ifeu/TREMOD",
        2022,
        "Direkt 2,65 kg CO2 je Liter, mit Vorkette rund 3,17 kg CO2e.",
    ),
    (
        "benzin",
        "l",
        "2.8800",
        "Umweltbundesamt, CO2-Emissionsfaktoren für fossile Brennstoffe (2022), "
        "zuzüglich Vorkette nach ifeu/TREMOD",
        2022,
        "Direkt 2,37 kg CO2 je Liter, mit Vorkette rund 2,88 kg CO2e.",
    ),
    ("fluessiggas", "kWh", "0.2770", GEMIS, 2016, "Bezogen auf den Heizwert."),
    ("holzpellets", "kWh", "0.0270", GEMIS, 2016, "Bezogen auf den Heizwert."),
]


def ensure_default_factors(EmissionFactor, using: str = "default") -> None:  # noqa: N803 - historical model
    """Version 1 of every default carrier that has no factor yet."""
    present = set(EmissionFactor.objects.using(using).values_list("carrier", flat=True))
    for carrier, unit, value, source, source_year, note in DEFAULTS:
        if carrier in present:
            continue
        EmissionFactor.objects.using(using).create(
            carrier=carrier,
            version=1,
            unit=unit,
            kg_co2e_per_unit=Decimal(value),
            source=source,
            source_year=source_year,
            valid_from=1990,
            note=note,
        )
