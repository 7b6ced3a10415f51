import hashlib
from datetime import timedelta

import pytest

from analysis.config import STUDY_END
from analysis.drawing.widgets import ControlMapAnimator, control_explorer


@pytest.fixture(scope="module")
def anim():
    return ControlMapAnimator()


def test_step_recolours_in_place_and_changes_the_image(anim):
    before = anim.step("2015-03-27")
    cells_artist = anim._cells
    after = anim.step("2015-03-28")  # Idlib city fell that day
    assert anim._cells is cells_artist  # same artists, recoloured
    assert hashlib.sha256(before).digest() != hashlib.sha256(after).digest()
    side, status = anim.sides_on("2015-03-28")
    idx = list(anim._places["id"]).index("idlib")
    assert side[idx] == "jaish_al_fatah" or side[idx] == "opposition"


def test_sides_on_matches_control_at(anim):
    from analysis.territory.control import control_at

    snap = control_at("2016-06-01").set_index("location_id")
    side, status = anim.sides_on("2016-06-01")
    assert list(side) == [str(snap.loc[i, "side"]) for i in anim._places["id"]]
    assert list(status) == [str(snap.loc[i, "status"]) for i in anim._places["id"]]


def test_zoom_changes_the_frame(anim):
    full = anim.step("2015-06-01")
    anim.set_extent("Idlib")
    zoomed = anim.step("2015-06-01")
    anim.set_extent("syria")
    assert full != zoomed
    with pytest.raises(ValueError, match="date="):
        anim.step(str(STUDY_END + timedelta(days=1)))


def test_explorer_widget_wires_slider_dropdown_and_image():
    box = control_explorer(freq="W-MON", start="2015-03-23")
    first = box.image.value
    box.slider.value = box.slider.value + 1
    assert box.date_label.value == "2015-03-30"
    assert box.image.value != first
    before_zoom = box.image.value
    box.governorate.value = "Idlib"
    assert box.animator.extent == "Idlib"
    # The image is a real (lossless) WebP of the zoomed map: its header, and Idlib's box.
    value = box.image.value
    assert box.image.format == "jpeg" and value[:3] == b"\xff\xd8\xff"  # JPEG start of image
    assert value != before_zoom
    x0, x1 = box.animator.ax.get_xlim()
    assert 35.9 < x0 < x1 < 37.5


def test_explorer_defaults_to_the_map_series_dates():
    box = control_explorer(start="2015-03-23")
    assert box.date_label.value == "2015-04-01"  # the month start on or after ``start``
    box.slider.value = box.slider.value + 1
    assert box.date_label.value == "2015-05-01"


def test_claim_ledger_explorer_filters_rows():
    from analysis.drawing.widgets import claim_ledger_explorer

    box = claim_ledger_explorer()
    all_rows = len(box.rows)
    box.claim.value = "C07"
    assert 0 < len(box.rows) < all_rows and set(box.rows["claim_id"]) == {"C07"}
    assert box.table.value.count('class="ledger-row"') == len(box.rows)
    box.speaker.value = "Vladimir Putin"
    assert set(box.rows["who"]) == {"Vladimir Putin"}
    assert 'title="' in box.table.value  # quotes as tooltips


def test_claim_ledger_explorer_shows_original_words_and_the_translation():
    from analysis.drawing.widgets import claim_ledger_explorer

    box = claim_ledger_explorer()
    box.speaker.value = "Dmitry Peskov"
    rows = box.rows
    foreign = rows[rows["quote_en"].fillna("") != ""]
    assert len(foreign), "expected at least one non-English Peskov quote"
    html = box.table.value
    for quote_en in foreign["quote_en"]:
        assert "[translation by the project] " + quote_en.replace('"', "&quot;") in html
    assert 'class="quote-en"' in html


def test_every_non_english_quote_has_a_translation():
    import re

    from analysis import load_dataset

    ds = load_dataset()
    for table in ("statements", "deployments"):
        frame = getattr(ds, table)
        script = frame["quote"].str.contains(r"[\u0400-\u04FF\u0600-\u06FF]", regex=True)
        missing = frame[script & frame["quote_en"].isna()]
        assert missing.empty, f"{table}: quotes in Cyrillic or Arabic without quote_en: {list(missing.iloc[:, 0])}"
        assert not re.search(r"[\u0400-\u04FF\u0600-\u06FF]", " ".join(frame["quote_en"].dropna()))


def test_each_marker_collection_holds_the_places_of_its_status_and_side(anim):
    anim.update("2016-06-01")
    side, status = anim.sides_on("2016-06-01")
    colours = dict(zip(anim._side_names, anim._palette.tolist()))
    drawn = 0
    for (st, code), sc in anim._markers.items():
        xy = sc.get_offsets()
        want = anim._xy[(status == st) & (side == anim._side_names[code])]
        assert sorted(map(tuple, xy)) == sorted(map(tuple, want))
        if len(xy):
            assert sc.get_facecolor()[0].tolist() == colours[anim._side_names[code]]
        drawn += len(xy)
    assert drawn == len(anim._places)


def test_zoom_clips_the_labels_of_places_outside_the_box_but_not_the_source_line(anim):
    from matplotlib.text import Annotation

    anim.set_extent("Idlib")
    labels = [t for t in anim.ax.texts if isinstance(t, Annotation) and t.xycoords == "data"]
    source = [t for t in anim.ax.texts if "Data: syria-conflict-atlas" in t.get_text()]
    def clipped(t):
        return t.get_clip_on() and t.get_clip_box() is not None

    assert labels and all(clipped(t) for t in labels)
    assert source and not any(clipped(t) for t in source)
    anim.set_extent("syria")
    assert not any(clipped(t) for t in labels)


def test_the_webp_frame_is_the_png_frame_pixel_for_pixel(anim):
    import io

    import numpy as np
    from PIL import Image

    png = anim.step("2019-01-01")
    webp = anim.step("2019-01-01", fmt="webp")
    as_png = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    as_webp = np.asarray(Image.open(io.BytesIO(webp)).convert("RGB"))
    assert as_png.shape == as_webp.shape and (as_png == as_webp).all()
    with pytest.raises(ValueError, match="fmt="):
        anim.step("2019-01-01", fmt="gif")
