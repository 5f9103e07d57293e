"""A person's browser without JavaScript, against the live server on its own port: cookies, CSRF token, forms."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from django.conf import settings
from django.test import Client


class Visitor:
    def __init__(self, live_server: Any, user: Any = None) -> None:
        self.base = live_server.url
        self.http = requests.Session()
        if user is not None:
            client = Client()
            client.force_login(user)
            self.http.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, **kwargs)

    def post(self, path: str, data: dict | None = None, *, form_page: str | None = None,
             **kwargs: Any) -> requests.Response:
        """Load the page holding the form (for its CSRF token, as a browser does), then post it."""
        page = self.get(form_page or path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        token = match.group(1) if match else self.http.cookies.get("csrftoken", "")
        return self.http.post(self.base + path, data={"csrfmiddlewaretoken": token, **(data or {})},
                              headers={"Referer": self.base + (form_page or path)}, timeout=30, **kwargs)

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
