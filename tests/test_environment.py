"""The pinned environment is the same in pyproject.toml, requirements.lock and environment.yml."""

import re
import tomllib

from analysis.config import PROJECT_ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    deps = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {}
    for dep in deps:
        name, sep, version = dep.partition("==")
        assert sep, f"pyproject.toml dependency {dep!r} is not pinned with =="
        pins[_norm(name)] = version
    return pins


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


def test_every_direct_dependency_is_locked_at_the_same_version():
    lock = _lock_pins()
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def test_environment_yml_names_the_same_packages_at_the_same_versions():
    assert _environment_pins() == _pyproject_pins()


def test_build_backend_is_locked_too():
    backend = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    lock = _lock_pins()
    for req in backend:
        name, _, version = req.partition("==")
        assert lock.get(_norm(name)) == version


def test_core_stack_is_present():
    pins = _pyproject_pins()
    for name in ("pandas", "geopandas", "shapely", "pyogrio", "matplotlib", "ipywidgets", "jupyterlab"):
        assert name in pins
    assert pins["shapely"].startswith("2.")
