"""Open data: every public dataset of the platform as a table (polars), downloadable as CSV and
Parquet, described by a Frictionless data package (`datapackage.json`); see catalogue.py.

Only what the public may read goes in; each dataset's loader applies the same rule the public pages
do (published cities; submitted or verified inventories; public partnerships; signed deals' public
parts; active or ended funding programmes; registered credit projects; published annual reports).
"""
