"""An editor's dashboard says which practices lack a video, and which videos lack captions or a transcript, so
that the « Comprendre » level can be made accessible; read through a real server, in the same queries whatever the
number of practices."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.models import Collection

from practices import roles
from practices.models import PracticePage
from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"


def section(html, label):
    start = html.index(label)
    return html[start : html.index("</ul>", start)]


@pytest.fixture
def site(live_server):
    factories.restore_migration_data()
    home = factories.make_home()
    index = factories.make_practice_index(home)
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    video = Document.objects.create(
        title="Vidéo", file=ContentFile(b"\x00" * 16, name="video.mp4"), collection=root
    )
    without = factories.make_practice(index, title="Pratique sans vidéo")
    online = factories.make_practice(
        index,
        title="Pratique avec vidéo en ligne",
        video_url="https://www.youtube.com/watch?v=abc",
        video_transcript="Le texte de la vidéo.",
    )
    uploaded = factories.make_practice(index, title="Pratique avec vidéo téléversée")
    # saved before the rule that asks for captions and a transcript: the form would refuse it today
    PracticePage.objects.filter(pk=uploaded.pk).update(video_file=video)
    factories.make_staff("editrice", roles.EDITORS, PASSWORD)
    return {
        "url": live_server.url,
        "without": without,
        "online": online,
        "uploaded": uploaded,
        "index": index,
    }


def test_the_dashboard_lists_practices_without_video_captions_or_transcript(site):
    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    html = editor.get("/admin/").text
    assert "Vidéos du niveau « Comprendre »" in html
    no_video = section(html, "Sans vidéo : 1")
    assert "Pratique sans vidéo" in no_video and "Pratique avec" not in no_video
    assert "Pratique avec vidéo téléversée" in section(html, "Vidéo téléversée sans sous-titres (WebVTT) : 1")
    no_transcript = section(html, "Vidéo sans transcription écrite : 1")
    assert "Pratique avec vidéo téléversée" in no_transcript and "en ligne" not in no_transcript


def test_the_dashboard_takes_the_same_queries_with_more_practices(site, client):
    client.force_login(get_user_model().objects.get(username="editrice"))

    def count():
        client.get("/admin/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin/").status_code == 200
        return len(ctx)

    before = count()
    for n in range(5):
        factories.make_practice(site["index"], title=f"Autre pratique {n}")
    assert count() == before
