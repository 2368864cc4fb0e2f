"""/api/v1/ (read API, its OpenAPI schema and documentation) and /oparl/v1/ (OParl 1.1)."""

from django.http import JsonResponse
from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import oparl, views


class ApiRouter(DefaultRouter):
    include_format_suffixes = False


router = ApiRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("news", views.PostViewSet, basename="news")
router.register("city-balance", views.CityBalanceViewSet, basename="city-balance")
router.register("emission-factors", views.EmissionFactorViewSet, basename="emission-factor")


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the portal's static files; the init script is a separate request
    (`?script`), so the page needs no inline script under the CSP."""

    template_name = "api/docs.html"
    url_name = "api:schema"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data["schema_url"] = reverse("api:schema") + "?format=json"
            response.data["opendata_url"] = reverse("opendata")
        return response


def not_found(request, rest: str = ""):
    """Any other address under /api/v1/ answers in JSON like the API, not with the HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


app_name = "api"

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", DocsView.as_view(), name="docs"),
    path("api/v1/", include(router.urls)),
    re_path(r"^api/v1/(?P<rest>.*)$", not_found, name="not-found"),
    *oparl.urlpatterns,
]
