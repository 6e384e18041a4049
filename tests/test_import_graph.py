"""The apps' model modules import each other in one direction only, and ``accounts`` is a leaf (issue 7).

Read from the source with ``ast`` (nothing is imported), so a cycle is caught even where Python would tolerate it
through a function-level import. Every import counts: module level, inside functions, under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def domain_apps() -> list[str]:
    """The project's own apps (those whose code lives in this repository)."""
    return sorted(
        config.name for config in apps.get_app_configs() if Path(config.path).resolve().parent == ROOT.resolve()
    )


def _modules(path: Path) -> Iterator[Path]:
    """``path`` (a module) or every module of ``path`` (a package), migrations left out."""
    if path.with_suffix(".py").is_file():
        yield path.with_suffix(".py")
    elif path.is_dir():
        yield from (module for module in sorted(path.rglob("*.py")) if "migrations" not in module.parts)


def imported_modules(source: Path) -> set[str]:
    """Every module name ``source`` imports (absolute imports; relative ones are resolved against its package)."""
    package = ".".join(source.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)  # "from campaign import models" names the app already
    return names


def _app_of(module: str, app_names: list[str]) -> str | None:
    return next((app for app in app_names if module == app or module.startswith(f"{app}.")), None)


def model_import_graph() -> dict[str, set[str]]:
    """app → the other apps its ``models`` (module or package) imports anything from."""
    app_names = domain_apps()
    graph: dict[str, set[str]] = {app: set() for app in app_names}
    for app in app_names:
        for source in _modules(ROOT / app / "models"):
            for module in imported_modules(source):
                other = _app_of(module, app_names)
                if other is not None and other != app:
                    graph[app].add(other)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path, or None (depth-first search with colours)."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt] if nxt in path else [*path, nxt]
            if nxt not in state:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_the_apps_and_their_model_modules_are_found():
    assert {"accounts", "campaign", "enterprises", "assistance"} <= set(domain_apps())
    assert list(_modules(ROOT / "accounts" / "models"))


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_between_the_apps_model_modules():
    graph = model_import_graph()
    cycle = _cycle(graph)
    assert cycle is None, "the apps' model modules import each other in a cycle: " + " → ".join(cycle or [])


def test_accounts_imports_no_domain_app():
    """accounts (users, organisations, roles, scope) is a leaf: the home page and the menu live in portal."""
    others = [app for app in domain_apps() if app != "accounts"]
    offending = sorted(
        f"{source.relative_to(ROOT)} imports {module}"
        for source in _modules(ROOT / "accounts")
        for module in imported_modules(source)
        if _app_of(module, others)
    )
    assert not offending, "\n".join(offending)
