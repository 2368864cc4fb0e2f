from rest_framework.negotiation import DefaultContentNegotiation


class FormatParameterNegotiation(DefaultContentNegotiation):
    """The format comes from `?format=` only, never from the Accept header: anonymous answers
    are kept in the page cache by URL (core.page_cache), so one URL must always give the same
    representation whoever asks."""

    def select_renderer(self, request, renderers, format_suffix=None):
        format_query_param = self.settings.URL_FORMAT_OVERRIDE
        wanted = format_suffix or request.query_params.get(format_query_param)
        if wanted:
            return super().select_renderer(request, renderers, format_suffix)
        renderer = renderers[0]
        return renderer, renderer.media_type
