"""Which downloads of the sweep's table are private and which public, and the check the
sweep (tests/security/test_url_sweep.py::test_get) applies to every response it fetches: a
private download says `Cache-Control: private, no-store`, a public one stays cacheable for
the anonymous public, and an attachment nobody listed here fails, so a download view added
later has to be classified."""

from core.downloads import is_attachment

# Private downloads and a role that may fetch each (the view itself marks them private).
PRIVATE_DOWNLOADS = {
    "projects_partner:document": "a",  # evidence of a draft project
    "projects_partner:document[published]": "a",  # evidence is never public
    "meetings:document[internal]": "a",
    "meetings:document[wg_internal]": "a",
    "partners:certificate": "a",  # the Beitrittsurkunde
    "accounts:my_data_export": "a",
    "accounts:person_export": "staff",
    "meetings:rsvps_csv": "staff",
    "reports:staff_download": "staff",
    "reports:download[unpublished]": "staff",
}
# Public downloads: cacheable for the anonymous public.
# The id-based report download of a published report now redirects to its year (301).
PUBLIC_DOWNLOADS = {"projects:export_csv", "projects:export_json"}
PUBLIC_DOWNLOADS |= {"reports:report_pdf", "reports:report_data"}  # a published year's files
PUBLIC_DOWNLOADS |= {"meetings:document"}  # a public meeting document
PUBLIC_DOWNLOADS |= {"climate:balance_csv"}  # the city balance as open data
PUBLIC_DOWNLOADS |= {"decisions:register_csv"}  # the decision register as open data
PUBLIC_DOWNLOADS |= {"meetings:meeting_ics"}  # a public meeting's calendar entry


def download_problems(key: str, role: str, response) -> list[str]:
    if response.status_code != 200:
        return []
    if not is_attachment(response) and key not in PRIVATE_DOWNLOADS:
        return []
    cache_control = response.get("Cache-Control", "")
    if key in PUBLIC_DOWNLOADS:
        # Cacheable for the public; for signed-in people either way.
        if role == "anon" and ("no-store" in cache_control or "private" in cache_control):
            return [f"{key} (public) as {role}: {cache_control!r}"]
        return []
    problems = []
    if role == "anon":
        problems.append(f"{key}: an attachment for anonymous users; add it to a list here")
    if cache_control != "private, no-store":
        problems.append(f"{key} as {role}: Cache-Control {cache_control!r}")
    return problems
