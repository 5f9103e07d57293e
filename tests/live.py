"""A reader or an editor talking to a real server over HTTP, as a browser without JavaScript does.

`Visitor` keeps its cookies, can name the Host header it sends (two names that reach the same server), reads a
form as the server rendered it and sends it back with what a person changed, CSRF token included.
"""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str
    url: str

    @property
    def cache(self) -> str:
        return self.headers.get("x-cache", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 — urllib's signature
        return None


@dataclass
class Visitor:
    base: str  # http://localhost:PORT
    host: str | None = None  # another Host header for the same server, e.g. "127.0.0.1:PORT"
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    headers: dict[str, str] = field(default_factory=dict)  # e.g. the X-Forwarded-For a load balancer adds

    def _open(self, url: str, data: bytes | None = None, follow: bool = True) -> Reply:
        full = url if url.startswith("http") else self.base + url
        request = urllib.request.Request(full, data=data)
        if self.host:
            request.add_header("Host", self.host)
        for name, value in self.headers.items():
            request.add_header(name, value)
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Referer", full)
        handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPCookieProcessor(self.jar)]
        if not follow:
            handlers.append(_NoRedirect())
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(request, timeout=60) as response:
                body = response.read().decode("utf-8", "replace")
                return Reply(
                    response.status, {k.lower(): v for k, v in response.headers.items()}, body, response.url
                )
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, body, full)

    def get(self, url: str) -> Reply:
        return self._open(url)

    def form(self, url: str, index: int = -1) -> tuple[str, dict[str, list[str]]]:
        """The form at `url` as rendered (its action and current values); `index` picks one of several forms."""
        page = self.get(url)
        assert page.status == 200, (url, page.status)
        parser = _FormParser()
        parser.feed(page.text)
        action, values = parser.forms[index]
        return urllib.parse.urljoin(page.url, action or page.url), values

    def submit(self, url: str, changes: dict[str, str], index: int = -1, follow: bool = True) -> Reply:
        """Read the form at `url`, change some fields as a person would, and send it."""
        action, values = self.form(url, index)
        for name, value in changes.items():
            values[name] = [value]
        data = urllib.parse.urlencode([(k, v) for k, vs in values.items() for v in vs]).encode()
        return self._open(action, data=data, follow=follow)

    def log_in(self, username: str, password: str) -> Reply:
        reply = self.submit("/compte/connexion/", {"username": username, "password": password})
        assert reply.status == 200 and "/compte/connexion/" not in reply.url, reply.text[:2000]
        return reply


class _FormParser(HTMLParser):
    """Collects each form's action and the values a browser would send (no JavaScript)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._values: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._select_first: tuple[str, str] | None = None
        self._select_chosen = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._values = {}
            self.forms.append((a.get("action", ""), self._values))
            return
        if self._values is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._values.setdefault(name, [])
                return
            self._values.setdefault(name, []).append(
                a.get("value", "on" if kind in ("checkbox", "radio") else "")
            )
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            self._values.setdefault(name, [])
        elif tag == "option" and self._select:
            self._option, self._option_selected, self._option_text = a.get("value"), "selected" in a, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None or (self._select and self._option_text is not None):
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if self._values is None:
            return
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._values.setdefault(self._textarea, []).append(text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "option" and self._select:
            value = self._option if self._option is not None else self._option_text.strip()
            if self._select_first is None:
                self._select_first = (self._select, value)
            if self._option_selected:
                self._values[self._select].append(value)
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._values[self._select].append(self._select_first[1])
            self._select = None
        elif tag == "form":
            self._values = None
