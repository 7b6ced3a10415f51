"""The codebook in code: one schema per table, defined once.

Every loader, validator and the human codebook in ``data/README.md`` derive from the
schemas here. A column has a kind (how its text is parsed), whether it is required, its
allowed values (for categories), the table it refers to (for references) and a
description.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.config import RECORD_END, STUDY_END, STUDY_START

__all__ = [
    "Column",
    "TableSchema",
    "SCHEMAS",
    "TABLE_ORDER",
    "SIDES",
    "GOVERNORATES",
    "SYRIA_BOUNDS",
]


#: Syria's neighbourhood (lon_min, lat_min, lon_max, lat_max): a point outside is an error.
#: Syria itself spans about 32.3-37.3 N and 35.7-42.4 E; the two ranges do not overlap,
#: which is what lets the validator say plainly when latitude and longitude are swapped.
SYRIA_BOUNDS = (34.5, 31.5, 43.0, 38.0)
#: Waypoints of naval and air routes (Black Sea to the eastern Mediterranean).
ROUTE_BOUNDS = (25.0, 30.0, 45.0, 47.5)

SIDES = (
    "government",
    "transitional",
    "opposition",
    "nusra",
    "isis",
    "kurdish",
    "russia",
    "iran_hezbollah",
    "us_coalition",
    "turkey",
    "other",
    "unknown",
)

GOVERNORATES = (
    "Aleppo",
    "As-Suwayda",
    "Damascus",
    "Daraa",
    "Deir ez-Zor",
    "Hama",
    "Hasakah",
    "Homs",
    "Idlib",
    "Latakia",
    "Quneitra",
    "Raqqa",
    "Rif Dimashq",
    "Tartus",
)

PRECISION_CODES = ("1", "2", "3")
CONFIDENCE = ("high", "medium", "low")

#: Who produced a source's text (not the site it was read on); the audit groups these.
ORIGINATOR_KINDS = (
    "agency",
    "newspaper",
    "monitor",
    "think_tank",
    "official",
    "encyclopedia",
    "gazetteer",
    "blog",
    "aggregator",
    "other",
)

#: Separator between the source ids of ``corroborated_by`` and between the quotes of
#: ``corroboration_quote`` (same order).
LIST_SEPARATOR = ";"
QUOTE_SEPARATOR = " | "

# ACLED's event types and sub-event types (ACLED Codebook, 2023).
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
SUB_EVENT_TYPES = (
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
)


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Parameters
    ----------
    name : str
        Header name in the CSV.
    kind : str
        How the text is parsed: ``id`` (unique, no spaces), ``slug`` (unique lowercase
        ``a-z0-9_``), ``text``, ``url``, ``date`` (``YYYY-MM-DD``), ``event_date`` (a date
        within the study period, ``config.STUDY_START`` .. ``STUDY_END``), ``report_date`` (up
        to ``config.RECORD_END``), ``int``, ``float``,
        ``latitude``, ``longitude``, ``category``, ``yesno``, ``ref`` or ``refs`` (several
        ids separated by ``;``).
    required : bool
        Whether an empty cell is a problem.
    description : str
        What the column means, for the codebook.
    allowed : tuple of str, optional
        Allowed values of a ``category`` column.
    ref : str, optional
        ``"table.column"`` that a ``ref`` column points to.
    minimum, maximum : float, optional
        Bounds of a numeric column.
    """

    name: str
    kind: str
    required: bool
    description: str
    allowed: tuple[str, ...] = ()
    ref: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def expected(self) -> str:
        """Plain-words description of a valid value, used in error messages."""
        if self.kind == "category":
            return "one of: " + ", ".join(self.allowed)
        if self.kind == "ref" and self.ref is not None:
            table, col = self.ref.split(".")
            return f"an existing {col} in {table}.csv"
        if self.kind == "refs" and self.ref is not None:
            table, col = self.ref.split(".")
            return f"existing {col}s of {table}.csv separated by '{LIST_SEPARATOR}'"
        if self.kind in ("int", "float") and self.minimum is not None:
            upper = "" if self.maximum is None else f" and at most {self.maximum:g}"
            noun = "an integer" if self.kind == "int" else "a number"
            return f"{noun} at least {self.minimum:g}{upper}"
        return {
            "id": "a unique identifier without spaces",
            "slug": "a unique lowercase identifier of a-z, 0-9 and _",
            "text": "text",
            "url": "a URL starting with http:// or https://",
            "date": "a date as YYYY-MM-DD",
            "event_date": f"a date as YYYY-MM-DD between {STUDY_START} and {STUDY_END}",
            "report_date": f"a date as YYYY-MM-DD between {STUDY_START} and {RECORD_END}",
            "int": "an integer",
            "float": "a number",
            "latitude": "a latitude in decimal degrees north",
            "longitude": "a longitude in decimal degrees east",
            "yesno": "yes or no",
        }[self.kind]

    @property
    def codebook_type(self) -> str:
        """Short type label for the codebook table."""
        if self.kind in ("ref", "refs"):
            return f"{self.kind} → {self.ref}"
        return self.kind


