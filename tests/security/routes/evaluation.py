"""Isolation-matrix entries of the evaluation app."""

from tests.security.matrix import Entry  # noqa: F401

ENTRIES: dict = {}
