from django.urls import path

from . import views, views_map

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("export.geojson", views_map.export_geojson, name="export_geojson"),
    path("karte/", views_map.project_map, name="map"),
    path("<slug:slug>/", views.project_detail, name="detail"),
]
