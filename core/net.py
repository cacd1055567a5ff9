"""The client's network address, as far as it can be trusted.

Behind a reverse proxy every request comes from the proxy's address, and the client's is in
`X-Forwarded-For` — a header any client can also write. So the header is believed only when the request comes
from a proxy the operator listed in `WIQAYA_TRUSTED_PROXIES` (addresses or networks, comma-separated), and
only the part those proxies appended: reading right to left, the first address that is not a trusted proxy is
the client. Without trusted proxies the header is ignored and the connection's address is the client's.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    networks = []
    for item in spec:
        item = item.strip()
        if item:
            networks.append(ipaddress.ip_network(item, strict=False))
    return tuple(networks)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address of the client that sent `request` (None when there is no request or no address)."""
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(getattr(settings, "WIQAYA_TRUSTED_PROXIES", ()) or ()))
    if remote is None or not networks or not _trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for candidate in reversed(forwarded):
        address = _valid(candidate)
        if address is None:
            return remote  # a malformed chain: believe only what we saw
        if not _trusted(address, networks):
            return address
    return remote
