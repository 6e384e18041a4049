"""docs/RULES.md indexes every rule of the notice (R1–R13, DESIGN.md §6): its clause, the one policy function that
decides it, and the tests that prove it. An entry that names a function or a test that does not exist fails here, so
the index cannot drift from the code."""

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT / "docs" / "RULES.md"
ROW = re.compile(r"^\|\s*(R\d+)\s*\|(.*)\|\s*$")


def _entries() -> dict[str, list[str]]:
    entries = {}
    for line in INDEX.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            entries[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return entries


def _names(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_every_rule_of_the_notice_has_an_entry():
    assert sorted(_entries(), key=lambda rule: int(rule[1:])) == [f"R{n}" for n in range(1, 14)]


@pytest.mark.parametrize("rule", [f"R{n}" for n in range(1, 14)])
def test_each_entry_names_a_clause_a_policy_function_and_tests_that_exist(rule):
    cells = _entries()[rule]
    assert len(cells) == 4, f"{rule}: | rule | what | clause | function | tests |"
    _what, clause, function_cell, tests_cell = cells
    assert clause, f"{rule}: no clause of the notice"
    functions = _names(function_cell)
    assert functions, f"{rule}: no policy function"
    for dotted in functions:
        module_name, _, attribute = dotted.rpartition(".")
        assert module_name.endswith(".policy"), f"{rule}: {dotted} is not in a policy module"
        module = importlib.import_module(module_name)
        assert callable(getattr(module, attribute, None)), f"{rule}: {dotted} does not exist"
    tests = _names(tests_cell)
    assert tests, f"{rule}: no test"
    for node_id in tests:
        path, _, name = node_id.partition("::")
        source = ROOT / path
        assert source.is_file(), f"{rule}: {path} does not exist"
        defined = {
            node.name
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
            if isinstance(node, ast.FunctionDef)
        }
        assert name.split("[")[0] in defined, f"{rule}: {node_id} does not exist"
