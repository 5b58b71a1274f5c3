"""JSON shapes of the REST API, one module per capability (separate from the tables and the service
results); `base` holds the request-body bases every module uses.

Converters from service results to shapes (`benchmark_out`, `match_out`, `tour_out` ...) live beside
their shapes: the CLI prints the same JSON and imports them from here, never from a route.
"""
