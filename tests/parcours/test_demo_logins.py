from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from parcours.demo.users import demo_logins, ensure_demo_users


def test_demo_logins_are_printed_and_work(db, capsys):
    ensure_demo_users()
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/admin/" in out
    for _label, username, password in demo_logins():
        assert username in out and password in out
        assert (
            authenticate(RequestFactory().post("/compte/connexion/"), username=username, password=password)
            is not None
        )
