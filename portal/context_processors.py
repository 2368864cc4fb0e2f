from django.conf import settings

from .navigation import public_navigation


def portal(request):
    # Who may open the staff or the partner area is asked in the templates ({% has_perm %}).
    items = public_navigation()
    return {
        "nav_items": items,
        # The one item marked as the current page: the navigation is kept per current item
        # ({% fragment %}), not per path.
        "nav_current": next((item.url for item in items if item.url == request.path), ""),
        "portal_contact_email": settings.STAFF_NOTIFICATION_EMAIL,
    }
