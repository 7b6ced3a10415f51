"""A static website of the executed notebooks, the figures, the codebook and the tables.

Built with Sphinx and MyST-NB, the Jupyter ecosystem's MyST engine for Sphinx: it reads
the notebooks as ``make report`` executed them (``reports/*.ipynb``) and never runs them
again (``nb_execution_mode = "off"``). Jupyter Book 2 (mystmd) was the other candidate, but
it fetches its theme from the internet at build time, and Quarto is not on PyPI; this
builder needs only the pinned Python packages and works offline. The pages load nothing
from a CDN (no MathJax, no require.js, no widget manager) and open from the file system.

Widgets cannot run without a kernel, so a widget's output is replaced by what stands in for
it on the page: the control explorer by a link to the site's own explorer page
(``explorer.html``, :mod:`analysis.publishing.web_explorer`: plain JavaScript, no kernel) and
the animated control map of :mod:`analysis.publishing.animation`, other explorers by a note.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

from analysis.config import DATA_DIR, FIGURES_DIR, PROJECT_ROOT, REPORTS_DIR, STUDY_YEARS
from analysis.data.load import Dataset, dataset_or_default
from analysis.data.schema import SCHEMAS, TABLE_ORDER

__all__ = [
    "SITE_DIR",
    "SiteResult",
    "site_sources",
    "build_site",
    "offline_problems",
    "WIDGET_MIME",
    "EXPLORER",
]

SITE_DIR = PROJECT_ROOT / "site"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ANIMATION = "control_animation.webp"
#: The kernel-free control explorer at the site's root (:mod:`analysis.publishing.web_explorer`).
EXPLORER = "explorer.html"
_EXTERNAL = re.compile(
    r"<(script|link|img|iframe|source|video)\b[^>]*?\b(?:src|href)=[\"'](https?:)?//", re.I
)


@dataclass
class SiteResult:
    """Where the site was written, its pages and how long Sphinx took."""

    path: Path
    pages: list[Path]
    seconds: float


def _widget_standin(source: str) -> dict:
    if "control_explorer(" in source:
        body = (
            f'<p><strong><a href="../{EXPLORER}">Open the control explorer</a></strong> (date '
            "slider, play, governorate zoom, the source of every holder; it runs in the browser, "
            "offline).</p>"
            "<p><em>This widget needs a running Python kernel. Here is the map it draws, one "
            f"frame a month over {STUDY_YEARS} and one a day through the final offensive:</em></p>"
            f'<img src="../{ANIMATION}" alt="Animated map of territorial control in Syria, '
            f'{STUDY_YEARS}" style="max-width:100%">'
        )
    else:
        body = (
            "<p><em>This explorer needs a running Python kernel: open the notebook in "
            "JupyterLab to use it.</em></p>"
        )
    return {"text/html": body, "text/plain": "(interactive explorer: needs a kernel)"}


def _notebook_for_site(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                output["data"] = _widget_standin(cell.source)
    nb.metadata.pop("widgets", None)  # the saved widget state would pull the widget manager
    return nb


def _gallery(figures_dir: Path) -> str:
    lines = [
        "# Figures",
        "",
        "Every figure of the report, as exported for print: PNG (300 dpi), SVG and PDF.",
        "",
    ]
    if (figures_dir / ANIMATION).exists():
        lines += [
            "## The animated control map",
            "",
            f"![Animated map of territorial control, {STUDY_YEARS}](figures/{ANIMATION})",
            "",
            f"One frame a month, {STUDY_YEARS}, and one a day through the final offensive. "
            f"Download: {{download}}`WebP <figures/{ANIMATION}>`",
            "",
            f"<p>The same map to explore, date by date and place by place, with the sources: "
            f'<a href="{EXPLORER}">the control explorer</a> (runs in the browser, offline).</p>',
            "",
        ]
    for sidecar in sorted(figures_dir.glob("*.json")):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        name = sidecar.stem
        if not (figures_dir / f"{name}.png").exists():
            continue
        caption = str(meta.get("caption", "")).strip()
        # The heading is the caption's first clause: what the figure shows, not its file name.
        title = re.split(r"\s[(;:]|[;:]\s|, \d{4}", caption, maxsplit=1)[0].rstrip(" .") or name
        links = ", ".join(
            f"{{download}}`{ext.upper()} <figures/{name}.{ext}>`"
            for ext in ("png", "svg", "pdf")
            if (figures_dir / f"{name}.{ext}").exists()
        )
        lines += [
            f"## {title}",
            "",
            f"![{caption or title}](figures/{name}.png)",
            "",
            caption,
            "",
            f"Sources: {meta.get('sources', '')}. File `{name}`, download: {links}",
            "",
        ]
    return "\n".join(lines)


#: Columns of each table that cite sources (``source_id``, ``corroborated_by`` ...).
SCHEMAS_REF_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c.name for c in schema.columns if c.ref == "sources.id") for name, schema in SCHEMAS.items()
}


def _md_cell(value: object) -> str:
    return html.escape(str(value)).replace("|", "\\|").replace("\n", " ")


def _table_page(name: str, ds: Dataset) -> str:
    frame = getattr(ds, name)
    schema = SCHEMAS[name]
    lines = [
        f"# `{name}.csv`",
        "",
        f"{schema.description}" if getattr(schema, "description", "") else "",
        "",
        f"**{len(frame):,} rows**, {len(schema.columns)} columns. The columns are described in the "
        "[codebook](../codebook.md).",
        "",
    ]
    refs = SCHEMAS_REF_COLUMNS.get(name, ())
    if name == "sources" or not refs:
        return "\n".join(lines)
    counts = pd.Series(dtype="int64")
    for column in refs:
        values = frame[column].dropna().astype(str)
        ids = pd.Series([i for v in values for i in v.split(";") if i], dtype="string")
        counts = counts.add(ids.value_counts(), fill_value=0)
    sources = ds.sources.set_index("id")
    lines += [
        f"## Sources cited ({len(counts):,})",
        "",
        "| page | originator | kind | grade | rows citing it |",
        "|---|---|---|---|---:|",
    ]
    for source_id, n in counts.sort_values(ascending=False, kind="stable").items():
        row = sources.loc[source_id]
        url = str(row["url"])
        title = _md_cell(row["title"]) if pd.notna(row["title"]) else _md_cell(row["outlet"])
        lines.append(
            f"| [{title}]({url}) ({_md_cell(row['outlet'])}) | {_md_cell(row.get('originator', ''))} | "
            f"{_md_cell(row.get('originator_kind', ''))} | {_md_cell(row['reliability'])} | {int(n)} |"
        )
    return "\n".join(lines)


_CONF = """\
project = "syria-conflict-atlas"
extensions = ["myst_nb"]
html_theme = "pydata_sphinx_theme"
html_title = "Syria conflict atlas, {years}"
html_theme_options = {{
    "navigation_with_keys": False,
    "show_prev_next": True,
    "header_links_before_dropdown": 1,
    "navbar_align": "left",
}}
html_extra_path = ["extra"]
html_context = {{"default_mode": "light"}}
nb_execution_mode = "off"
nb_ipywidgets_js = {{}}
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "myst.xref_missing", "misc.highlighting_failure"]
exclude_patterns = ["_build"]
master_doc = "index"
html_copy_source = False
html_show_sourcelink = False
"""


def site_sources(
    dest: str | Path,
    *,
    reports_dir: str | Path = REPORTS_DIR,
    figures_dir: str | Path = FIGURES_DIR,
    dataset: Dataset | None = None,
) -> Path:
    """Write the Sphinx source folder of the site (pages, notebooks, figures, conf.py).

    Parameters
    ----------
    dest : str or Path
        The folder to (re)create.
    reports_dir : str or Path
        Where ``make report`` left the executed notebooks.
    figures_dir : str or Path
        The exported figures and the animation.
    dataset : Dataset, optional

    Returns
    -------
    Path
        ``dest``.
    """
    dest, reports_dir, figures_dir = Path(dest), Path(reports_dir), Path(figures_dir)
    notebooks = sorted(reports_dir.glob("[0-9]*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(
            f"no executed notebooks in {reports_dir}/: run `make report` first (the site shows "
            "the notebooks as that run executed them)"
        )
    ds = dataset_or_default(dataset)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "notebooks").mkdir(parents=True)
    (dest / "tables").mkdir()
    (dest / "extra").mkdir()
    shutil.copytree(
        figures_dir, dest / "figures", ignore=shutil.ignore_patterns("*_frames", "*.json", "*.md")
    )
    if (figures_dir / ANIMATION).exists():
        shutil.copy2(figures_dir / ANIMATION, dest / "extra" / ANIMATION)
    from analysis.publishing.web_explorer import write_web_explorer

    write_web_explorer(dest / "extra" / EXPLORER, dataset=ds)
    for path in notebooks:
        nbformat.write(_notebook_for_site(path), dest / "notebooks" / path.name)
    (dest / "conf.py").write_text(_CONF.format(years=STUDY_YEARS), encoding="utf-8")
    (dest / "figures.md").write_text(_gallery(figures_dir), encoding="utf-8")
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    (dest / "codebook.md").write_text(readme, encoding="utf-8")
    for name in TABLE_ORDER:
        (dest / "tables" / f"{name}.md").write_text(_table_page(name, ds), encoding="utf-8")
    toc_notebooks = "\n".join(f"notebooks/{p.stem}" for p in notebooks)
    toc_tables = "\n".join(f"tables/{n}" for n in TABLE_ORDER)
    intro = (
        f"# Syria conflict atlas, {STUDY_YEARS}\n\n"
        f"Who held which town, base and province of Syria in {STUDY_YEARS}, when it changed hands, "
        "and how Russia's build-up at Latakia unfolded, claim by claim. Every row of the tables "
        "cites a public source with a quote. These pages are the notebooks as the last report "
        "run executed them, the figures, the codebook and the tables.\n\n"
        f'<p><strong><a href="{EXPLORER}">Explore the control map</a></strong>: who held each place '
        f"on any month of {STUDY_YEARS} (and each day of the final offensive), with the source and "
        "its quote; it runs in the browser, offline, with no Python.</p>\n\n"
        + (
            f'<img src="{ANIMATION}" alt="Animated map of territorial control in Syria, '
            f'{STUDY_YEARS}" style="max-width:100%">\n\n'
            if (figures_dir / ANIMATION).exists()
            else ""
        )
        + "```{toctree}\n:caption: Notebooks\n:maxdepth: 1\n\n"
        + toc_notebooks
        + "\n```\n\n```{toctree}\n:caption: Figures and data\n:maxdepth: 1\n\nfigures\ncodebook\n```\n\n"
        + "```{toctree}\n:caption: Tables\n:maxdepth: 1\n\n"
        + toc_tables
        + "\n```\n"
    )
    (dest / "index.md").write_text(intro, encoding="utf-8")
    return dest


def offline_problems(site_dir: str | Path) -> list[str]:
    """Pages that would load something from the network (script, style, image, frame).

    Links a reader clicks (``<a href="https://...">``, the sources' pages) are not loads
    and are allowed.

    Returns
    -------
    list of str
        ``"PAGE: TAG..."`` for every external load; empty when the site works offline.
    """
    problems = []
    for page in sorted(Path(site_dir).rglob("*.html")):
        for match in _EXTERNAL.finditer(page.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{page.relative_to(site_dir)}: {match.group(0)[:120]}")
    return problems


def build_site(
    out: str | Path = SITE_DIR,
    *,
    reports_dir: str | Path = REPORTS_DIR,
    figures_dir: str | Path = FIGURES_DIR,
    dataset: Dataset | None = None,
    work_dir: str | Path | None = None,
) -> SiteResult:
    """Build the static site into ``out`` from the last report run.

    Parameters
    ----------
    out : str or Path
        The site folder (default ``site/``, git-ignored); replaced whole.
    reports_dir, figures_dir : str or Path
        The report run's executed notebooks and figures.
    dataset : Dataset, optional
    work_dir : str or Path, optional
        Where the Sphinx sources go (default ``build/site_src``).

    Returns
    -------
    SiteResult

    Raises
    ------
    RuntimeError
        When Sphinx fails, or when a page would load anything from the network.
    """
    from sphinx.cmd.build import build_main

    out = Path(out)
    src = site_sources(
        Path(work_dir) if work_dir is not None else PROJECT_ROOT / "build" / "site_src",
        reports_dir=reports_dir,
        figures_dir=figures_dir,
        dataset=dataset,
    )
    started = time.perf_counter()
    # MyST-NB writes extracted outputs beside the output folder (../jupyter_execute): build
    # inside the work folder, then move the finished pages to ``out``.
    html_dir = src.parent / f"{src.name}_html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    status = build_main(["-b", "html", "-q", "-d", str(src / "_doctrees"), str(src), str(html_dir)])
    if status != 0:
        raise RuntimeError(f"sphinx-build failed with status {status}; see the messages above")
    if out.exists():
        shutil.rmtree(out)
    shutil.move(html_dir, out)
    seconds = time.perf_counter() - started
    problems = offline_problems(out)
    if problems:
        raise RuntimeError("the site would load from the network:\n" + "\n".join(problems))
    return SiteResult(out, sorted(out.rglob("*.html")), seconds)
