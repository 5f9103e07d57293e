import os

import pytest


def using_postgres():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


requires_postgres = pytest.mark.skipif(
    not using_postgres(), reason="Comportement propre à PostgreSQL : vérifié dans la passe PostgreSQL de la CI."
)
