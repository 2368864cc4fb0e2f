from django.urls import path

from . import views

app_name = "climate"

urlpatterns = [
    path("klimabilanz/", views.balance, name="balance"),
    path("klimabilanz/daten.json", views.balance_json, name="balance_json"),
    path("klimabilanz/export.csv", views.balance_csv, name="balance_csv"),
    path("methodik/", views.methods, name="methods"),
    path("stabsstelle/klimabilanz/", views.BalanceStaffView.as_view(), name="balance_staff"),
    path(
        "stabsstelle/klimabilanz/<int:year>/",
        views.BalanceStaffView.as_view(),
        name="balance_edit",
    ),
    path(
        "stabsstelle/klimabilanz/<int:year>/loeschen/",
        views.balance_delete,
        name="balance_delete",
    ),
    path("stabsstelle/emissionsfaktoren/", views.factors_staff, name="factors_staff"),
    path(
        "stabsstelle/emissionsfaktoren/<slug:carrier>/neue-version/",
        views.factors_staff,
        name="factor_new_version",
    ),
    path(
        "stabsstelle/emissionsfaktoren/<int:pk>/bestaetigen/",
        views.factor_confirm,
        name="factor_confirm",
    ),
]
