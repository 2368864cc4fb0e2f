from django.conf import settings

from accounts.roles import is_stabsstelle
from partners.selectors import partner_of

from .navigation import public_navigation


def portal(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": public_navigation(),
        "user_is_stabsstelle": bool(user and is_stabsstelle(user)),
        "user_partner": partner_of(user) if user is not None else None,
        "portal_contact_email": settings.STAFF_NOTIFICATION_EMAIL,
    }
