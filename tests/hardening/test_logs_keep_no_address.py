"""RGPD: the logs keep neither the client's address nor what was searched or typed. The real gunicorn, as in
production, writes its access log; django-axes logs a failed login by its door only."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.live import Visitor

ROOT = Path(__file__).resolve().parents[2]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_access_log_has_no_address_and_no_search_terms(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lilith.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "lilith.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/favicon.ico?q=idees+noires&email=camille%40example.org",
            headers={"X-Forwarded-For": "203.0.113.7", "Referer": "https://example.org/?q=secret"},
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            assert error.code == 301  # the icon's permanent redirect, not followed
        time.sleep(0.5)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    lines = [line for line in output.splitlines() if '"GET /favicon.ico' in line]
    assert len(lines) == 1, output
    line = lines[0]
    for secret in (
        "127.0.0.1",
        "203.0.113.7",
        "idees",
        "noires",
        "camille",
        "example.org",
        "secret",
        "Python-urllib",
    ):
        assert secret not in line, (secret, line)
    assert '"GET /favicon.ico HTTP/1.1" 301' in line  # still says what was asked and how it went


def test_a_failed_login_is_logged_without_the_username_or_the_address(live_site, caplog):
    caplog.set_level(logging.INFO)
    visitor = Visitor(live_site["url"], headers={})
    for _ in range(6):  # up to the lockout
        visitor.submit("/compte/connexion/", {"username": "editrice", "password": "mauvais"})
    axes_lines = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any("/compte/connexion/" in line for line in axes_lines), axes_lines
    for line in axes_lines:
        assert "editrice" not in line and "127.0.0.1" not in line, line


def test_failed_login_attempts_are_purged_after_the_lockout(live_site, settings):
    import datetime

    from axes.models import AccessAttempt
    from django.core.management import call_command
    from django.utils import timezone

    Visitor(live_site["url"]).submit("/compte/connexion/", {"username": "editrice", "password": "mauvais"})
    assert AccessAttempt.objects.filter(username="editrice").exists()
    call_command("purge_login_attempts")
    assert AccessAttempt.objects.filter(username="editrice").exists()  # still within the 15 minutes
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    call_command("purge_login_attempts")
    assert not AccessAttempt.objects.exists()
