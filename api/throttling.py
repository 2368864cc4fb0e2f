from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core import ratelimit


class PublicReadThrottle(SimpleRateThrottle):
    """The rate limit of the read API and OParl: per client address (as far as it can be
    trusted, core.ratelimit.client_ip, like the portal's other limits), counted in the shared
    cache (Redis in production). Everybody is anonymous there, so there is one limit for all.
    The rate is read on each request (settings.API_RATE_LIMIT), so tests and deployments can
    change it."""

    scope = "api"
    cache_format = "api-throttle:%(ident)s"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": ratelimit.client_ip(request) or "unknown"}
