"""Site-wide views: home page, legal pages, health check, error pages."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health
from .markdown import render_markdown

CONTENT_DIR = Path(__file__).resolve().parent / "content"

LEGAL_PAGES = {
    "impressum": _("Legal notice"),
    "datenschutz": _("Privacy notice"),
    "barrierefreiheit": _("Accessibility statement"),
}


def home(request):
    return render(request, "klimaportal/home.html")


def legal_page(request, page: str):
    if page not in LEGAL_PAGES:
        raise Http404
    text = (CONTENT_DIR / f"{page}.md").read_text(encoding="utf-8")
    text = text.replace("{contact_email}", settings.STAFF_NOTIFICATION_EMAIL)
    return render(
        request,
        "klimaportal/legal_page.html",
        {"title": LEGAL_PAGES[page], "body": render_markdown(text)},
    )


@never_cache
@require_GET
def healthz(request):
    checks = {"database": health.database_state(), "broker": health.broker_state()}
    healthy = all(state in {"ok", "eager"} for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
