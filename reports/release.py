"""The data release of a published annual report: its snapshot as CSV and JSON, one file per
table, zipped with a README of the fields, the licence (dl-de/by-2-0) and SHA-256 checksums.

The zip is made from the snapshot stored with the report version and nothing else, with fixed
file times, so it is the same bytes every time it is built: a later change of the data does not
alter a published report's release (the checksums on the page stay true).
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.core.cache import cache

from core import csv as portal_csv
from core.licence import LICENCE_ID, LICENCE_NAME, LICENCE_URL, licence_metadata

DECIMAL = "decimal"  # a figure stored as a decimal string in the snapshot


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: list[tuple[str, str, str]]  # (key, kind, description)
    rows: list[dict]


def _tables(s: dict) -> list[Table]:
    e, p, m, d = s["emissions"], s["projects"], s["meetings"], s["decisions"]
    tables = [
        Table(
            "kennzahlen",
            "Kennzahlen des Jahres",
            [("kennzahl", "text", "Name der Kennzahl"), ("wert", "text", "Wert")],
            [{"kennzahl": key, "wert": value} for key, value in s["key_figures"].items()],
        ),
        Table(
            "stadtbilanz",
            "Stadtbilanz bis zum Berichtsjahr (BISKO)",
            [
                ("jahr", "int", "Bilanzjahr"),
                ("emissionen_t", DECIMAL, "Emissionen der Stadt in t CO2e"),
                ("einwohner", "int", "Einwohnerzahl"),
                ("je_einwohner_t", DECIMAL, "t CO2e je Einwohnerin und Einwohner"),
                ("vorlaeufig", "bool", "Vorläufige Werte"),
                ("quelle", "text", "Quelle der Bilanz"),
                *[
                    (f"sektor_{key}_t", DECIMAL, f"Sektor {key} in t CO2e (leer: nicht erfasst)")
                    for key in ("households", "commerce", "industry", "municipal", "transport")
                ],
            ],
            [
                {
                    "jahr": row["year"],
                    "emissionen_t": row["total_t"],
                    "einwohner": row["population"],
                    "je_einwohner_t": row["per_capita"],
                    "vorlaeufig": row["preliminary"],
                    "quelle": row["source"],
                    **{f"sektor_{sec['key']}_t": sec["t"] for sec in row["sectors"]},
                }
                for row in e.get("years", [])
            ],
        ),
        Table(
            "zielpfad",
            "Emissionen je Einwohner und Zielpfad",
            [
                ("jahr", "int", "Jahr"),
                ("ist_t", DECIMAL, "t CO2e je Einwohner laut Bilanz (leer: keine Bilanz)"),
                ("ziel_t", DECIMAL, "Zielpfad in t CO2e je Einwohner"),
            ],
            [
                {"jahr": pt["year"], "ist_t": pt["actual"], "ziel_t": pt["target"]}
                for pt in e["points"]
            ],
        ),
        Table(
            "beitrag_allianz",
            "Beitrag der Allianz zum Abstand der Stadt vom Ziel 2050",
            [
                ("jahr", "int", "Jahr"),
                ("abstand_t", DECIMAL, "Emissionen minus 3,2 t CO2e mal Einwohnerzahl"),
                ("erreicht_t", DECIMAL, "Freigegebene erreichte Minderungen der Projekte"),
                ("anteil_prozent", DECIMAL, "Anteil am Abstand in Prozent"),
                ("lage", "text", "Lage zum Zielpfad in Worten"),
            ],
            [
                {
                    "jahr": c["year"],
                    "abstand_t": c["distance_t"],
                    "erreicht_t": c["achieved_t"],
                    "anteil_prozent": c["share_percent"],
                    "lage": c["position_text"],
                }
                for c in e.get("contributions", [])
            ],
        ),
        Table(
            "handlungsfelder",
            "Erwartete und erreichte Minderung je Handlungsfeld",
            [
                ("handlungsfeld", "text", "Handlungsfeld (Facharbeitsgruppe)"),
                ("projekte", "int", "Anzahl Projekte"),
                ("erwartet_t_je_jahr", DECIMAL, "Erwartete Minderung in t CO2e je Jahr"),
                ("erreicht_t", DECIMAL, "Im Berichtsjahr erreichte Minderung in t CO2e"),
            ],
            [
                {
                    "handlungsfeld": row["name"],
                    "projekte": row["projects"],
                    "erwartet_t_je_jahr": row["expected"],
                    "erreicht_t": row["achieved"],
                }
                for row in p["by_field_of_action"]
            ],
        ),
        Table(
            "projekte",
            "Veröffentlichte Projekte, begonnen bis zum 31. Dezember des Berichtsjahres",
            [
                ("titel", "text", "Titel"),
                (
                    "federfuehrung",
                    "text",
                    "Federführender Partner (ohne Einwilligung: Platzhalter)",
                ),
                ("beteiligte", "text", "Beteiligte Partner, durch „|“ getrennt"),
                ("handlungsfeld", "text", "Handlungsfeld"),
                ("status", "text", "Status am 31. Dezember"),
                ("beginn", "date", "Beginn (ISO 8601)"),
                ("ende", "date", "Ende, wenn bis zum Jahresende (ISO 8601)"),
                ("erwartet_t_je_jahr", DECIMAL, "Erwartete Minderung in t CO2e je Jahr"),
                ("erreicht_t", DECIMAL, "Im Berichtsjahr erreicht, t CO2e"),
                ("erreicht_bis_t", DECIMAL, "Bis zum Berichtsjahr erreicht, t CO2e"),
                ("angerechnet", "bool", "Vor dem Beitritt entwickelt und angerechnet"),
            ],
            [
                {
                    "titel": row["title"],
                    "federfuehrung": row["lead"],
                    "beteiligte": " | ".join(row["partners"]),
                    "handlungsfeld": row["field_of_action"],
                    "status": row["status"],
                    "beginn": row["start_date"],
                    "ende": row["end_date"],
                    "erwartet_t_je_jahr": row["expected"],
                    "erreicht_t": row["achieved"],
                    "erreicht_bis_t": row["achieved_to_date"],
                    "angerechnet": row["credited"],
                }
                for row in p["table"]
            ],
        ),
        Table(
            "sitzungen",
            "Sitzungen des Berichtsjahres",
            [
                ("datum", "date", "Beginn (ISO 8601)"),
                ("gremium", "text", "Gremium"),
                ("titel", "text", "Titel"),
                ("anwesende_organisationen", "int", "Anzahl anwesender Organisationen"),
            ],
            [
                {
                    "datum": mt["date"],
                    "gremium": mt["body"],
                    "titel": mt["title"],
                    "anwesende_organisationen": mt["attendance"],
                }
                for mt in m["list"]
            ],
        ),
        Table(
            "klimakreise",
            "Ergebnisse der Klimakreise",
            [
                ("sitzung", "text", "Sitzung"),
                ("datum", "date", "Datum der Sitzung"),
                ("klimakreis", "text", "Titel des Klimakreises"),
                ("diskussion", "text", "Ergebnis der Diskussion (Markdown)"),
                ("naechste_schritte", "text", "Nächste Schritte (Markdown)"),
            ],
            [
                {
                    "sitzung": mt["title"],
                    "datum": mt["date"],
                    "klimakreis": c["title"],
                    "diskussion": c["discussion"],
                    "naechste_schritte": c["next_steps"],
                }
                for mt in m["list"]
                for c in mt["circles"]
            ],
        ),
        Table(
            "arbeitsgruppen",
            "Gremien mit Mitgliedern am 31. Dezember",
            [
                ("gremium", "text", "Gremium"),
                ("sitzungen", "int", "Anzahl Sitzungen"),
                ("mitglieder", "text", "Öffentlich gelistete Mitglieder, durch „|“ getrennt"),
                ("mitglieder_ohne_nennung", "int", "Anzahl Mitglieder ohne öffentliche Nennung"),
            ],
            [
                {
                    "gremium": b["name"],
                    "sitzungen": b["meetings"],
                    "mitglieder": " | ".join(b.get("members", [])),
                    "mitglieder_ohne_nennung": b.get("members_unnamed", 0),
                }
                for b in m["bodies"]
            ],
        ),
        Table(
            "beschluesse",
            "Beschlüsse des Berichtsjahres",
            [
                ("nummer", "text", "Beschlussnummer"),
                ("datum", "date", "Beschlossen am (ISO 8601)"),
                ("gegenstand", "text", "Gegenstand"),
                ("ergebnis", "text", "Ergebnis"),
                ("zustimmung", "int", "Anzahl Zustimmungen"),
                ("enthaltung", "int", "Anzahl Enthaltungen"),
                ("einwand", "int", "Anzahl Einwände"),
                ("umsetzung", "text", "Stand der Umsetzung"),
            ],
            [
                {
                    "nummer": dd["number"],
                    "datum": dd["date"],
                    "gegenstand": dd["title"],
                    "ergebnis": dd["result"],
                    "zustimmung": dd["consent"],
                    "enthaltung": dd["abstain"],
                    "einwand": dd["objection"],
                    "umsetzung": dd.get("followup", {}).get("status", ""),
                }
                for dd in d["list"]
            ],
        ),
        Table(
            "einwaende",
            "Begründungen der Einwände zu nicht angenommenen Beschlüssen (ohne Namen)",
            [("nummer", "text", "Beschlussnummer"), ("begruendung", "text", "Begründung")],
            [
                {"nummer": dd["number"], "begruendung": reason}
                for dd in d["list"]
                for reason in dd.get("objection_reasons", [])
            ],
        ),
        Table(
            "offene_aufgaben",
            "Am 31. Dezember offene Aufgaben",
            [
                ("aufgabe", "text", "Aufgabe"),
                ("verantwortlich", "text", "Verantwortlicher Partner"),
                ("gremium", "text", "Gremium"),
                ("faellig", "date", "Fällig am (ISO 8601)"),
            ],
            [
                {
                    "aufgabe": item["title"],
                    "verantwortlich": item["partner"],
                    "gremium": item["body"],
                    "faellig": item["due_on"],
                }
                for item in s["action_items"]["open_list"]
            ],
        ),
    ]
    return tables


def _csv_cell(value, kind: str):
    if value is None:
        return ""
    if kind == DECIMAL:
        return str(value).replace(".", ",")  # German spreadsheets, as the other CSV exports
    if kind == "bool":
        return "ja" if value else "nein"
    return value


def _json_value(value, kind: str):
    if kind == DECIMAL and value is not None:
        return float(value)
    return value


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    out = portal_csv.writer(buffer)
    out.writerow([key for key, _kind, _text in table.fields])
    for row in table.rows:
        out.writerow([_csv_cell(row.get(key), kind) for key, kind, _text in table.fields])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json(table: Table, snapshot: dict) -> bytes:
    document = {
        "table": table.name,
        "title": table.title,
        "year": snapshot["year"],
        "report_version": snapshot.get("version"),
        "license": licence_metadata(),
        "fields": [
            {"name": key, "type": kind, "description": text} for key, kind, text in table.fields
        ],
        "rows": [
            {key: _json_value(row.get(key), kind) for key, kind, _text in table.fields}
            for row in table.rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def _readme(snapshot: dict, tables: list[Table]) -> bytes:
    year, version = snapshot["year"], snapshot.get("version")
    lines = [
        f"Jahresbericht {year} der Magdeburger Klimaallianz – Daten (Version {version})",
        "=" * 72,
        "",
        "Die Daten, aus denen der Jahresbericht erstellt wurde, so wie sie bei seiner",
        f"Erstellung ({snapshot.get('generated_at', '')}) vorlagen. Je Tabelle eine CSV-Datei",
        "(UTF-8 mit BOM, Trennzeichen Semikolon, Dezimalkomma) und eine JSON-Datei",
        "(Zahlen als JSON-Zahlen, Datumsangaben nach ISO 8601, null für unbekannt).",
        "Partnerorganisationen ohne Einwilligung zur öffentlichen Nennung erscheinen als",
        "Platzhalter oder werden nur gezählt. Die Prüfsummen stehen in SHA256SUMS.",
        "",
        f"Lizenz: {LICENCE_NAME} ({LICENCE_ID}), {LICENCE_URL}",
        f"Namensnennung: {licence_metadata()['attribution']}",
        "",
    ]
    for table in tables:
        lines += [f"{table.name}.csv / {table.name}.json – {table.title}", ""]
        lines += [f"  {key} ({kind}): {text}" for key, kind, text in table.fields]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


@dataclass(frozen=True)
class Release:
    content: bytes
    sha256: str
    files: list[tuple[str, str, int]]  # (name, sha256, size)

    @property
    def size(self) -> int:
        return len(self.content)


def _build(snapshot: dict) -> Release:
    tables = _tables(snapshot)
    files: list[tuple[str, bytes]] = [("README.txt", _readme(snapshot, tables))]
    for table in tables:
        files.append((f"{table.name}.csv", _csv(table)))
        files.append((f"{table.name}.json", _json(table, snapshot)))
    sums = [(name, hashlib.sha256(data).hexdigest(), len(data)) for name, data in files]
    files.append(
        ("SHA256SUMS", "".join(f"{digest}  {name}\n" for name, digest, _n in sums).encode())
    )
    # Fixed times from the snapshot: the same snapshot gives the same bytes.
    stamp = (snapshot.get("generated_at") or "1980-01-01T00:00:00")[:19]
    date_time = tuple(int(part) for part in stamp.replace("T", "-").replace(":", "-").split("-"))
    buffer = io.BytesIO()
    folder = f"jahresbericht-{snapshot['year']}-v{snapshot.get('version')}-daten"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    content = buffer.getvalue()
    return Release(content=content, sha256=hashlib.sha256(content).hexdigest(), files=sums)


def data_release(report) -> Release:
    """The release of a finished report, from its stored snapshot (cached by version)."""
    key = f"reports:release:{report.pk}:{report.version}:{report.sha256}"
    release = cache.get(key)
    if release is None:
        release = _build(report.snapshot)
        cache.set(key, release, 60 * 60)
    return release
