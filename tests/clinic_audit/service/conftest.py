"""The tests here run against both backends: the laptop's SQLite file and the server."""

import pytest


@pytest.fixture
def store(store_on_both):
    return store_on_both
