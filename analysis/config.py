"""Where things live: the project's folders, resolved from the package location."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
BOUNDARIES_DIR = DATA_DIR / "boundaries"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FIGURES_DIR = PROJECT_ROOT / "figures"
REPORTS_DIR = PROJECT_ROOT / "reports"
#: Parquet cache of external exports; ``$SYRIA_ATLAS_CACHE`` names another folder.
CACHE_DIR = REPORTS_DIR / "cache"

#: Lambert azimuthal equal-area projection centred on Syria, for areas and distances.
EQUAL_AREA_CRS = "+proj=laea +lat_0=35 +lon_0=38 +datum=WGS84 +units=m +no_defs"
