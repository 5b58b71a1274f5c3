"""Joint positions and recommendations of cities and networks."""