@dataclass(frozen=True)
class TableSchema:
    """The schema of one table: its file, key and columns.

    Parameters
    ----------
    name : str
        Table name; the file is ``NAME.csv`` in the data folder.
    description : str
        One line for the codebook.
    columns : tuple of Column
        In file order.
    key : str, optional
        Column whose values must be unique.
    coords : tuple of str, optional
        ``(latitude, longitude)`` column names when the table carries coordinates.
    bounds : tuple of float
        ``(lon_min, lat_min, lon_max, lat_max)`` that coordinates must fall in.
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    key: str | None = None
    coords: tuple[str, str] | None = None
    bounds: tuple[float, float, float, float] = SYRIA_BOUNDS

    @property
    def filename(self) -> str:
        """The CSV file's name, ``NAME.csv``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


def _source(required: bool = True) -> tuple[Column, Column]:
    return (
        Column("source_id", "ref", required, "The source row that supports this row.", ref="sources.id"),
        Column(
            "quote", "text", required, "The source's own words supporting the row (at most about 25 words)."
        ),
    )


def _corroboration(with_confidence: bool) -> tuple[Column, ...]:
    confidence = (
        Column(
            "confidence",
            "category",
            True,
            "How sure the coder is of the row: high (graded A, or B corroborated), medium, or "
            "low (one source graded C or D with no independent second source; the notes say so).",
            allowed=CONFIDENCE,
        ),
    )
    return (
        *(confidence if with_confidence else ()),
        Column(
            "corroborated_by",
            "refs",
            False,
            "Other, independent sources (a different originator) that support the row, separated by ';'.",
            ref="sources.id",
        ),
        Column(
            "corroboration_quote",
            "text",
            False,
            "The words of each corroborating source, in the same order, separated by ' | '.",
        ),
    )


_TIME_PRECISION = Column(
    "time_precision",
    "category",
    True,
    "How exact the date is, as ACLED: 1 = the day, 2 = the week, 3 = the month "
    "(the date is then the first day of the week or month reported).",
    allowed=PRECISION_CODES,
)
_GEO_PRECISION = Column(
    "geo_precision",
    "category",
    False,
    "How exact the place is, as ACLED: 1 = the exact place, 2 = near it or part of a "
    "region, 3 = only the governorate is known (its centroid).",
    allowed=PRECISION_CODES,
)
_ATTRIBUTED_TO = Column(
    "attributed_to",
    "text",
    False,
    "Who originally said it when the source relays another outlet or person "
    "(e.g. Reuters, Syrian state television, SOHR).",
)
_NOTES = Column("notes", "text", False, "Coder's notes: caveats, disagreements, reasoning.")
_QUOTE_EN = Column(
    "quote_en",
    "text",
    False,
    "The project's English translation of a quote that is not in English "
    "(empty when the quote is English); the quote keeps the original words.",
)

LOCATIONS = TableSchema(
    "locations",
    "Places studied: towns, bases, crossings, districts, with coordinates.",
    (
        Column("id", "slug", True, "Identifier used by the other tables."),
        Column("name", "text", True, "English name as commonly written in reporting."),
        Column("name_ar", "text", False, "Arabic name."),
        Column("alt_names", "text", False, "Other spellings and names, separated by |."),
        Column(
            "kind",
            "category",
            True,
            "What sort of place it is.",
            allowed=(
                "city",
                "town",
                "village",
                "air_base",
                "military_base",
                "naval_base",
                "port",
                "border_crossing",
                "region",
                "oil_gas_field",
                "pumping_station",
                "road_junction",
                "dam",
            ),
        ),
        Column(
            "governorate",
            "category",
            True,
            "Governorate (muhafazah) the place lies in, one English spelling each; "
            "checked against the boundary polygons.",
            allowed=GOVERNORATES,
        ),
        Column("latitude", "latitude", True, "Latitude, WGS84 decimal degrees."),
        Column("longitude", "longitude", True, "Longitude, WGS84 decimal degrees."),
        Column("geo_precision", "category", True, _GEO_PRECISION.description, allowed=PRECISION_CODES),
        *_source(),
        Column(
            "geonameid",
            "int",
            False,
            "GeoNames id of the place where GeoNames lists it (checked against the "
            "offline gazetteer: coordinates within 2 km).",
            minimum=1,
        ),
    ),
    key="id",
    coords=("latitude", "longitude"),
)

