"""Tender evaluation for joint procurement: pure functions on plain data (no I/O).

- `bids`: a bid as read from a bid file (prices, yearly energy by carrier, costs, ladder level,
  volume prices, quality scores);
- `schedules`: CO2 price schedules (a price per calendar year, its discounting rule, versions);
- `lcc`: life-cycle cost per EU Directive 2014/24 Art. 68, vectorized over bids;
- `tonnes`: the tonnes of CO2e a bid causes, through the inventory engine (domain.calculation);
- `methods`: the evaluation methods (lowest price, LCC, LCC + CO2 shadow price, CO2 Performance
  Ladder, weighted scoring), each vectorized over the bids of a lot;
- `sensitivity`: evaluated cost over a range of constant CO2 prices and the exact switching prices;
- `savings`: the split of an awarded cost among the participants and each one's saving;
- `result` and `evaluation`: the ranking of every lot, and the function that makes it.

docs/procurement.md states the formulas, the conventions and their sources.
"""
