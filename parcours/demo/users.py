"""Demo accounts, one per role, with passwords printed by `manage.py demo_logins` (demo only)."""

from django.contrib.auth import get_user_model

DEMO_PASSWORD = "demo-lilith-2026"

DEMO_USERS = [
    # (role label, username, email, is_superuser)
    ("Administrateur", "admin", "admin@example.org", True),
]


def ensure_demo_users():
    User = get_user_model()
    for _label, username, email, is_superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email, is_staff=True, is_superuser=is_superuser)
            user.set_password(DEMO_PASSWORD)
            user.save()


def demo_logins():
    return [(label, username, DEMO_PASSWORD) for label, username, _email, _su in DEMO_USERS]
