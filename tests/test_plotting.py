import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from analysis.data.schema import SIDES  # noqa: E402
from analysis.drawing import charts, maps, style  # noqa: E402


def test_every_side_has_a_distinct_colour():
    assert set(style.SIDE_COLOURS) >= set(SIDES) | {"not_assessed"}
    assert len(set(style.SIDE_COLOURS.values())) == len(style.SIDE_COLOURS)
    assert style.SIDE_COLOURS["nusra"] != style.SIDE_COLOURS["opposition"]
    with pytest.raises(ValueError, match="expected one of"):
        style.side_colour("blue team")


def test_use_style_applies_and_restores_rcparams():
    before = plt.rcParams["font.size"]
    with style.use_style():
        assert plt.rcParams["font.size"] == 8
    assert plt.rcParams["font.size"] == before


def test_maps_and_charts_draw_with_a_source_line():
    from analysis import load_dataset
    from analysis.publishing import overview

    ds = load_dataset()
    for ax in (maps.plot_locations(ds.locations, set(ds.control["location_id"]), dataset=ds),
               charts.plot_rows_by_month(overview.rows_by_month(dataset=ds))):
        texts = [t.get_text() for t in ax.texts]
        assert any(t.startswith("Data:") for t in texts)
        ax.figure.canvas.draw()
        plt.close(ax.figure)
    ax = charts.plot_sources_by_grade(overview.sources_by_grade(dataset=ds))
    assert ax.images
    plt.close("all")


def _surface(day="2015-09-30", method="voronoi"):
    from analysis.territory.control import control_areas, control_at

    return control_at(day), control_areas(day, method)


def test_control_map_draws_markers_legend_scale_and_a_title_naming_the_method():
    ax = maps.plot_control_map(*_surface(), date="2015-09-30")
    assert ax.get_title() == "Territorial control, 30 September 2015 (Voronoi estimate)"
    assert ax.get_legend() is not None
    assert any(t.get_text().endswith(" km") for t in ax.texts)
    assert any("Shading: Voronoi estimate" in t.get_text() for t in ax.texts)
    plt.close("all")


def test_reach_map_draws_not_assessed_land_grey_hatched_and_in_the_legend():
    ax = maps.plot_control_map(*_surface(method="reach"), date="2015-09-30")
    assert "reach method" in ax.get_title()
    assert "Not assessed" in [t.get_text() for t in ax.get_legend().get_texts()]
    hatched = [c for c in ax.collections if c.get_hatch() == style.NOT_ASSESSED_HATCH]
    assert hatched and style.SIDE_COLOURS["not_assessed"] == "#EBEBEB"
    plt.close("all")


def test_control_map_zooms_to_a_governorate_and_rejects_unknown_extent():
    ax = maps.plot_control_map(*_surface(), date="2015-09-30", extent="Idlib")
    x0, x1 = ax.get_xlim()
    assert x1 - x0 < 3
    with pytest.raises(ValueError, match="expected 'syria'"):
        maps.plot_control_map(*_surface(), date="2015-09-30", extent="Atlantis")
    plt.close("all")


def test_map_labels_a_chosen_subset_with_display_names_and_the_layout_check_passes():
    from analysis.publishing.figures import check_layout

    snapshot, areas = _surface()
    ax = maps.plot_control_map(snapshot, areas, date="2015-09-30")
    labels = [t.get_text() for t in ax.texts if t.get_fontstyle() != "italic" and t.get_fontsize() == 6
              and not t.get_text().startswith(("Shading", "Data")) and not t.get_text().endswith(" km")]
    assert 5 < len(labels) < len(snapshot)  # a chosen subset, never every place
    assert "Damascus" in labels and "Aleppo" in labels
    assert not any("_" in name or "(" in name for name in labels)  # display names, not ids
    assert check_layout(ax.figure, "control_map") == []
    plt.close("all")


def test_label_points_skips_what_does_not_fit_instead_of_piling():
    from analysis.drawing.labels import label_points
    from analysis.publishing.figures import check_layout

    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.scatter([0.5] * 30, [0.5] * 30)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    result = label_points(ax, [0.5] * 30, [0.5] * 30, [f"place {i}" for i in range(30)])
    assert result.texts and result.skipped
    assert [p for p in check_layout(fig, "crowded") if p.kind in ("overlap", "text over marker")] == []
    plt.close("all")


def test_small_multiples_timeline_area_and_capture_sequence():
    from analysis.territory.control import changes, control_intervals
    from analysis.territory.series import area_by_side

    fig = maps.plot_control_small_multiples({d: _surface(d) for d in maps.DEFAULT_SNAPSHOTS})
    assert len(fig.axes) == 4 and len(fig.legends) == 1
    assert [ax.get_title(loc="left")[0] for ax in fig.axes] == ["a", "b", "c", "d"]
    ax = charts.plot_control_timeline(control_intervals())
    assert len(ax.patches) > 100
    assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 6
    ax = charts.plot_area_by_side(area_by_side(freq="QS"))
    assert ax.collections
    ax = charts.plot_area_by_side(area_by_side(freq="QS", method="reach"))
    assert "Not assessed" in [t.get_text() for t in ax.get_legend().get_texts()]
    fig = maps.plot_capture_sequence(changes("2015-01-01", "2015-12-31", "Idlib"), *_surface("2015-12-31"),
                                     governorate="Idlib", date="2015-12-31")
    assert "Idlib" in fig.texts[0].get_text()
    listing = fig.axes[1].texts[0].get_text()
    assert "Syrian government forces → Jaish al-Fatah" in listing and "syrian_government" not in listing
    plt.close("all")


