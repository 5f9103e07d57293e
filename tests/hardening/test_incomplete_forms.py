"""A page's edit form posted without the fields Wagtail's JavaScript writes (a robot, a script, a page left open
across a release) is answered 400 in French through a real server, and the page is left as it was."""

import pytest

from practices import roles
from practices.models import PracticePage
from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"


@pytest.fixture
def site(live_server):
    factories.restore_migration_data()
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    roles.apply_page_roles(home)
    factories.make_staff("editrice", roles.EDITORS, PASSWORD)
    return {"url": live_server.url, "practice": practice}


@pytest.mark.parametrize("title", ["Un titre changé", "\x00", "<script>alert(1)</script>"])
def test_an_edit_form_without_its_streamfield_is_refused_in_french_and_nothing_changes(site, title):
    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    edit = f"/admin/pages/{site['practice'].pk}/edit/"
    assert editor.get(edit).status == 200
    token = next(cookie.value for cookie in editor.jar if cookie.name == "csrftoken")
    reply = editor._open(edit, data=f"csrfmiddlewaretoken={token}&title={title}".encode())
    assert reply.status == 400
    assert "Cette demande n’a pas pu être lue" in reply.text
    assert PracticePage.objects.get(pk=site["practice"].pk).title == site["practice"].title
