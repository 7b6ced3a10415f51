"""The house's shape: layers, module size, one declaration of the study period."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "analysis"
#: Lower layers first: a subpackage may import only from itself and those before it.
LAYERS = ("config", "data", "territory", "forces", "events", "drawing", "publishing", "cli")
MAX_LINES = 800


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _dotted(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("analysis"))
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_module_is_over_the_line_mark(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PROJECT_ROOT)}: {lines} lines; split it by concern"


def test_layers_import_only_downwards():
    wrong = []
    for path in _modules():
        me = _layer(_dotted(path))
        if me is None:
            continue
        for target in _imports(path):
            other = _layer(target)
            if other is not None and LAYERS.index(other) > LAYERS.index(me):
                wrong.append(f"{_dotted(path)} imports {target} ({other} is above {me})")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle():
    graph = {_dotted(p): {t for t in _imports(p) if t != _dotted(p)} for p in _modules()}
    known = set(graph)
    graph = {m: {t for t in ts if t in known} for m, ts in graph.items()}
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # The package's __init__ re-exports from below; it is the only module allowed to be
    # imported back (by nobody inside the package but figures' version lookup).
    circles = [c for c in circles if not c.startswith("analysis ->") and "-> analysis ->" not in c]
    assert not circles, "\n".join(circles)


#: Literal dates and year spans that would declare the study period a second time.
PERIOD_PATTERNS = re.compile(
    r"2011-03-15|2024-12-31|2025-01-01|2014-01-01|2016-12-31|2017-01-01|2014.2016|2011.2024|2025-12-31"
)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_the_study_period_is_declared_once(path):
    """Only config.py names the study's first or last day; everything else follows it."""
    if path == PACKAGE / "config.py":
        return
    hits = [
        f"line {i}: {line.strip()}"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PERIOD_PATTERNS.search(line)
    ]
    assert not hits, f"{path.relative_to(PROJECT_ROOT)} names the study period:\n" + "\n".join(hits)


def test_config_declares_the_period():
    from analysis import config

    assert config.STUDY_START < config.GOVERNMENT_FALL <= config.STUDY_END < config.RECORD_END
    assert config.STUDY_YEARS == f"{config.STUDY_START.year}-{config.STUDY_END.year}"
