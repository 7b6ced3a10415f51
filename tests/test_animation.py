"""The animated control map: frames drawn in place, written as animated WebP and PNG."""

from __future__ import annotations

import hashlib
import threading

import pandas as pd
import pytest
from PIL import Image

from analysis.cli import main
from analysis.config import FINAL_OFFENSIVE, STUDY_END, STUDY_START
from analysis.drawing.maps import legend_handles
from analysis.drawing.widgets import ControlMapAnimator
from analysis.publishing.animation import (
    FRAME_PATTERN,
    AnimationCancelled,
    animation_dates,
    export_control_animation,
)


def test_animation_dates_are_monthly_and_daily_through_the_final_offensive():
    days = animation_dates()
    first, last = (pd.Timestamp(d) for d in FINAL_OFFENSIVE)
    assert days[0] == pd.Timestamp(STUDY_START) and days.is_unique and days.is_monotonic_increasing
    monthly = days[days < first]
    assert (monthly[1:].day == 1).all() and len(monthly) == len(
        pd.date_range(STUDY_START, first, freq="MS")
    ) + 1
    daily = days[(days >= first) & (days <= last)]
    assert len(daily) == (last - first).days + 1
    assert days[-1] == max(last, pd.Timestamp(STUDY_END).replace(day=1))
    assert list(animation_dates("2015-03-01", "2015-03-16", days=5).strftime("%d")) == ["01", "06", "11"]
    with pytest.raises(ValueError, match="not after start"):
        animation_dates("2015-03-01", "2015-03-01")
    with pytest.raises(ValueError, match="days=0"):
        animation_dates(days=0)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("animation")
    frames = folder / "frames"
    frames.mkdir()
    (frames / "control_frame_999_2013-01-01.png").write_bytes(b"stale frame of an earlier run")
    (frames / "notes.txt").write_text("not a frame: kept")
    days = animation_dates("2015-03-21", "2015-04-05", days=7)  # Idlib city fell on 28 March
    result = export_control_animation(folder / "control.webp", dates=days, frames_dir=frames, frame_ms=300)
    return result, days


def test_the_webp_is_animated_with_one_frame_per_date(written):
    result, days = written
    with Image.open(result.path) as im:
        assert im.format == "WEBP" and im.is_animated and im.n_frames == len(days) == result.frames
        assert im.info["loop"] == 0  # plays forever
        pixels = []
        for i in range(im.n_frames):
            im.seek(i)
            im.load()
            assert im.info["duration"] == 300
            pixels.append(hashlib.sha256(im.convert("RGB").tobytes()).hexdigest())
    assert len(set(pixels)) == len(days)  # the title's date at least changes every frame
    assert result.frames_per_second > 0 and result.encode_seconds > 0


def test_frames_are_written_as_png_and_stale_frames_removed(written):
    result, days = written
    names = sorted(p.name for p in result.frames_dir.iterdir())
    frames = [n for n in names if FRAME_PATTERN.fullmatch(n)]
    assert frames == [f"control_frame_{i:03d}_{d:%Y-%m-%d}.png" for i, d in enumerate(days, 1)]
    assert "notes.txt" in names  # only this exporter's frames are touched
    with Image.open(result.frames_dir / frames[0]) as im:
        assert im.size == (880, 600)


def test_the_animator_with_a_legend_names_every_side_and_keeps_the_title_date():
    anim = ControlMapAnimator(legend=True, figsize=(8.8, 6.0))
    anim.update("2015-09-30")
    texts = [t.get_text() for t in anim.figure.legends[0].get_texts()]
    assert {"Government and allies", "ISIS", "Kurdish (YPG/SDF)", "Unknown", "place besieged"} <= set(texts)
    assert not any("_" in t for t in texts)  # display names, not ids
    assert anim.title == "Territorial control, 30 September 2015"


def test_legend_handles_follow_the_house_order_and_add_the_statuses():
    labels = [h.get_label() for h in legend_handles(["unknown", "isis", "government"])]
    assert labels == [
        "Government and allies",
        "ISIS",
        "Unknown",
        "place held",
        "place contested",
        "place besieged",
    ]


def test_export_rejects_a_path_that_is_not_webp_and_an_empty_date_list(tmp_path):
    with pytest.raises(ValueError, match="animated WebP"):
        export_control_animation(tmp_path / "control.gif")
    with pytest.raises(ValueError, match="no dates"):
        export_control_animation(tmp_path / "control.webp", dates=animation_dates()[:0])
    assert not list(tmp_path.iterdir())


def test_animate_command_writes_the_webp_and_frames(tmp_path, capsys, monkeypatch):
    import analysis.publishing.animation as animation

    short = animation_dates("2016-01-01", "2016-01-15", days=7)
    monkeypatch.setattr(animation, "animation_dates", lambda *a, **k: short)
    assert main(["animate", "--out", str(tmp_path / "a.webp"), "--frames-dir", str(tmp_path / "f")]) == 0
    printed = capsys.readouterr().out
    assert "2 frames" in printed and "frames/s" in printed
    assert (tmp_path / "a.webp").exists() and len(list((tmp_path / "f").glob("*.png"))) == 2


def test_a_cancelled_animation_stops_between_frames_and_writes_nothing(tmp_path):
    cancel = threading.Event()
    cancel.set()  # Ctrl-C in `python -m analysis report`
    with pytest.raises(AnimationCancelled):
        export_control_animation(
            tmp_path / "map.webp",
            dates=animation_dates("2015-01-01", "2015-06-01"),
            frames_dir=tmp_path / "frames",
            cancel=cancel,
        )
    assert list(tmp_path.iterdir()) == []
