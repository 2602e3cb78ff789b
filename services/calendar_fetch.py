"""Reading a calendar link without letting it reach inside the bot's network.

The host of each address, the first and every redirect's, is resolved here and refused
when any of its addresses is private, loopback, link-local or otherwise not public; the
request then goes to the address checked (the host name kept for TLS and ``Host``), so a
name that resolves differently a moment later cannot slip past. Redirects are followed
by hand, at most ``MAX_REDIRECTS``. The whole read has a time limit and a size limit.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from core.calendar_import import MAX_FILE_BYTES

MAX_REDIRECTS = 5
SCHEMES = {"http": 80, "https": 443}


class Refusal(StrEnum):
    ADDRESS = "address"  # not a public address, or not http(s)
    TOO_BIG = "too_big"
    TOO_SLOW = "too_slow"
    UNREACHABLE = "unreachable"  # no answer, an error status, a redirect loop


class FetchRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


def normal_url(text: str) -> str | None:
    """A link as fetched: ``webcal://`` read as ``https://``; None unless http(s) with a host."""
    text = text.strip()
    if text.lower().startswith("webcal://"):
        text = "https://" + text[len("webcal://") :]
    parts = urlsplit(text)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    return text


@dataclass(frozen=True, slots=True)
class LinkFetcher:
    """Fetches a calendar link. ``allow_loopback`` lets 127.0.0.1 through, for tests
    only (``CALENDAR_ALLOW_LOOPBACK``); every other non-public address stays refused."""

    timeout: float = 10.0
    max_bytes: int = MAX_FILE_BYTES
    allow_loopback: bool = False

    async def fetch(self, url: str) -> bytes:
        """The body at ``url``; raises :class:`FetchRefused`."""
        try:
            async with asyncio.timeout(self.timeout):
                return await self._follow(url)
        except TimeoutError:
            raise FetchRefused(Refusal.TOO_SLOW) from None

    async def _follow(self, url: str) -> bytes:
        limits = httpx.Timeout(self.timeout)
        async with httpx.AsyncClient(timeout=limits, follow_redirects=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                normal = normal_url(url)
                if normal is None:
                    raise FetchRefused(Refusal.ADDRESS)
                parts = urlsplit(normal)
                host = parts.hostname
                assert host is not None
                port = parts.port or SCHEMES[parts.scheme.lower()]
                address = await self._public_address(host, port)
                literal = f"[{address}]" if ":" in address else address
                target = urlunsplit(parts._replace(netloc=f"{literal}:{port}"))
                request = client.build_request(
                    "GET",
                    target,
                    headers={"Host": parts.netloc.rsplit("@", 1)[-1], "Accept": "text/calendar"},
                    extensions={"sni_hostname": host},
                )
                try:
                    response = await client.send(request, stream=True)
                except httpx.HTTPError:
                    raise FetchRefused(Refusal.UNREACHABLE) from None
                try:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(normal, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise FetchRefused(Refusal.UNREACHABLE)
                    return await self._body(response)
                finally:
                    await response.aclose()
        raise FetchRefused(Refusal.UNREACHABLE)

    async def _body(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchRefused(Refusal.TOO_BIG)
        body = bytearray()
        try:
            async for chunk in response.aiter_raw():
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchRefused(Refusal.TOO_BIG)
        except httpx.HTTPError:
            raise FetchRefused(Refusal.UNREACHABLE) from None
        return bytes(body)

    async def _public_address(self, host: str, port: int) -> str:
        """One address of ``host``, once every one it has is public."""
        try:
            found = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            raise FetchRefused(Refusal.UNREACHABLE) from None
        addresses = [str(info[4][0]) for info in found]
        if not addresses or not all(self._allowed(a) for a in addresses):
            raise FetchRefused(Refusal.ADDRESS)
        return addresses[0]

    def _allowed(self, text: str) -> bool:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if self.allow_loopback and address.is_loopback:
            return True
        return address.is_global and not address.is_multicast
