"""A tile server in the settings, as MAP_TILE_URL would configure it (klimaportal.settings reads
it once at start, so tests set what the settings derive from it)."""

import copy

from klimaportal.settings import tile_origin


def configure_tiles(settings, url: str, attribution: str = "© Test-Kacheln") -> str:
    origin = tile_origin(url)
    settings.MAP_TILE_URL = url
    settings.MAP_TILE_ORIGIN = origin
    settings.MAP_TILE_ATTRIBUTION = attribution
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = [*policy["DIRECTIVES"]["img-src"], origin]
    settings.CONTENT_SECURITY_POLICY = policy
    return origin
