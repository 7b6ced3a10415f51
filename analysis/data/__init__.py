"""The data layer: what the tables are and whether they hold.

The tables' schema and the codebook's rules, strict reading and validation, loading into
(Geo)DataFrames, boundaries, the gazetteer and the evidence audit.
"""
