"""Benchmarks of a city against its peers, the data behind them, and networks' benchmark rounds."""
