from django.conf import settings

from .navigation import public_navigation


def portal(request):
    # Who may open the staff or the partner area is asked in the templates ({% has_perm %}).
    return {
        "nav_items": public_navigation(),
        "portal_contact_email": settings.STAFF_NOTIFICATION_EMAIL,
    }