ACTORS = TableSchema(
    "actors",
    "Armed actors and the side each belongs to on the maps.",
    (
        Column("id", "slug", True, "Identifier used by control, events and deployments."),
        Column("name", "text", True, "Name as commonly written in reporting."),
        Column(
            "side",
            "category",
            True,
            "The side the actor is drawn as; one colour per side across the package.",
            allowed=SIDES,
        ),
        Column(
            "parent",
            "ref",
            False,
            "Alliance or umbrella the actor belonged to (e.g. Jaish al-Fatah).",
            ref="actors.id",
        ),
        Column(
            "colour",
            "text",
            False,
            "Optional hex colour overriding the side's colour (leave empty normally).",
        ),
        *_source(required=False),
    ),
    key="id",
)

SOURCES = TableSchema(
    "sources",
    "Every public page a row cites, graded with the Admiralty (NATO) system.",
    (
        Column("id", "slug", True, "Identifier cited by source_id elsewhere."),
        Column("outlet", "text", True, "Publisher or website."),
        Column("author", "text", False, "Author(s) where the page names them."),
        Column("title", "text", True, "Title of the page."),
        Column("published", "date", False, "Publication date where the page gives one."),
        Column("url", "url", True, "Public address of the page (where the text was read: the host)."),
        Column(
            "originator",
            "text",
            True,
            "Who produced the text: the agency whose wire a newspaper carries, the monitor, "
            "the ministry; the outlet itself for its own reporting. Grades apply to it.",
        ),
        Column(
            "originator_kind",
            "category",
            True,
            "What the originator is (agency, newspaper incl. broadcasters, monitor, think_tank, "
            "official, encyclopedia, gazetteer, blog, aggregator, other).",
            allowed=ORIGINATOR_KINDS,
        ),
        Column(
            "reliability",
            "category",
            True,
            "Admiralty reliability of the originator: A completely reliable … F cannot be judged.",
            allowed=("A", "B", "C", "D", "E", "F"),
        ),
        Column(
            "credibility",
            "category",
            True,
            "Admiralty information credibility: 1 confirmed … 6 cannot be judged.",
            allowed=("1", "2", "3", "4", "5", "6"),
        ),
        Column("accessed", "date", True, "Date the page was read for coding."),
        _NOTES,
    ),
    key="id",
)

EVENTS = TableSchema(
    "events",
    "Battles, captures, strikes and strategic developments; ACLED column names.",
    (
        Column("event_id", "id", True, "Identifier of the event."),
        Column("event_date", "event_date", True, "Date of the event."),
        _TIME_PRECISION,
        Column("event_type", "category", True, "ACLED event type.", allowed=EVENT_TYPES),
        Column("sub_event_type", "category", True, "ACLED sub-event type.", allowed=SUB_EVENT_TYPES),
        Column("actor1", "ref", True, "The actor that acted (attacker, capturer).", ref="actors.id"),
        Column("actor2", "ref", False, "The other actor (defender, target).", ref="actors.id"),
        Column(
            "location_id",
            "ref",
            False,
            "Where it happened; empty (with no coordinates) for country-wide developments "
            "such as a decree or a salvo whose targets the source does not place.",
            ref="locations.id",
        ),
        Column(
            "latitude", "latitude", False, "Latitude when the event has no location_id (or differs from it)."
        ),
        Column("longitude", "longitude", False, "Longitude, with latitude."),
        _GEO_PRECISION,
        Column(
            "fatalities",
            "int",
            False,
            "Deaths reported by the source; empty when it gives no number.",
            minimum=0,
        ),
        _NOTES,
        *_source(),
        Column("confidence", "category", True, "How sure the coder is of the row.", allowed=CONFIDENCE),
        Column("disputed", "yesno", True, "Whether sources disagree about this event."),
        _ATTRIBUTED_TO,
        *_corroboration(with_confidence=False),
    ),
    key="event_id",
    coords=("latitude", "longitude"),
)

