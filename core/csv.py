"""The portal's CSV writer: every export goes through it.

Spreadsheets run a cell as a formula when it starts with "=", "+", "-" or "@" (and after a
tab or carriage return); a partner's project title like `=HYPERLINK(...)` or a DDE payload
would run on the computer of whoever opens the export. As OWASP recommends ("CSV
Injection"), such cells get a leading apostrophe, so the spreadsheet shows them as text.
Numbers are left alone (a negative figure such as "-2,5" is no formula). Quotes inside a
cell are doubled by the csv module, so no cell breaks out of its quotes.

German spreadsheets expect ";" between cells, CRLF line ends and a UTF-8 byte order mark.
"""

import csv
import re
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number (German or international notation), which no spreadsheet runs.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*", re.ASCII)


def neutralise(value) -> str:
    """The text of one cell, with a leading apostrophe if a spreadsheet could run it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` whose cells are neutralised; same `writerow`/`writerows`."""

    def __init__(self, fileobj, *, delimiter: str = ";", lineterminator: str = "\r\n", **kwargs):
        self._writer = csv.writer(
            fileobj, delimiter=delimiter, lineterminator=lineterminator, **kwargs
        )

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def writer(fileobj, **kwargs) -> SafeWriter:
    return SafeWriter(fileobj, **kwargs)


def csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """An attachment response (UTF-8 with byte order mark, so spreadsheets read the umlauts)
    and the writer that fills it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, SafeWriter(response)
