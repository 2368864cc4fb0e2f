from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("konto/profil/", views.profile, name="profile"),
    path("konto/meine-daten/", views.my_data, name="my_data"),
    path("konto/meine-daten/export.json", views.my_data_export, name="my_data_export"),
    path("stabsstelle/personen/", views.people, name="people"),
    path("stabsstelle/personen/<int:pk>/export.json", views.person_export, name="person_export"),
    path("stabsstelle/personen/<int:pk>/loeschen/", views.person_erase, name="person_erase"),
]
