"""Joint procurement: pure evaluation of bids and the CO2 price schedules they are weighed with."""
