"""Project-wide pytest fixtures."""

import pytest


@pytest.fixture
def reference(db):
    """Places and the shipped frameworks."""
    from core.testing import reference_data

    reference_data()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
