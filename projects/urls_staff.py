"""The staff review: /stabsstelle/projekte/…"""

from django.urls import path

from . import views

app_name = "projects_staff"

urlpatterns = [
    path("", views.StaffQueueView.as_view(), name="queue"),
    path("<slug:slug>/", views.StaffReviewView.as_view(), name="review"),
    path(
        "<slug:slug>/veroeffentlichen/",
        views.StaffReviewView.as_view(action="publish"),
        name="publish",
    ),
    path(
        "<slug:slug>/zurueckgeben/", views.StaffReviewView.as_view(action="return"), name="return"
    ),
    path(
        "<slug:slug>/zuruecknehmen/",
        views.StaffReviewView.as_view(action="unpublish"),
        name="unpublish",
    ),
    path(
        "<slug:slug>/adresse/",
        views.StaffReviewView.as_view(action="slug"),
        name="slug_update",
    ),
    path("<slug:slug>/aenderung/", views.StaffRevisionView.as_view(), name="revision"),
    path(
        "<slug:slug>/aenderung/freigeben/",
        views.StaffRevisionView.as_view(action="approve"),
        name="revision_approve",
    ),
    path(
        "<slug:slug>/aenderung/zurueckgeben/",
        views.StaffRevisionView.as_view(action="return"),
        name="revision_return",
    ),
]
