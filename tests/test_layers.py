"""The floors of docs/decisions/0004-floors.md, checked on the source: an import never runs up the list.

Every import counts, at module level and inside functions: a function-local import that only dodges a cycle is
still an arrow. Tests inside an app (`<app>/tests/`) sit on the top floor with `tests/`: they compose an app with
its neighbours and the shared factories.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Higher number = higher floor. An app may import its own floor and the ones below, never one above.
FLOORS = {
    "core": 0,  # plumbing: knows no domain app (apps register labels, jobs, retention rules)
    "accounts": 1,  # who
    "places": 1,  # where
    "notifications": 1,  # who is told what: apps register their kinds
    "glossary": 1,  # what the field's words mean, in both languages (search expands queries with it)
    "search": 2,  # the index and the encoder: types register themselves
    "frameworks": 3,  # reference data: knows no practice and no plan
    "practices": 4,
    "documents": 4,
    "directory": 4,
    "plans": 5,
    "support": 5,
    "events": 5,
    "config": 6,  # the top: composes everything, nobody imports it
    "ops": 6,
    "dashboards": 6,
    "demo": 6,
    "tests": 6,
}
TOP = max(FLOORS.values())

# (importing file, imported app): arrows that still run up a floor, each with the reason it is not fixed yet.
# An entry that no longer occurs fails the test, so this list only shrinks.
ALLOWED: dict[tuple[str, str], str] = {}


def _sources():
    for app in FLOORS:
        folder = ROOT / app
        if folder.is_dir():
            yield from sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def _floor_of(path: Path) -> tuple[str, int]:
    parts = path.relative_to(ROOT).parts
    app = parts[0]
    if "tests" in parts[1:-1]:
        return app, TOP
    return app, FLOORS[app]


def _imports(path: Path):
    """(line, absolute module name) for every import in the file, nested ones included."""
    module_parts = list(path.relative_to(ROOT).with_suffix("").parts)
    package = module_parts[:-1] if module_parts[-1] != "__init__" else module_parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
                names = [stem] if node.module else [f"{stem}.{a.name}" for a in node.names]
            else:
                stem = node.module
                names = [stem] + [f"{stem}.{a.name}" for a in node.names]
            for name in names:
                yield node.lineno, name


def _upward_imports():
    found = {}
    for path in _sources():
        app, floor = _floor_of(path)
        for line, name in _imports(path):
            target = name.split(".")[0]
            if target in FLOORS and target != app and FLOORS[target] > floor:
                key = (str(path.relative_to(ROOT)), target)
                found.setdefault(key, f"{key[0]}:{line} imports {name} (floor {FLOORS[target]} > {floor})")
    return found


def test_no_import_runs_up_a_floor():
    found = _upward_imports()
    unexpected = [message for key, message in found.items() if key not in ALLOWED]
    assert not unexpected, "imports that run up a floor:\n" + "\n".join(sorted(unexpected))
    stale = [key for key in ALLOWED if key not in found]
    assert not stale, f"allow-list entries that no longer occur (remove them): {stale}"


def _core_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted((ROOT / "core").glob("*.py")):
        module = f"core.{path.stem}"
        targets = set()
        for _line, name in _imports(path):
            parts = name.split(".")
            if parts[0] == "core" and len(parts) > 1 and (ROOT / "core" / f"{parts[1]}.py").exists():
                targets.add(f"core.{parts[1]}")
        graph[module] = targets - {module}
    return graph


def test_core_modules_import_no_domain_app_and_form_no_cycle():
    domain = set(FLOORS) - {"core"}
    outward = [
        f"core/{path.name}:{line} imports {name}"
        for path in sorted((ROOT / "core").rglob("*.py")) if "tests" not in path.parts and "migrations" not in path.parts
        for line, name in _imports(path) if name.split(".")[0] in domain
    ]
    assert not outward, "core imports a domain app:\n" + "\n".join(outward)

    graph = _core_graph()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), list(graph.get(start, ()))
        while todo:
            module = todo.pop()
            if module == goal:
                return True
            if module not in seen:
                seen.add(module)
                todo.extend(graph.get(module, ()))
        return False

    cycles = sorted(f"{a} -> {b} -> … -> {a}" for a, targets in graph.items() for b in targets if reaches(b, a))
    assert not cycles, "import cycles inside core:\n" + "\n".join(cycles)


def test_the_checker_sees_nested_and_relative_imports():
    """The walk would miss nothing that matters: a function-local import and a relative one are both seen."""
    graph = _core_graph()
    assert "core.models" in graph["core.audit"]  # `from .models import AuditEntry`
    assert graph["core.tasks"] == {"core.jobs", "core.retention"}
    names = {name for _line, name in _imports(ROOT / "core" / "retention.py")}
    assert "django_tasks_db.models" in names  # imported inside schedule()
