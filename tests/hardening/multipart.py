"""A browser's multipart form submission (the team sheet's PDF), for the `Visitor` of tests/live.py."""

import uuid

from tests.live import Reply, Visitor


def submit_with_file(
    visitor: Visitor, url: str, changes: dict[str, str], files: dict[str, tuple[str, bytes]]
) -> Reply:
    action, values = visitor.form(url)
    for name, value in changes.items():
        values[name] = [value]
    boundary = uuid.uuid4().hex
    parts = []
    for name, vs in values.items():
        for v in vs:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{v}\r\n'.encode()
            )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    import urllib.request

    request = urllib.request.Request(urllib.parse.urljoin(visitor.base, action), data=body)
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Referer", action)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(visitor.jar))
    try:
        with opener.open(request, timeout=60) as response:
            return Reply(
                response.status,
                dict(response.headers),
                response.read().decode("utf-8", "replace"),
                response.url,
            )
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers), error.read().decode("utf-8", "replace"), action)
