"""Isolation-matrix entries of the notifications app."""

from tests.security.matrix import Entry  # noqa: F401

ENTRIES: dict = {}
