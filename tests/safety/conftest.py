import pytest


@pytest.fixture
def distress_list(db):
    """The expressions the data migration seeds (put back here: transactional tests flush every table)."""
    import importlib

    from django.apps import apps

    importlib.import_module("safety.migrations.0002_seed_distress_expressions").seed(apps, None)
