from django.urls import path

from . import views
from .feeds import NewsFeed

app_name = "news"

urlpatterns = [
    path("aktuelles/", views.post_list, name="list"),
    path("aktuelles/feed/", NewsFeed(), name="feed"),
    path("aktuelles/<slug:slug>/", views.post_detail, name="detail"),
    path("stabsstelle/aktuelles/", views.StaffPostListView.as_view(), name="staff_list"),
    path("stabsstelle/aktuelles/neu/", views.PostEditView.as_view(), name="create"),
    path(
        "stabsstelle/aktuelles/<slug:slug>/bearbeiten/",
        views.PostEditView.as_view(),
        name="edit",
    ),
]
