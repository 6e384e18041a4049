"""Isolation-matrix entries of the supervision app."""

from tests.security.matrix import Entry  # noqa: F401

ENTRIES: dict = {}
