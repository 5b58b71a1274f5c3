"""Joint carbon-credit projects: projects, monitoring, the ledger and the claims on credits."""
