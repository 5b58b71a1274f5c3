"""The upload attacks of issue 12, measured: time, peak memory and response size of each.

python -m bench uploads

* a viewer's 1,000,000-row XLSX of about 0.9 MB (236 MB unpacked), and the same file from the
  city's editor;
* a 12.8 MB CSV of bad rows (editor), and the same file to an inventory that does not exist;
  150,000 bad rows (under the row limit: the error list is capped);
* a CSV with 60,000 unknown columns (editor).

Each runs through the whole app (TestClient) on a fresh SQLite database in this process; peak
memory is the growth of the process's peak RSS over the run (so run this section alone, as
`make bench` runs it last). Nothing is asserted: the figures are printed. The same cases are the
regression tests in tests/api/test_upload_bounds.py, at sizes a test can afford.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from fastapi.testclient import TestClient
from openpyxl import Workbook

from citypact.app import create_app
from citypact.config import Settings
from citypact.domain.access import Actor, Role
from citypact.services.auth import accounts
from citypact.services.inventory import inventories
from citypact.storage.db import Database
from citypact.storage.migrate import upgrade
from citypact.storage.models import City, Country

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_TAIL = b"</sheetData></worksheet>"
PASSPHRASE: Final = "a long bench passphrase"


def _cells(values: list[str]) -> bytes:
    """One row; without the optional r= references, so identical rows deflate to almost nothing."""
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f"<row>{cells}</row>".encode()


def _xlsx_with_sheet(sheet_parts: Iterator[bytes]) -> bytes:
    """A workbook made by openpyxl whose first sheet's XML is replaced by `sheet_parts`, written
    in pieces (a 236 MB sheet is never held in memory)."""
    template = io.BytesIO()
    book = Workbook()
    book.active.append(["gpc_ref"])
    book.save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == SHEET:
                info = zipfile.ZipInfo(SHEET)
                info.compress_type = zipfile.ZIP_DEFLATED
                with target.open(info, "w", force_zip64=True) as sheet:
                    for part in sheet_parts:
                        sheet.write(part)
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def xlsx_rows(rows: int) -> bytes:
    """An activity template XLSX of `rows` identical data rows (deflate shrinks it ~250 times)."""
    header = ["gpc_ref", "fuel", "amount", "unit", "source"]
    values = ["I.1.1", "Natural Gas", "1000", "MWh", "bills"]

    def parts() -> Iterator[bytes]:
        yield _HEAD + _cells(header)
        line = _cells(values)
        for start in range(0, rows, 10_000):
            yield line * min(10_000, rows - start)
        yield _TAIL

    return _xlsx_with_sheet(parts())


def xlsx_with_entities() -> bytes:
    """A small workbook whose sheet declares XML entities (the start of a 'billion laughs')."""
    declaration = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    head = _HEAD.replace(b"<worksheet", declaration + b"<worksheet", 1)
    return _xlsx_with_sheet(iter([head, _cells(["gpc_ref"]), _cells(["&b;"]), _TAIL]))


BAD_LINE: Final = b"I.1.1,Natural Gas,not-a-number,MWh,utility bills\n"


def csv_bad_rows(rows: int) -> bytes:
    """An activity CSV of `rows` rows whose every amount is not a number (49 bytes a row)."""
    return b"gpc_ref,fuel,amount,unit,source\n" + BAD_LINE * rows


def csv_unknown_columns(columns: int) -> bytes:
    names = ",".join(f"extra_{i}" for i in range(columns))
    return f"gpc_ref,fuel,amount,unit,{names}\nI.1.1,Natural Gas,1,MWh{',' * columns}\n".encode()


def _memory_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of this process, from Linux's /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current resident size


def _world(folder: Path) -> tuple[Database, int, dict[str, str]]:
    url = f"sqlite:///{folder / 'uploads.db'}"
    upgrade(url)
    db = Database(url)
    operator = Actor(is_admin=True)
    tokens: dict[str, str] = {}
    with db.write() as session:
        session.add(Country(iso2="DE", iso3="DEU", name="Germany"))
        session.flush()
        city = City(
            key="bench:1", name="Benchstadt", name_ascii="Benchstadt", country="DE", lat=49.4, lon=8.7
        )
        session.add(city)
        session.flush()
        inventory_id = inventories.create_inventory(session, operator, city.id, year=2022).id
        for name, role in (("editor", Role.CITY_EDITOR), ("viewer", Role.CITY_VIEWER)):
            user = accounts.create_user(session, operator, f"{name}@bench.example", name, PASSPHRASE)
            accounts.grant_role(session, operator, user.id, role, city.id)
            actor = accounts.actor_for(session, user.id)
            assert actor is not None
            tokens[name] = accounts.issue_token(session, actor, "bench").token
    return db, inventory_id, tokens


CASES: Final = {
    "viewer-xlsx": ("viewer: 1,000,000-row XLSX", "viewer", False, "activity.xlsx"),
    "editor-xlsx": ("editor: 1,000,000-row XLSX", "editor", False, "activity.xlsx"),
    "editor-csv": ("editor: 12.8 MB CSV of bad rows", "editor", False, "activity.csv"),
    "editor-csv-150k": ("editor: 150,000 bad rows (under the row limit)", "editor", False, "activity.csv"),
    "missing-csv": ("editor: same CSV, no such inventory", "editor", True, "activity.csv"),
    "editor-columns": ("editor: 60,000 unknown columns", "editor", False, "activity.csv"),
}


def _content(case: str) -> bytes:
    if case.endswith("xlsx"):
        return xlsx_rows(1_000_000)
    if case.endswith("columns"):
        return csv_unknown_columns(60_000)
    if case.endswith("150k"):
        return csv_bad_rows(150_000)
    return csv_bad_rows(12_800_000 // len(BAD_LINE))


def measure(case: str) -> str:
    """One case in this process: its figures as a line."""
    what, who, missing, name = CASES[case]
    content = _content(case)
    with tempfile.TemporaryDirectory() as folder:
        db, inventory_id, tokens = _world(Path(folder))
        settings = Settings(database_url=db.url, secret_key="bench", max_body_bytes=100_000_000)
        with TestClient(create_app(settings, db)) as client:
            _reset_peak()
            before = _memory_mb("VmRSS")
            started = time.perf_counter()
            response = client.post(
                f"/api/v1/inventories/{999_999 if missing else inventory_id}/import",
                files={"file": (name, content, "application/octet-stream")},
                headers={"Authorization": f"Bearer {tokens[who]}"},
            )
            seconds = time.perf_counter() - started
            grown = _memory_mb("VmHWM") - before
        db.dispose()
    return (
        f"  {what:<46} {len(content) / 1e6:6.2f} MB sent -> {response.status_code} in {seconds:6.2f} s,"
        f" peak RSS +{grown:5.0f} MB, answer {len(response.content):>10,} bytes"
    )


def run(args: argparse.Namespace) -> None:
    print("== uploads: the attacks of issue 12 item 4 (whole app, SQLite, one process per case)")
    for case in CASES:
        # A process each, so that each case's peak memory is its own.
        done = subprocess.run(
            [sys.executable, "-m", "bench.uploads", case], capture_output=True, text=True, check=False
        )
        print(done.stdout.rstrip() or f"  {case}: failed\n{done.stderr[-2000:]}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the cases are the issue's."""


if __name__ == "__main__":
    print(measure(sys.argv[1]))
