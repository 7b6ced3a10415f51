"""``python -m analysis``: the command line (see :mod:`analysis.cli`)."""

from analysis.cli import main

raise SystemExit(main())
