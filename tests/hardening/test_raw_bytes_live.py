"""Raw bytes a browser never sends but a robot does (invalid UTF-8, NUL, control characters, 100 KB), in the
path, the query and a form's body, through a real HTTP server: never a 500, always a French page."""

import socket
import urllib.parse

import pytest

RAW_PIECES = [
    b"\xff\xfe",
    b"%FF%FE",
    b"a%00b",
    b"\xc3\x28",
    b"%E2%80%AE",
    b"x" * 30_000,
]  # twice in a line: under the server's 64 KB request-line limit


def raw_request(base, request_line, body=b"", headers=b""):
    address = urllib.parse.urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=60) as conn:
        head = request_line + b"\r\nHost: localhost\r\nConnection: close\r\n" + headers
        if body:
            head += b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n" % len(body)
        conn.sendall(head + b"\r\n" + body)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    reply = b"".join(chunks)
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
    return status, reply.decode("utf-8", "replace")


@pytest.fixture
def targets(live_site):
    team, practice = live_site["team"], live_site["practice"]
    return [
        "/",
        "/recherche/",
        "/carte/",
        "/formations/",
        "/solliciter-un-appui/suivi/",
        "/positivehub/",
        f"/solliciter-un-appui/pratique/{practice.slug}/",
        practice.url,
        team.public_url,
    ]


def test_raw_bytes_in_the_path_and_query_get_no_500(live_site, targets):
    statuses = {}
    for target in targets:
        for piece in RAW_PIECES:
            for line in (
                b"GET " + target.encode() + b"?q=" + piece + b"&page=" + piece + b" HTTP/1.1",
                b"GET " + target.encode() + piece + b"/ HTTP/1.1",
            ):
                status, text = raw_request(live_site["url"], line)
                statuses[line[:80]] = status
                assert 0 < status < 500, (line[:120], status, text[:500])
                if 400 <= status < 500 and "text/html" in text.split("\r\n\r\n", 1)[0]:
                    assert 'lang="fr"' in text, (line[:120], status)
    assert len(statuses) >= len(targets) * len(RAW_PIECES)


def test_raw_bytes_in_a_form_body_get_no_500(live_site):
    url = f"/solliciter-un-appui/pratique/{live_site['practice'].slug}/".encode()
    for piece in RAW_PIECES:
        body = b"&".join(
            name + b"=" + piece
            for name in (
                b"name",
                b"email",
                b"organisation",
                b"role",
                b"departement_code",
                b"kind",
                b"message",
            )
        )
        # No CSRF cookie: the French « formulaire expiré » page, whatever the body holds.
        status, text = raw_request(live_site["url"], b"POST " + url + b" HTTP/1.1", body)
        assert status == 403 and "Le formulaire a expiré" in text, (piece[:20], status)
