"""The address of the person at the other end, as the trusted proxies in front report it."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address for per-address limits.

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it saw to X-Forwarded-For, so
    the client is that many entries from the end; anything before it was sent by the client
    and may be made up. With no proxy configured the header is ignored.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.headers.get("x-forwarded-for", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < count:  # reached around the proxy: the socket is the client
        return remote
    return hops[-count] or remote
