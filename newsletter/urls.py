from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/angefordert/", views.requested, name="requested"),
    path("newsletter/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/abmelden/<str:key>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/archiv/", views.archive, name="archive"),
    path("newsletter/archiv/<int:number>/", views.archive_detail, name="archive_detail"),
    path("stabsstelle/newsletter/", views.StaffIssueListView.as_view(), name="staff_list"),
    path("stabsstelle/newsletter/neu/", views.IssueEditView.as_view(), name="issue_create"),
    path("stabsstelle/newsletter/<int:number>/", views.issue_detail, name="issue_detail"),
    path(
        "stabsstelle/newsletter/<int:number>/bearbeiten/",
        views.IssueEditView.as_view(),
        name="issue_edit",
    ),
    path("stabsstelle/newsletter/<int:number>/test/", views.issue_test, name="issue_test"),
    path("stabsstelle/newsletter/<int:number>/senden/", views.issue_send, name="issue_send"),
    path("konto/benachrichtigungen/", views.notification_preferences, name="preferences"),
]
