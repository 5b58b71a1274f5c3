"""Use cases: transactions, authorization, orchestration."""

# Every write through the ORM refuses hostile characters in text columns (see text_input).
from citypact.services import text_input as text_input
