"""A person's browser without JavaScript, against the live server on its own port: cookies, CSRF, forms."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string


class Visitor:
    def __init__(self, live_server: Any, user: Any = None) -> None:
        self.base = live_server.url
        self.http = requests.Session()
        if user is not None:
            client = Client()
            client.force_login(user)
            name = settings.SESSION_COOKIE_NAME
            self.http.cookies.set(name, client.cookies[name].value)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, **kwargs)

    def post(
        self, path: str, data: dict | None = None, *, form_page: str | None = None, **kwargs: Any
    ) -> requests.Response:
        """Load the page holding the form (for its CSRF token, as a browser does), then post it."""
        page = self.get(form_page or path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        token = match.group(1) if match else self.http.cookies.get(settings.CSRF_COOKIE_NAME, "")
        if not token:  # a page without a form (a read-only view): the browser still has a CSRF cookie
            token = get_random_string(32)
            self.http.cookies.set(settings.CSRF_COOKIE_NAME, token)
        return self.http.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **(data or {})},
            headers={"Referer": self.base + (form_page or path)},
            timeout=30,
            **kwargs,
        )

    def close(self) -> None:
        """Close the connections and let the server threads end while the database is still shared."""
        self.http.close()
        time.sleep(0.3)


@pytest.fixture
def visitor(live_server: Any) -> Iterator[Callable[..., Visitor]]:
    """visitor(user=None): a new browser; their connections are closed before the live server stops."""
    opened: list[Visitor] = []

    def open_visitor(user: Any = None) -> Visitor:
        opened.append(Visitor(live_server, user))
        return opened[-1]

    yield open_visitor
    for one in opened:
        one.close()
