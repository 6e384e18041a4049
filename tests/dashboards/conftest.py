import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached dashboard (ids repeat across tests whose rows were rolled back)."""
    cache.clear()
    yield
    cache.clear()
