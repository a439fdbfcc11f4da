"""Outbound HTTP that reaches only public addresses: every address a host resolves to is checked as it is connected
to (so a redirect, or a name that resolves somewhere private, cannot get past a check made on the name alone)."""

from __future__ import annotations

import functools
import http.client
import ipaddress
import logging
import socket
import threading
import urllib.request
from collections.abc import Callable
from typing import Any

_LOGGER = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressPolicy = Callable[[IPAddress], "str | None"]
"""Why an address may not be connected to ('a loopback address'), or None when it may."""

NON_PUBLIC = [("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address"),
              ("is_link_local", "a link-local address"), ("is_site_local", "a site-local address"),
              ("is_multicast", "a multicast address"), ("is_private", "a private-network address"),
              ("is_reserved", "a reserved address")]
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
"""RFC 6052: the IPv4 address is the last 32 bits."""
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
"""RFC 8215 local-use prefix, a /48: the IPv4 address is bits 48-63 and 72-87 (bits 64-71 are zero)."""


LOOKUP_THREADS = 8
"""Name look-ups that may be waiting for the name server at once; one more is refused at once (a look-up cannot be
cancelled, so a resolver that never answers must not gather threads without bound)."""
_LOOKUPS = threading.BoundedSemaphore(LOOKUP_THREADS)


class BlockedAddressError(OSError):
    """The host resolves only to addresses the policy refuses."""


def resolve(host: str, port: int, timeout: float | None) -> list[Any]:
    """socket.getaddrinfo for a stream connection, given up after `timeout` seconds (None waits as long as the system
    resolver does): the look-up runs on its own thread, so a name server that never answers costs the fetch only
    the time it has left. TimeoutError when it is late, or when LOOKUP_THREADS look-ups are already waiting."""
    if timeout is None or _is_address(host):  # an address literal is answered without asking a name server
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not _LOOKUPS.acquire(blocking=False):
        raise TimeoutError(f"cannot look up {host}: {LOOKUP_THREADS} look-ups are already waiting for the name server")
    answer: dict[str, Any] = {}
    done = threading.Event()

    def look_up() -> None:
        try:
            answer["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            answer["error"] = exc
        finally:
            _LOOKUPS.release()
            done.set()

    threading.Thread(target=look_up, name=f"lookup-{host[:40]}", daemon=True).start()
    if not done.wait(max(0.0, timeout)):
        _LOGGER.warning("looking up %s took longer than %g s; giving up", host, timeout)
        raise TimeoutError(f"looking up {host} took longer than {timeout:g} s")
    if "error" in answer:
        raise answer["error"]
    return answer["addresses"]


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries and is routed to: IPv4-mapped, 6to4 (2002::/16) or NAT64."""
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    value = int(ip)
    if ip in NAT64_WELL_KNOWN:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if ip in NAT64_LOCAL:
        return ipaddress.IPv4Address(((value >> 64) & 0xFFFF) << 16 | (value >> 40) & 0xFFFF)
    return None


def public_only(ip: IPAddress) -> str | None:
    """The default policy: only globally routable unicast addresses (an IPv6 address that carries an IPv4 one,
    IPv4-mapped, 6to4 or NAT64, judged by the IPv4 address it reaches)."""
    if isinstance(ip, ipaddress.IPv6Address):
        ip = embedded_ipv4(ip) or ip
    kind = next((kind for attribute, kind in NON_PUBLIC if getattr(ip, attribute, False)), None)
    return kind or (None if ip.is_global else "a non-public address")


def allow_all(ip: IPAddress) -> str | None:
    """The policy when private addresses are allowed (`fetch_private_addresses`)."""
    return None


def _connector(policy: AddressPolicy) -> Callable[..., socket.socket]:
    """A socket.create_connection that connects only to addresses the policy accepts."""

    def create_connection(address: tuple[str, int], timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
                          source_address: Any = None, *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address
        refusal, last_error = "", None
        bounded = None if timeout is socket._GLOBAL_DEFAULT_TIMEOUT else timeout  # type: ignore[attr-defined]
        for family, kind, proto, _name, sockaddr in resolve(host, port, bounded):
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            reason = policy(ip)
            if reason:
                refusal = f"{host} is {reason} ({ip})" if str(ip) != host else f"{host} is {reason}"
                continue
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                last_error = exc
        if last_error is not None:
            raise last_error
        raise BlockedAddressError(refusal or f"{host} has no address")

    return create_connection


class GuardedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection whose socket goes only to addresses the policy accepts."""

    def __init__(self, *args: Any, policy: AddressPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connector(policy)


class GuardedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection (certificate checked against the host name) to addresses the policy accepts."""

    def __init__(self, *args: Any, policy: AddressPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connector(policy)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__()
        self.policy = policy

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(GuardedHTTPConnection, policy=self.policy), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__()
        self.policy = policy

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(GuardedHTTPSConnection, policy=self.policy), req,
                            context=self._context)  # type: ignore[attr-defined]


def guarded_opener(policy: AddressPolicy = public_only) -> urllib.request.OpenerDirector:
    """An opener for http and https only, through no proxy, following no redirects (a 3xx raises HTTPError, so
    the caller checks every hop), connecting only where `policy` allows."""
    opener = urllib.request.OpenerDirector()
    for handler in (_HTTPHandler(policy), _HTTPSHandler(policy), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor(), urllib.request.UnknownHandler()):
        opener.add_handler(handler)
    return opener