def test_forces_deployment_map_and_ledger_charts():
    from analysis import load_dataset
    from analysis.forces.estimates import forces_in_theatre

    fig = charts.plot_forces_in_theatre(forces_in_theatre(freq="W"),
                                        charts.key_dates_from_events(load_dataset().events))
    assert [ax.get_title(loc="left") for ax in fig.axes] == list(charts.FORCE_PANELS.values())
    assert all(ax.get_ylim()[0] == 0 for ax in fig.axes)  # counts never below zero
    assert any(ax.lines for ax in fig.axes)
    assert "30 Sep 2015: air campaign begins" in " ".join(t.get_text() for t in fig.texts)
    from analysis.forces.claims import claim_ledger, contradictions
    from analysis.forces.deployments import distinct_arrivals

    ds = load_dataset()
    fig = maps.plot_deployment_map(distinct_arrivals(dataset=ds), ds.routes, dataset=ds)
    main, route = fig.axes[:2]
    assert main.collections and route.lines
    ax = charts.plot_claims_ledger(claim_ledger(dataset=ds), contradictions("speaker", dataset=ds), ds.claims)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"denies", "confirms", "evidence: strike"} <= set(labels)
    assert any(type(c).__name__ == "Annotation" for c in ax.texts + ax.get_children())
    plt.close("all")


def test_naval_routes_follow_the_sea():
    """No leg of a route crosses land (Natural Earth land, data/boundaries/region.geojson).

    The land is Natural Earth 1:110m: its coast is generalised by more than the width of the
    Bosporus and the Dardanelles, and GeoNames places a port at its town centre, so a leg may
    touch land only within 12 km of a waypoint (15 km of a port). Everything between must be sea.
    """
    import geopandas as gpd
    import shapely
    from shapely.geometry import LineString, Point

    from analysis import load_dataset

    crs = "+proj=aeqd +lat_0=39 +lon_0=31 +units=m"  # metres, true distances over the region
    land = shapely.union_all(gpd.read_file("data/boundaries/region.geojson").to_crs(crs).geometry.values)
    routes = load_dataset().routes
    xy = gpd.GeoSeries(gpd.points_from_xy(routes["longitude"], routes["latitude"]), crs="EPSG:4326").to_crs(crs)
    routes = routes.assign(x=xy.x.to_numpy(), y=xy.y.to_numpy())
    ports = ("Novorossiysk", "Sevastopol", "Tartus")
    crossings = []
    for route_id, legs in routes.sort_values("seq").groupby("route_id"):
        points = list(zip(legs["x"], legs["y"], legs["name"]))
        assert len(points) >= 2
        for a, b in zip(points, points[1:]):
            margin = [15_000 if p[2].startswith(ports) else 12_000 for p in (a, b)]
            ends = Point(a[:2]).buffer(margin[0]).union(Point(b[:2]).buffer(margin[1]))
            km = LineString([a[:2], b[:2]]).difference(ends).intersection(land).length / 1000
            if km > 0:
                crossings.append(f"{route_id}: {a[2]} -> {b[2]} crosses {km:.1f} km of land")
    assert crossings == []
    names = set(routes["name"])
    assert any("Aegean" in n for n in names) and any("Cyprus" in n for n in names)


def test_a_label_keeps_clear_of_the_scale_bar():
    from analysis.drawing.base_map import add_scale_bar
    from analysis.drawing.labels import furniture_boxes, label_points, text_box

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(36, 42)
    ax.set_ylim(32, 37)
    add_scale_bar(ax, km=100)
    renderer = fig.canvas.get_renderer()
    (bar,) = furniture_boxes(ax, renderer)
    # A place just above the bar's middle: its name would sit on the bar if nothing kept it off.
    x, y = ax.transData.inverted().transform(((bar.x0 + bar.x1) / 2, bar.y0 - 2))
    placed = label_points(ax, [x], [y], ["A rather long place name"])
    (label,) = placed.texts
    fig.canvas.draw()
    assert not text_box(label, renderer).overlaps(furniture_boxes(ax, renderer)[0])
    plt.close(fig)


def test_label_points_always_draws_every_label_and_leaves_the_overlap_to_the_check():
    from analysis.drawing.labels import label_points

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    result = label_points(ax, [0.5] * 12, [0.5] * 12, [str(i) for i in range(12)], centred=True, always=True)
    assert result.skipped == [] and len(result.texts) == 12
    plt.close(fig)


def test_capture_sequence_draws_a_disc_for_every_change_and_shares_one_per_point():
    from analysis.territory.control import changes

    ch = changes("2018-01-01", "2018-05-31")
    ch = ch[ch["governorate"].isin(["Damascus", "Rif Dimashq"])]
    fig = maps.plot_capture_sequence(ch, *_surface("2018-05-31"), governorate=(36.15, 36.85, 33.38, 33.87),
                                     date="2018-05-31", title="Ghouta 2018")
    discs = [t.get_text() for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    numbers = sorted(int(n) for d in discs for n in d.replace("\n", ",").split(","))
    assert numbers == list(range(1, len(ch) + 1))
    # al-Qadam, Jobar and Tadamon, coded at Damascus's point, share one disc.
    assert any("3," in d and "10" in d for d in discs)
    plt.close("all")
