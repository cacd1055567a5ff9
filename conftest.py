"""Project-wide pytest fixtures."""

import pytest


@pytest.fixture
def reference(db):
    """Places and the shipped frameworks."""
    from tests.factories import reference_data

    reference_data()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request to an /ar/ page leaves Arabic active in this thread; each test starts in English again."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _search_stand_in_encoder():
    """Writing a practice indexes it for search; a hashing stand-in computes its vector instead of the model
    (search tests that need the real model use the `real_search_model` fixture)."""
    from search import encoding

    encoding.use_encoder(encoding.hashing_encoder)
    yield
    encoding.use_encoder(None)


@pytest.fixture
def real_search_model(_search_stand_in_encoder):
    from search import encoding

    encoding.use_encoder(None)


@pytest.fixture
def words_encoder():
    """Goal suggestions without the model: the search index's hashing stand-in (same words → similar vectors)
    as the multilingual encoder; installed process-wide, so a live server's thread uses it too."""
    from search import embeddings
    from search.encoding import hashing_encoder

    embeddings.set_encoder(hashing_encoder)
    yield
    embeddings.set_encoder(None)
