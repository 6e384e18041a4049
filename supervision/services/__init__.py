"""Writes of the supervision app (rounds, visits, rectification requests and their answers)."""