CONTROL = TableSchema(
    "control",
    "Who held each studied place, as intervals [valid_from, valid_to).",
    (
        Column("location_id", "ref", True, "The place.", ref="locations.id"),
        Column(
            "controller",
            "ref",
            True,
            "Actor holding the place; `unknown` when no source says.",
            ref="actors.id",
        ),
        Column("valid_from", "event_date", True, "First day of the interval."),
        Column(
            "valid_to",
            "event_date",
            False,
            f"Day control changed (exclusive); empty = still held on {STUDY_END}.",
        ),
        Column(
            "status",
            "category",
            True,
            "held; contested (fighting inside the place); besieged (held, but encircled by the enemy).",
            allowed=("held", "contested", "besieged"),
        ),
        Column(
            "date_precision",
            "category",
            True,
            "Precision of valid_from: 1 day, 2 week, 3 month.",
            allowed=PRECISION_CODES,
        ),
        Column("disputed", "yesno", True, "Whether sources disagree about this interval."),
        *_source(),
        _NOTES,
        *_corroboration(with_confidence=True),
    ),
)

DEPLOYMENTS = TableSchema(
    "deployments",
    "Foreign (mainly Russian) military assets reported arriving, present, striking or leaving.",
    (
        Column("deployment_id", "id", True, "Identifier of the row."),
        Column("actor", "ref", True, "Whose asset it is (russia, iran, us_coalition ...).", ref="actors.id"),
        Column("date", "report_date", True, "Date reported."),
        _TIME_PRECISION,
        Column(
            "action",
            "category",
            True,
            "arrival, presence (reported there, arrival unknown), departure or strike.",
            allowed=("arrival", "presence", "departure", "strike"),
        ),
        Column("asset_type", "text", True, "The asset as the source names it (e.g. Su-24M)."),
        Column(
            "asset_class",
            "category",
            True,
            "Class of asset for counting.",
            allowed=(
                "combat_aircraft",
                "helicopter",
                "transport_aircraft",
                "uav",
                "warship",
                "landing_ship",
                "submarine",
                "air_defence",
                "armour",
                "artillery",
                "personnel",
                "infrastructure",
                "cruise_missile",
                "other",
            ),
        ),
        Column("quantity", "int", False, "Number reported; empty when the source gives none.", minimum=0),
        Column(
            "quantity_text",
            "text",
            False,
            "The source's words for an unquantified amount ('a small number').",
        ),
        Column("location_id", "ref", False, "Where the asset was reported.", ref="locations.id"),
        Column("origin", "text", False, "Where it came from, when reported."),
        Column(
            "claim_status",
            "category",
            True,
            "Relative to the official Russian position at the time: reported (others "
            "said it, Moscow silent), confirmed, denied, or disputed between sources.",
            allowed=("reported", "confirmed", "denied", "disputed"),
        ),
        *_source(),
        _ATTRIBUTED_TO,
        _NOTES,
        Column(
            "total_scope",
            "category",
            False,
            "For a presence row with a number: class_total (all assets of the class in "
            "Syria or at the base, e.g. '32 aircraft at the base'), part (one model or part "
            "of the class, e.g. 'four Su-27'), or mixed (a total across classes, e.g. "
            "'50 airplanes and helicopters'). For a departure: cumulative when the number "
            "is a running total of a withdrawal that includes departures reported earlier. "
            "forces_in_theatre anchors on class totals.",
            allowed=("class_total", "part", "mixed", "cumulative"),
        ),
        _QUOTE_EN,
        *_corroboration(with_confidence=True),
        Column(
            "covers_classes",
            "text",
            False,
            "For a number that spans classes (total_scope mixed, or a departure such as 'about "
            "30 aircraft'): the asset classes the source says it includes, separated by ';' "
            "(e.g. combat_aircraft;helicopter;transport_aircraft). forces_in_theatre splits "
            "such a total across these classes only.",
        ),
    ),
    key="deployment_id",
)

CLAIMS = TableSchema(
    "claims",
    "Claims that official statements confirmed, denied or downplayed.",
    (
        Column("claim_id", "id", True, "Identifier of the claim."),
        Column("text", "text", True, "The claim in one sentence."),
        _NOTES,
    ),
    key="claim_id",
)

