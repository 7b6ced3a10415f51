"""The pinned environment is the same in pyproject.toml, requirements.lock and environment.yml."""

import re
import tomllib

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from analysis.config import PROJECT_ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_ranges() -> dict[str, SpecifierSet]:
    deps = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    ranges = {}
    for dep in deps:
        req = Requirement(dep)
        assert str(req.specifier), f"pyproject.toml dependency {dep!r} has no version range"
        ranges[_norm(req.name)] = req.specifier
    return ranges


def _lock_pins() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"requirements.lock line {line!r} is not an exact pin"
            pins[_norm(name)] = version
    return pins


def _environment_pins() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"^\s*-\s*([A-Za-z0-9_.\-]+)\s*(==|=)\s*([0-9][^\s#]*)", line)
        if m and m.group(1) != "python":
            pins[_norm(m.group(1))] = m.group(3)
    return pins


def test_every_direct_dependency_is_locked_inside_its_range():
    lock = _lock_pins()
    for name, spec in _pyproject_ranges().items():
        assert name in lock, f"{name} is in pyproject.toml but not in requirements.lock"
        assert lock[name] in spec, f"{name}: lock {lock[name]} is outside pyproject's {spec}"


def test_environment_yml_names_the_direct_dependencies_at_the_locked_versions():
    lock = _lock_pins()
    env = _environment_pins()
    assert set(env) == set(_pyproject_ranges())
    assert {name: lock[name] for name in env} == env


def test_build_backend_is_locked_too():
    backend = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    lock = _lock_pins()
    for req in backend:
        name, _, version = req.partition("==")
        assert lock.get(_norm(name)) == version


def test_core_stack_is_present():
    ranges, lock = _pyproject_ranges(), _lock_pins()
    for name in ("pandas", "geopandas", "shapely", "pyogrio", "matplotlib", "ipywidgets", "jupyterlab"):
        assert name in ranges
    assert lock["shapely"].startswith("2.") and "2.9" not in ranges["shapely"]
