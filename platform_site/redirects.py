from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, url, fallback):
    """Where to go on after a form: `url` (a `next` a page passed along) if it stays on this
    site, else `fallback`. Never on to another site, nor from HTTPS to HTTP."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback
