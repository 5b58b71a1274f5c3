"""Joint carbon-credit projects, their monitoring, the credit ledger and the claims on credits."""
