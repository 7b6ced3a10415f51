"""Export publication figures (PNG, SVG, PDF) deterministically, and index them.

Each exported figure gets a sidecar ``NAME.json`` (caption, sources, notebook, the data's
content hash, size); ``figures/README.md`` is regenerated from the sidecars, and
:func:`stale_figures` compares their hashes with the current data.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from .config import FIGURES_DIR
from .io import atomic_write_bytes
from .load import data_content_hash
from .plotting.style import STYLE_PATH

__all__ = ["export", "write_figure_index", "stale_figures", "run_context", "provenance",
           "boundaries_content_hash", "FIGURE_WIDTHS_MM", "FORMATS"]

#: Report column widths (Nature-style single and double column).
FIGURE_WIDTHS_MM = {"single": 89.0, "double": 183.0}
FORMATS = ("png", "svg", "pdf")
PNG_DPI = 300
# Fixed metadata so that the same figure gives the same bytes on every run.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_RC = {"svg.hashsalt": "syria-conflict-atlas", "svg.fonttype": "none", "pdf.fonttype": 42,
       "pdf.compression": 6, "path.simplify": True}


def _render(fig: Figure, fmt: str) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format=fmt, dpi=PNG_DPI if fmt == "png" else 72,
                    metadata=_METADATA[fmt], facecolor="white")
    return buf.getvalue()


def export(fig, name: str, caption: str, sources: list[str], size: str = "double",
           out_dir: str | Path | None = FIGURES_DIR, notebook: str | None = None,
           data_dir: str | Path | None = None) -> dict[str, Path] | None:
    """Write ``NAME.png`` (300 dpi), ``NAME.svg`` and ``NAME.pdf`` at a report width.

    The figure is resized to the column width (keeping its aspect ratio), given a footer
    with its sources, and written atomically (a temporary file, then a rename): a failure
    leaves any earlier file untouched. Dates and tool names are left out of the files and
    the SVG hash salt is fixed, so the same figure gives the same bytes on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or Axes
        The figure (an Axes is taken as its figure).
    name : str
        File stem, e.g. ``"control_map_2015-09-30"`` (letters, digits, ``-``, ``_``).
    caption : str
        One or two sentences for the figure index.
    sources : list of str
        Tables or outlets the figure draws on; printed in the footer and the index.
    size : {"single", "double"}
        89 mm or 183 mm wide.
    out_dir : str or Path or None
        Folder to write to (default ``figures/``); None writes nothing and returns None,
        so notebooks can be run interactively without touching committed figures.
    notebook : str, optional
        The notebook that made the figure, for the index.
    data_dir : str or Path, optional
        Data folder whose content hash is recorded (default: the report run's data
        folder, see :func:`run_context`, else the shipped ``data/``). The sidecar also
        records the boundaries' hash, the package version and the run's parameters.

    Returns
    -------
    dict of str to Path, or None
        Paths written, by format (plus ``"json"`` for the sidecar).

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> paths = export(fig, "demo", "A demo.", ["none"], out_dir=tempfile.mkdtemp())
    >>> sorted(paths)
    ['json', 'pdf', 'png', 'svg']
    """
    if size not in FIGURE_WIDTHS_MM:
        raise ValueError(f"size={size!r} is unknown; expected one of: {', '.join(FIGURE_WIDTHS_MM)}")
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise ValueError(f"name={name!r}: use letters, digits, '-' and '_' only")
    if out_dir is None:
        return None
    fig = getattr(fig, "figure", fig) if not isinstance(fig, Figure) else fig
    out = Path(out_dir)
    width_in = FIGURE_WIDTHS_MM[size] / 25.4
    w, h = fig.get_size_inches()
    with matplotlib.style.context(STYLE_PATH):
        fig.set_size_inches(width_in, h * width_in / w)
        # Fit legends and labels placed outside the axes inside the fixed page width,
        # leaving room at the bottom for the footer.
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        footer = fig.text(0.01, 0.002, "Sources: " + "; ".join(sources) + " · syria-conflict-atlas",
                          fontsize=5, color="#555555", ha="left", va="bottom")
        try:
            rendered = {fmt: _render(fig, fmt) for fmt in FORMATS}
        finally:
            footer.remove()
    paths = {fmt: atomic_write_bytes(out / f"{name}.{fmt}", data) for fmt, data in rendered.items()}
    run = run_context()
    if data_dir is None:
        data_dir = run["data_dir"]
    meta = {"name": name, "caption": caption, "sources": list(sources), "notebook": notebook,
            "size": size, "width_mm": FIGURE_WIDTHS_MM[size], **provenance(data_dir, run["parameters"])}
    paths["json"] = atomic_write_bytes(out / f"{name}.json",
                                       (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode())
    return paths


def _sidecars(out_dir: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(out_dir).glob("*.json"))]


def write_figure_index(out_dir: str | Path = FIGURES_DIR) -> Path:
    """Regenerate ``README.md`` in the figures folder from the sidecars.

    Returns
    -------
    Path
        The index written.

    Examples
    --------
    >>> import tempfile
    >>> write_figure_index(tempfile.mkdtemp()).name
    'README.md'
    """
    out = Path(out_dir)
    lines = ["# Figures", "",
             "Exported by `make report` (`python -m analysis report`); do not edit by hand. "
             "Each figure comes as PNG (300 dpi), SVG and PDF. `data hash` is the SHA-256 of the "
             "tables the figure was made from: `python -m analysis report --check` tells whether "
             "a figure is stale against the current data.", ""]
    for meta in _sidecars(out):
        lines += [f"## {meta['name']}", "",
                  f'<img src="{meta["name"]}.png" width="360" alt="{meta["caption"]}">', "",
                  meta["caption"], "",
                  f"- files: [{meta['name']}.png]({meta['name']}.png), [svg]({meta['name']}.svg), "
                  f"[pdf]({meta['name']}.pdf); {meta['size']} column, {meta['width_mm']:g} mm",
                  f"- sources: {'; '.join(meta['sources'])}",
                  f"- notebook: `{meta['notebook'] or 'n/a'}`",
                  f"- data hash: `{meta['data_hash'][:16]}`", ""]
    return atomic_write_bytes(out / "README.md", "\n".join(lines).encode("utf-8"))


def run_context() -> dict:
    """The report run this process belongs to: ``{"parameters": {...}, "data_dir": ...}``.

    ``python -m analysis report`` sets it (environment variable
    :data:`analysis.report.RUN_ENV`) for the notebook kernels it starts, so that each
    figure's sidecar records the run's parameters and data folder. Outside a report run it
    is empty: no parameters, the shipped data.

    Examples
    --------
    >>> run_context()
    {'parameters': {}, 'data_dir': None}
    """
    raw = os.environ.get("SYRIA_ATLAS_RUN")
    run = json.loads(raw) if raw else {}
    return {"parameters": dict(run.get("parameters") or {}), "data_dir": run.get("data_dir")}


def boundaries_content_hash(data_dir: str | Path | None = None) -> str:
    """SHA-256 of the boundary files a map of this data folder is drawn from.

    Examples
    --------
    >>> len(boundaries_content_hash())
    64
    """
    from .boundaries import boundaries_dir

    digest = hashlib.sha256()
    for path in sorted(boundaries_dir(data_dir).glob("*.geojson")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def provenance(data_dir: str | Path | None = None, parameters: dict | None = None) -> dict:
    """What a figure was made from: data and boundaries hashes, package version, parameters.

    Examples
    --------
    >>> sorted(provenance())
    ['boundaries_hash', 'data_hash', 'package_version', 'parameters']
    """
    from . import __version__

    return {"data_hash": data_content_hash(data_dir),
            "boundaries_hash": boundaries_content_hash(data_dir),
            "package_version": __version__,
            "parameters": dict(parameters or {})}


def stale_figures(data_dir: str | Path | None = None, out_dir: str | Path = FIGURES_DIR,
                  parameters: dict | None = None) -> list[str]:
    """Names of exported figures whose files are missing or that were made from other
    data, other boundaries, another package version or other parameters.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data folder the figures should reflect (default: shipped ``data/``).
    out_dir : str or Path
        The figures folder to check.
    parameters : dict, optional
        The run's parameters (the default run has none).

    Examples
    --------
    >>> import tempfile
    >>> stale_figures(out_dir=tempfile.mkdtemp())
    []
    """
    expected = provenance(data_dir, parameters)
    out = Path(out_dir)
    stale = []
    for meta in _sidecars(out):
        missing = any(not (out / f"{meta['name']}.{fmt}").exists() for fmt in FORMATS)
        if missing or any(meta.get(key) != value for key, value in expected.items()):
            stale.append(meta["name"])
    return stale
