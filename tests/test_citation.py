"""The version is one: analysis.__version__, pyproject.toml, CITATION.cff, CHANGELOG.md, --version."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import analysis
from analysis.config import PROJECT_ROOT


def test_citation_cff_names_the_package_version():
    text = (PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "cff-version: 1.2.0" in text
    versions = re.findall(r'^\s*version:\s*"?([^"\s]+)"?\s*$', text, flags=re.M)
    assert versions and set(versions) == {analysis.__version__}


def test_pyproject_and_changelog_follow_the_version():
    meta = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert meta["version"] == analysis.__version__
    changelog = (PROJECT_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(analysis.__version__)}\b", changelog, flags=re.M)


def test_python_m_analysis_version_prints_it():
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "--version"], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"python -m analysis {analysis.__version__}"
