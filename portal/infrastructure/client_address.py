"""The address of the client that sent a request, as far as the portal's own proxies vouch for it.

Behind a reverse proxy every request comes from the proxy's address (REMOTE_ADDR): log-in
throttling keyed on it would let one stranger lock every visitor out of an account. Each proxy
appends the address it received the request from to X-Forwarded-For, so with N trusted proxies
in front of the portal (``TRUSTED_PROXY_COUNT``, from ``DJANGO_TRUSTED_PROXY_COUNT``) the client
is the N-th address from the right. Whatever stands to the left of it was written by the client
and is not believed. With N = 0 (the default, no proxy) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address: from X-Forwarded-For past ``TRUSTED_PROXY_COUNT`` proxies, else
    REMOTE_ADDR (also when the header holds fewer addresses than there are proxies, or an
    entry that is not an address: the request did not come through the proxies as configured)."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
