"""The address a request came from, for the rate limit and the login throttle."""

import ipaddress

from django.conf import settings

UNKNOWN = "0.0.0.0"


def client_ip(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost one saw.

    Each proxy appends its peer's address to X-Forwarded-For, so only the last
    TRUSTED_PROXY_COUNT entries were written by our proxies: anything left of them is
    whatever the client sent, and would let a visitor pick their own bucket.
    """
    # A server on a Unix socket sees no address: such requests share one bucket (behind
    # the README's proxy, TRUSTED_PROXY_COUNT gives each visitor theirs).
    remote = request.META.get("REMOTE_ADDR") or UNKNOWN
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        # The request did not come through every proxy.
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
