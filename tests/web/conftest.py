"""Every chart the page tests draw is checked against the Vega-Lite schema (pages skip the check)."""

from __future__ import annotations

import pytest

from citypact.reports import charts

# the page-role tests' shared checks: their failed asserts say what was compared
pytest.register_assert_rewrite("tests.web.page_roles")


@pytest.fixture(autouse=True)
def validate_chart_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "VALIDATE_SPECS", True)
