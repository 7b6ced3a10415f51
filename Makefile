# Set-up is part of every target: a fresh machine needs only python3, make and git.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8888
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup browser test lint report site baselines lab validate audit benchmarks clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

# The browser tests (tests/e2e) drive Debian's Chromium; installed here when missing.
browser:
	@test -x $(CHROMIUM) || bash scripts/install_chromium.sh

test: setup browser
	$(PY) -m pytest

# ruff (lint everywhere, format check of the library) and mypy, as configured in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check analysis tests benchmarks scripts
	$(VENV)/bin/ruff format --check analysis
	$(VENV)/bin/mypy

# The notebooks (two at a time), their figures and the animated control map
# (figures/control_animation.webp; its PNG frames, 27 MB, go to
# figures/control_animation_frames/, git-ignored).
report: setup
	$(PY) -m analysis report

# The static site (site/, git-ignored) from the last `make report` run: its executed notebooks
# and figures, not a second execution. Open site/index.html; it needs no network.
site: setup
	@test -n "$$(ls reports/[0-9]*.ipynb 2>/dev/null)" || $(MAKE) report
	$(PY) -m analysis site

# Regenerate the image baselines of every figure (tests/baseline/) after an intended change
# to a figure or to the data; look at the new PNGs before committing them.
baselines: setup
	$(PY) -m pytest -q -p no:cacheprovider tests/test_figure_images.py --mpl-generate-path=tests/baseline

validate: setup
	$(PY) -m analysis validate

# The evidence audit (data/README.md): exits 1 when any source is an encyclopedia mirror.
audit: setup
	$(PY) -m analysis audit

# Kernels talk to the server over TCP encrypted with CurveZMQ keys the server provisions
# (the kernelspec declares support); unencrypted, ipykernel warns at every kernel start
# ("Kernel is running over TCP without encryption"). The report's kernels use IPC sockets in a
# private temporary folder instead (analysis/publishing/execution.py); here the sockets would
# go to the user's Jupyter runtime folder, whose path may be too long for a Unix socket.
# Kernel messages reach the browser without Nagle's delay (analysis/drawing/lab_server.py).
lab: setup
	$(VENV)/bin/jupyter lab --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--KernelManager.transport_encryption=auto \
		--ServerApp.kernel_websocket_connection_class=analysis.drawing.lab_server.NoDelayKernelConnection \
		--ServerApp.root_dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root,) \
		--IdentityProvider.token=$$($(PY) -c 'import secrets; print(secrets.token_hex(16))')

benchmarks: setup
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) reports site build .pytest_cache
