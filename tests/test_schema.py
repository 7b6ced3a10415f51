"""The codebook in code and the human codebook in data/README.md agree."""

from analysis.cli import codebook_command, codebook_section
from analysis.config import DATA_DIR
from analysis.data.codebook import codebook_markdown
from analysis.data.schema import SCHEMAS


def test_data_readme_codebook_matches_the_schemas():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert codebook_section(readme) == codebook_markdown(), (
        "data/README.md's codebook differs from analysis/data/schema.py: "
        "run `python -m analysis codebook --write` and review the diff")


def test_every_reference_points_at_a_real_table_column():
    for schema in SCHEMAS.values():
        for col in schema.columns:
            if col.kind == "ref":
                table, column = col.ref.split(".")
                assert column in SCHEMAS[table].column_names, col.ref
            if col.kind == "category":
                assert col.allowed, col.name


def test_codebook_write_updates_only_its_section(tmp_path, capsys):
    readme = tmp_path / "README.md"
    from analysis.cli import CODEBOOK_END, CODEBOOK_START
    readme.write_text(f"intro\n{CODEBOOK_START}\nSTALE-CODEBOOK\n{CODEBOOK_END}\noutro\n", encoding="utf-8")
    assert codebook_command(write=True, readme=readme) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith("outro\n") and "STALE-CODEBOOK" not in text
    assert codebook_section(text) == codebook_markdown()
    assert codebook_command() == 0 and "### `control.csv`" in capsys.readouterr().out


def test_data_readme_counts_match_the_data():
    from analysis.cli import COUNTS_END, COUNTS_START
    from analysis.publishing.overview import counts_markdown

    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert codebook_section(readme, COUNTS_START, COUNTS_END) == counts_markdown(), (
        "data/README.md's counts are stale: run `python -m analysis codebook --write`")
