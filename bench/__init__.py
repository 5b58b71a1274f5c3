"""`make bench`: cold start, latency under load, data-load time; figures printed, not asserted."""
