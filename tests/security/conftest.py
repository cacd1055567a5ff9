"""One fixture world per module, built inside a transaction that is rolled back at the module's end."""

import pytest
from django.db import transaction


@pytest.fixture
def _media_root():
    """The project's per-test media folder would hide the files the module's world stored: keep one folder."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from .world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)