STATEMENTS = TableSchema(
    "statements",
    "Official statements about the claims, with their stance.",
    (
        Column("statement_id", "id", True, "Identifier of the statement."),
        Column("date", "report_date", True, "Date the statement was made or reported."),
        _TIME_PRECISION,
        Column("speaker", "text", True, "Who spoke (a person, or 'unnamed official')."),
        Column("role", "text", False, "The speaker's office."),
        Column("organisation", "text", True, "Government or body the speaker spoke for."),
        Column("claim_id", "ref", True, "The claim the statement is about.", ref="claims.claim_id"),
        Column(
            "stance",
            "category",
            True,
            "Stance towards the claim.",
            allowed=("confirms", "denies", "downplays", "reverses"),
        ),
        Column("quote", "text", True, "The statement's words as the source gives them."),
        Column("source_id", "ref", True, "The source row that reports it.", ref="sources.id"),
        _ATTRIBUTED_TO,
        _NOTES,
        _QUOTE_EN,
        *_corroboration(with_confidence=True),
    ),
    key="statement_id",
)

ROUTES = TableSchema(
    "routes",
    "Waypoints of reported naval and air supply routes, in order.",
    (
        Column("route_id", "text", True, "Identifier of the route."),
        Column("seq", "int", True, "Order of the waypoint along the route.", minimum=1),
        Column("name", "text", True, "Name of the waypoint."),
        Column("latitude", "latitude", True, "Latitude, WGS84 decimal degrees."),
        Column("longitude", "longitude", True, "Longitude, WGS84 decimal degrees."),
        Column(
            "source_id",
            "ref",
            True,
            "The source that names this place as a stop or passage on the route.",
            ref="sources.id",
        ),
        Column("quote", "text", True, "The source's words placing the waypoint on the route."),
        Column(
            "coord_source_id", "ref", True, "The source giving the waypoint's coordinates.", ref="sources.id"
        ),
        Column("coord_quote", "text", True, "The coordinates as that source writes them."),
    ),
    coords=("latitude", "longitude"),
    bounds=ROUTE_BOUNDS,
)

PUBLISHED_AREAS = TableSchema(
    "published_areas",
    "Published estimates of the territory or population each side held, to compare ours with.",
    (
        Column("estimate_id", "id", True, "Identifier of the estimate."),
        Column("publisher", "text", True, "Who made the estimate (e.g. IHS Conflict Monitor)."),
        Column("published", "date", False, "Date the estimate was published."),
        Column("refers_to", "event_date", True, "The date the estimate describes."),
        Column(
            "date_precision",
            "category",
            True,
            "Precision of refers_to: 1 day, 2 week, 3 month.",
            allowed=PRECISION_CODES,
        ),
        Column(
            "side",
            "category",
            True,
            "The side the figure is for (the publisher's grouping "
            "mapped to ours; see notes). opposition: rebels, with al-Nusra unless the "
            "publisher gives al-Nusra its own figure; opposition_incl_isis: a publisher's "
            "'rebels' that include the Islamic State.",
            allowed=(
                "government",
                "opposition",
                "nusra",
                "isis",
                "kurdish",
                "turkey",
                "us_coalition",
                "transitional",
                "opposition_incl_isis",
                "other",
            ),
        ),
        Column(
            "scope",
            "category",
            True,
            "syria: a figure for Syria alone; syria_iraq: Iraq and "
            "Syria together (kept, not comparable with Syria-only areas).",
            allowed=("syria", "syria_iraq"),
        ),
        Column("area_km2", "float", False, "Territory held, km², as published.", minimum=0),
        Column(
            "share_pct",
            "float",
            False,
            "Territory held, percent of Syria, as published.",
            minimum=0,
            maximum=100,
        ),
        Column(
            "population", "int", False, "People living under the side's control, as published.", minimum=0
        ),
        Column(
            "population_share_pct",
            "float",
            False,
            "Share of Syria's population under the side's control, percent, as published.",
            minimum=0,
            maximum=100,
        ),
        Column(
            "definition",
            "text",
            True,
            "The publisher's definition of control, in its words, or 'not stated'.",
        ),
        Column(
            "definition_kind",
            "category",
            True,
            "strict: only land a side holds or dominates counts, the rest is nobody's "
            "(compare with the reach methods); partition: the whole country is divided "
            "among the sides (the publisher's shares add up to about 100 %; compare with "
            "voronoi); not_stated: neither can be told.",
            allowed=("strict", "partition", "not_stated"),
        ),
        *_source(),
        _NOTES,
    ),
    key="estimate_id",
)

SCHEMAS: dict[str, TableSchema] = {
    s.name: s
    for s in (
        SOURCES,
        ACTORS,
        LOCATIONS,
        CLAIMS,
        EVENTS,
        CONTROL,
        DEPLOYMENTS,
        STATEMENTS,
        ROUTES,
        PUBLISHED_AREAS,
    )
}
#: Load order: every table comes after the tables it refers to.
TABLE_ORDER: tuple[str, ...] = tuple(SCHEMAS)
