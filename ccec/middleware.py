"""Project-wide HTTP headers."""

from django.utils.cache import patch_cache_control


def private_cache(get_response):
    """`Cache-Control: private, no-store` on every response to a signed-in user: their pages and
    files hold what only they may see, so no browser history, back button or shared proxy keeps
    a copy."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
