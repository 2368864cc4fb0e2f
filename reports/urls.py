from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # The city balance moved to climate (/stabsstelle/klimabilanz/); old links still arrive.
    path(
        "stabsstelle/emissionen/",
        views.emissions_moved,
        name="emissions",
    ),
    path(
        "stabsstelle/emissionen/<int:year>/",
        views.emissions_moved,
        name="emissions_edit",
    ),
    path("stabsstelle/berichte/", views.staff_reports, name="staff_list"),
    path("stabsstelle/berichte/<int:pk>/pdf/", views.staff_download, name="staff_download"),
    path("stabsstelle/berichte/<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path("stabsstelle/berichte/<int:pk>/zurueckziehen/", views.unpublish, name="unpublish"),
    path("berichte/", views.public_list, name="public_list"),
    path("berichte/<int:year>/", views.report_page, name="report_page"),
    path("berichte/<int:year>/bericht.pdf", views.report_pdf, name="report_pdf"),
    path("berichte/<int:year>/daten.zip", views.report_data, name="report_data"),
    # The old id-based link of the PDF redirects to its year (permanently, once published).
    path("berichte/<int:pk>/pdf/", views.download, name="download"),
]
