"""Isolation-matrix entries of the submissions app."""

from tests.security.matrix import Entry  # noqa: F401

ENTRIES: dict = {}
