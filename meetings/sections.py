"""Contribution point of the meeting pages: apps above meetings add sections to a meeting's
public page and to its staff page without meetings importing them (decisions lists the
decisions taken in the meeting). Apps register in their `AppConfig.ready()`:

    meeting_sections.register("decisions", section)

`section(request, meeting, *, page)` returns HTML (or "") for `page` "detail" (the public
meeting page) or "manage" (the staff page).
"""

from core.registry import Registry

meeting_sections = Registry("meeting_sections")
