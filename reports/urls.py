from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("stabsstelle/emissionen/", views.EmissionsView.as_view(), name="emissions"),
    path(
        "stabsstelle/emissionen/<int:year>/",
        views.EmissionsView.as_view(),
        name="emissions_edit",
    ),
]
