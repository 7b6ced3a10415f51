"""The codebook as Markdown, rendered from the schemas (the tables embedded in data/README.md)."""

from __future__ import annotations

from analysis.data.schema import SCHEMAS

__all__ = ["codebook_markdown"]


def codebook_markdown() -> str:
    """Render the schemas as the Markdown codebook embedded in ``data/README.md``.

    Returns
    -------
    str
        One section per table with a column table (column, type, required, allowed
        values, description).

    Examples
    --------
    >>> "### `control.csv`" in codebook_markdown()
    True
    """
    out = []
    for schema in SCHEMAS.values():
        out.append(f"### `{schema.filename}`\n\n{schema.description}\n")
        if schema.key:
            out.append(f"Key: `{schema.key}` (unique).\n")
        out.append("| column | type | required | allowed values | description |")
        out.append("| --- | --- | --- | --- | --- |")
        for c in schema.columns:
            allowed = ", ".join(f"`{a}`" for a in c.allowed)
            req = "yes" if c.required else "no"
            desc = c.description.replace("|", "\\|")
            out.append(f"| `{c.name}` | {c.codebook_type} | {req} | {allowed} | {desc} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
