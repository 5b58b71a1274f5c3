"""Text stored before hostile characters were refused loses them: control characters (tab and line
breaks kept in multi-line fields, spaces instead in one-line fields), unpaired surrogates,
non-characters and bidirectional overrides and isolates. A city whose name changes gets its search
text again. The audit trail keeps what was recorded.

Rows are read in Python, not matched by a regular expression in SQL: SQLite has none, and the rule
is the one the application checks input with (citypact.domain.text).

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from citypact.domain.text import refused_character, scrub, search_text

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The free-text columns people set, by table: (one-line columns, multi-line columns). Codes and
# unique keys are left out: they are checked against fixed lists on input.
TEXT_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "app_user": (("name",), ()),
    "api_token": (("name",), ()),
    "network": (("name", "url"), ("description",)),
    "organisation": (("name",), ()),
    "city": (("name", "name_ascii", "admin_area", "sources", "website"), ("alt_names", "description")),
    "city_statistic": (("source",), ("note",)),
    "inventory": (("reported_source",), ("boundary",)),
    "activity_record": (("fuel", "unit", "source", "ef_unit", "ef_source"), ("explanation",)),
    "case_study": (
        ("title", "title_de", "title_ja", "contact", "source_url"),
        ("summary", "results", "lessons", "cost_note", "tags", "source_note", "search_text"),
    ),
    "climate_target": (("source",), ()),
    "plan_measure": (
        ("title", "owner_department", "responsible"),
        ("description", "funding", "reduction_method"),
    ),
    "plan_milestone": (("title", "responsible"), ()),
    "plan_status_change": ((), ("note",)),
    "plan_kpi": (("name", "unit"), ()),
    "benchmark_round": (("title",), ()),
    "partnership": (("title",), ("description", "review")),
    "partnership_member": (("signatory",), ()),
    "partnership_goal": ((), ("text",)),
    "partnership_task": (("title",), ()),
    "exchange_entry": (("title",), ("summary",)),
    "event": (("title", "place"), ("agenda", "outcomes", "recommendations")),
    "event_participant": ((), ("people",)),
    "cooperation_item": (("contact",), ("description",)),
}


def _clean(value: str, multiline: bool) -> str:
    if not multiline:
        value = value.replace("\r\n", " ").translate({9: " ", 10: " ", 13: " "})
    return scrub(value, multiline=multiline)


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value, multiline=False)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_json(v) for k, v in value.items()}
    return value


def upgrade() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    for name, (one_line, several) in TEXT_COLUMNS.items():
        table = sa.Table(name, meta, autoload_with=bind)
        columns = [*one_line, *several]
        changes: list[dict[str, Any]] = []
        query = sa.select(table.c.id, *(table.c[c] for c in columns)).execution_options(stream_results=True)
        for row in bind.execute(query).mappings():
            change = {
                c: _clean(row[c], c in several)
                for c in columns
                if isinstance(row[c], str) and refused_character(row[c], multiline=c in several)
            }
            if change:
                changes.append({"row_id": row["id"], **change})
        for change in changes:
            values = {c: v for c, v in change.items() if c != "row_id"}
            if name == "city" and {"name", "name_ascii", "alt_names"} & set(values):
                current = bind.execute(
                    sa.select(table.c.name, table.c.name_ascii, table.c.alt_names).where(
                        table.c.id == change["row_id"]
                    )
                ).one()
                merged = {**current._asdict(), **values}
                values["search_text"] = search_text(merged["name"], merged["name_ascii"], merged["alt_names"])
            bind.execute(table.update().where(table.c.id == change["row_id"]).values(**values))
    kpi = sa.Table("plan_kpi", meta, autoload_with=bind, extend_existing=True)
    for row_id, measured in bind.execute(sa.select(kpi.c.id, kpi.c.measured)).all():
        cleaned = _clean_json(measured)
        if cleaned != measured:
            bind.execute(kpi.update().where(kpi.c.id == row_id).values(measured=cleaned))


def downgrade() -> None:
    pass  # the characters removed were never meant to be there; there is nothing to restore
