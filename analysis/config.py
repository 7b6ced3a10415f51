"""Where things live: the project's folders, resolved from the package location."""

from __future__ import annotations

from datetime import date
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

# The study period, declared once: every default, series, slider and check follows it.
#: First day of the study: the first protests of the uprising (Daraa, 15 March 2011).
STUDY_START = date(2011, 3, 15)
#: Last day of the study: the end of the year in which Damascus fell (8 December 2024).
#: Open control intervals (empty ``valid_to``) end here.
STUDY_END = date(2024, 12, 31)
#: Reports of Russia's forces and officials' statements may run past the study's end, to
#: follow the bases at Hmeimim and Tartus after the fall of the government.
RECORD_END = date(2025, 12, 31)
#: The day the government fell; from it, places are coded to the authorities that replaced it.
GOVERNMENT_FALL = date(2024, 12, 8)
#: The study period in words, for titles and captions ("2011-2024").
STUDY_YEARS = f"{STUDY_START.year}-{STUDY_END.year}"
#: The offensive that ended the war (27 November to 8 December 2024): series and the
#: animation step by day through it, where months would hide it.
FINAL_OFFENSIVE = (date(2024, 11, 27), date(2024, 12, 8))
