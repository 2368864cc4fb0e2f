"""Site-wide views: home page, legal pages with the accessibility feedback, search, health."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health, ratelimit
from core.markdown import render_markdown
from core.registry import home_sections, sections
from core.views import ServiceFormView

from . import search, services
from .forms import FeedbackForm, LegalPageForm, SearchForm, SignLanguageVideoForm
from .models import LegalPage, SignLanguageVideo
from .sections import rows

FEEDBACK_LIMIT = 5  # messages per IP address and hour
SEARCH_PAGE_SIZE = 20
SEARCH_PREVIEW = 5


def home(request):
    """The sections the apps register (key figures, target path, news, meetings, ...)."""
    return render(
        request, "portal/home.html", {"rows": rows(sections(home_sections, request.user))}
    )


def render_legal_body(page: LegalPage):
    return render_markdown(page.body.replace("{contact_email}", settings.STAFF_NOTIFICATION_EMAIL))


def legal_page(request, page: str):
    legal = get_object_or_404(LegalPage, slug=page)
    context = {
        "page": legal,
        "title": legal.get_slug_display(),
        "body": render_legal_body(legal),
    }
    if page == LegalPage.Slug.GEBAERDENSPRACHE:
        context["videos"] = list(SignLanguageVideo.objects.all())
    if page == LegalPage.Slug.BARRIEREFREIHEIT:
        form = FeedbackForm(request.POST or None)
        # Only valid messages count toward the limit: a form sent back for a typo does not.
        if request.method == "POST" and form.is_valid():
            if not ratelimit.allow(
                f"feedback:{ratelimit.client_ip(request)}", limit=FEEDBACK_LIMIT, period=3600
            ):
                form.add_error(
                    None, _("Too many messages in a short time. Please try again in an hour.")
                )
            else:
                services.feedback_submit(page_url=request.build_absolute_uri(), **form.cleaned_data)
                messages.success(
                    request, _("Thank you! Your message has been sent to the Stabsstelle.")
                )
                return redirect("barrierefreiheit")
        context["feedback_form"] = form
    elif request.method == "POST":
        raise Http404
    return render(request, "portal/legal_page.html", context)


class LegalPageEditView(ServiceFormView):
    permission_required = "portal.change_legal_page"
    form_class = LegalPageForm
    template_name = "portal/legal_page_form.html"
    success_message = gettext_lazy("The page has been saved.")

    def get_permission_object(self):
        self.page = get_object_or_404(LegalPage, slug=self.kwargs["page"])
        return self.page

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.page}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def perform(self, form):
        return services.legal_page_update(
            page=self.page, actor=self.request.user, body=form.cleaned_data["body"]
        )

    def get_success_url(self):
        return reverse(self.page.slug)


def site_search(request):
    form = SearchForm(request.GET)
    query = search.normalise(request.GET.get("q", "")) if form.is_valid() else ""
    types = search.available_types()
    selected = next((t for t in types if t.key == request.GET.get("typ")), None)
    groups, page = [], None
    if query:
        if selected:
            page = Paginator(search.search_queryset(selected, query), SEARCH_PAGE_SIZE).get_page(
                request.GET.get("page")
            )
            page.object_list = search.with_snippets(page.object_list, selected, query)
        else:
            for search_type in types:
                queryset = search.search_queryset(search_type, query)
                results = search.with_snippets(queryset[: SEARCH_PREVIEW + 1], search_type, query)
                groups.append(
                    {
                        "type": search_type,
                        "results": results[:SEARCH_PREVIEW],
                        "more": len(results) > SEARCH_PREVIEW,
                    }
                )
    return render(
        request,
        "portal/search.html",
        {
            "form": form,
            "q": query,
            "groups": groups,
            "selected": selected,
            "page": page,
            "types": types,
            "query": urlencode({"q": query, "typ": selected.key}) if selected else "",
            "total": sum(len(g["results"]) for g in groups),
        },
    )


@never_cache
@require_GET
def liveness(request):
    """The process answers; no database or broker check (load balancers, benchmark floor)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": health.database_state(),
        "broker": health.broker_state(),
        "cache": health.cache_state(),
    }
    healthy = all(state in {"ok", "eager", "local"} for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


# Sign-language videos ---------------------------------------------------------------------


def _sign_language_file(fieldfile, content_type: str) -> FileResponse:
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def sign_language_video(request, pk: int):
    item = get_object_or_404(SignLanguageVideo, pk=pk)
    return _sign_language_file(item.video, item.video_type or "video/mp4")


@require_GET
def sign_language_captions(request, pk: int):
    item = get_object_or_404(SignLanguageVideo, pk=pk)
    return _sign_language_file(item.captions, "text/vtt; charset=utf-8")


class SignLanguageVideosView(ServiceFormView):
    """Staff upload and remove the videos of /gebaerdensprache/."""

    permission_required = "portal.manage_sign_language_videos"
    form_class = SignLanguageVideoForm
    template_name = "portal/sign_language_videos.html"
    success_message = gettext_lazy("The video has been added.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            videos=SignLanguageVideo.objects.all(),
            max_mb=settings.SIGN_LANGUAGE_VIDEO_MAX_MB,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "delete" in request.POST:
            pk = request.POST.get("delete", "")
            if not pk.isdigit():
                raise Http404
            item = get_object_or_404(SignLanguageVideo, pk=int(pk))
            services.sign_language_video_delete(actor=request.user, item=item)
            messages.success(request, _("The video has been removed."))
            return redirect("sign_language_videos")
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.sign_language_video_add(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("sign_language_videos")
