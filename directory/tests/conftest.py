"""The directory fixture (see data.py)."""

import pytest

from .data import build_directory


@pytest.fixture
def directory(db):
    return build_directory()
