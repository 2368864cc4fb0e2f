from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """`?page=` (from 1) and `?page_size=` (at most 100); the answer carries `count`, `next`
    and `previous`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
