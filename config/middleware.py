"""Middleware of the top floor."""

from .views import _is_api, method_not_allowed


class MethodNotAllowedPageMiddleware:
    """Django answers a method a view does not take with an empty 405; pages get one that says which methods the
    address takes (`config.views.method_not_allowed`). API answers keep DRF's JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not _is_api(request):
            return method_not_allowed(request, response)
        return response
