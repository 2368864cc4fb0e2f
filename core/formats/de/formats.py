"""The portal's one date convention (README, "UI conventions"), as Django's named formats.

Templates write `|date:"DATE_FORMAT"` (or another name below), never a format string of their
own; Python code uses `core.dates`. tests/core/test_date_formats.py holds templates to it.
"""

# Running text, headings, public pages: "1. Dezember 2026"
DATE_FORMAT = "j. F Y"
# Tables, lists, compact facts: "01.12.2026"
SHORT_DATE_FORMAT = "d.m.Y"
# "1. Dezember 2026, 08:00 Uhr"
DATETIME_FORMAT = r"j. F Y, H:i \U\h\r"
# "01.12.2026, 08:00 Uhr"
SHORT_DATETIME_FORMAT = r"d.m.Y, H:i \U\h\r"
# "08:00 Uhr"
TIME_FORMAT = r"H:i \U\h\r"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"

# Input formats and number separators are not set here: Django's German defaults stay in force.
