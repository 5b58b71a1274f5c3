"""Readers for greenhouse-gas inventories made by other tools, returning polars DataFrames."""
