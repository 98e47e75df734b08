"""Who may see the dashboard, and which writes to accept.

- Listening on loopback only (the default), the dashboard is open to whoever can reach the
  port, like the rest of a developer's machine, but only under a loopback `Host` (so a web
  page whose name resolves to 127.0.0.1, DNS rebinding, is refused).
- Listening beyond loopback, it shows nothing until a project token is given on the login
  form (a POST body, so it never appears in a URL or a request log). The server then sets
  an HttpOnly, SameSite=Strict cookie holding a random session id; the session knows which
  projects that token opens. Sessions live in memory (a restart logs everyone out).
- Every write is a POST carrying a CSRF token bound to the session (an HMAC under a key
  made at start-up), and a browser's `Origin`, when sent, must be this server.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections import OrderedDict
from collections.abc import Mapping

from starlette.requests import Request

COOKIE = "ironmq_dashboard"
MAX_SESSIONS = 1000  # the oldest is dropped beyond this: memory stays bounded


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or name, without port) is this machine only."""
    host = host.strip("[]").lower()
    # RFC 6761: localhost and every name under it resolve to loopback
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The name of a `Host` header, without the port."""
    # an IPv6 literal comes bracketed ([::1]:8080); a bare one has several colons
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rpartition(":")[0] if header.count(":") == 1 else header


class Forbidden(Exception):
    """A request the dashboard refuses (the text says why; it names no secret)."""


class Access:
    """The dashboard's access rules for a server listening on `host`.

    Args:
        credentials: project id → token, as the API accepts them.
        host: the address the server listens on.
    """

    def __init__(self, credentials: Mapping[str, str], host: str) -> None:
        self.credentials = dict(credentials)
        self.open = is_loopback(host)
        self._key = secrets.token_bytes(32)
        self._sessions: OrderedDict[str, frozenset[str]] = OrderedDict()

    def check_host(self, request: Request) -> None:
        """Refuse a non-loopback `Host` while the dashboard is open without login."""
        # A page of evil.example whose name was re-pointed at 127.0.0.1 (DNS rebinding)
        # reaches this port as same-origin to itself, but its Host still says evil.example.
        if self.open and not is_loopback(_host_name(request.headers.get("host", ""))):
            raise Forbidden("Open the dashboard through a loopback address (127.0.0.1).")

    def projects(self, request: Request) -> frozenset[str] | None:
        """The projects this request may see: None for all (open), empty if none."""
        if self.open:
            return None
        sid = request.cookies.get(COOKIE, "")
        return self._sessions.get(sid, frozenset())  # unknown or forgotten: no session

    def login(self, token: str) -> str | None:
        """Open a session for every project `token` belongs to; return its id, or None."""
        given = token.encode()
        # compare with every token, whether or not an earlier one matched (constant time)
        matched = [
            pid for pid, t in self.credentials.items() if hmac.compare_digest(t.encode(), given)
        ]
        if not token or not matched:
            return None
        sid = secrets.token_urlsafe(32)
        self._sessions[sid] = frozenset(matched)
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        return sid

    def logout(self, request: Request) -> None:
        """End the request's session, if any."""
        self._sessions.pop(request.cookies.get(COOKIE, ""), None)

    def csrf_token(self, request: Request) -> str:
        """The token that the forms of this request's pages carry."""
        # bound to the session, so a token read in one browser is no use in another; open
        # (and before a login) it is the same for every page of this process
        sid = "" if self.open else request.cookies.get(COOKIE, "")
        return hmac.new(self._key, b"csrf:" + sid.encode(), hashlib.sha256).hexdigest()

    def check_write(self, request: Request, token: str) -> None:
        """Refuse a write from another origin, or without this session's CSRF token."""
        # Browsers send Origin with every form POST; tools such as curl do not, and still
        # need the token, which only a page of this server carries.
        origin = request.headers.get("origin")
        if origin is not None:
            own = f"{request.url.scheme}://{request.headers.get('host', '')}"
            if origin != own:
                raise Forbidden("This form was sent from another site.")
        if not hmac.compare_digest(token.encode(), self.csrf_token(request).encode()):
            raise Forbidden("This form has expired: reload the page and try again.")
