"""Test data for the claims on credits, written as rows (the ledger's services belong to another
part): a project in Kyoto (JP) with Heidelberg as partner, one verified report of 1000 credits
issued in 2027 and what happened to them, with a ledger whose hashes chain like the real one.

Issuance (seq 1, 2027-02-01): buffer 500 bp -> 50 (serials 1-50, buffer account); of the 950 left
Heidelberg's 4000 bp -> 380 (51-430), Kyoto the rest 570 (431-1000).
Seq 2 (2027-03-01): Heidelberg's block split into 100 (51-150) and 280 (151-430).
Seq 3 (2027-03-02): Heidelberg retires 51-150 toward its own target, claim year 2026 (no
adjustment applied: a double claim).
Seq 4 (2027-04-01): Kyoto's block split into 30 (431-460) and 540 (461-1000).
Seq 5 (2027-04-02): Kyoto retires 431-460 on behalf of a school, claim year 2027.
Seq 6 (2028-01-10): Kyoto transfers 461-1000 to Heidelberg (first transfer).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from citypact.storage.credits import (
    CreditAccount,
    CreditBlock,
    CreditMonitoringReport,
    CreditProject,
    CreditProjectParty,
    CreditRetirement,
    CreditTransaction,
)
from tests.conftest import World

GENESIS = "0" * 64


@dataclass(frozen=True)
class Credits:
    project: int
    report: int
    heidelberg_account: int
    kyoto_account: int
    buffer_account: int
    retirement_account: int
    buffer_block: int
    heidelberg_held: int  # 151-430, active, Heidelberg's
    heidelberg_retired: int  # 51-150
    kyoto_retired: int  # 431-460
    moved: int  # 461-1000, now Heidelberg's
    heidelberg_retirement: int
    kyoto_retirement: int


def _at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=dt.UTC)


def credit_world(world: World, *, draft_project: bool = False) -> Credits:
    """The rows above; `draft_project` adds a second project in Heidelberg left as a draft."""
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    with world.db.write() as session:
        project = CreditProject(
            title="Kyoto rooftop solar", description="PV on 120 school roofs", host_city_id=kyoto,
            host_country="JP", methodology="grid_renewable", crediting_start=dt.date(2026, 1, 1),
            crediting_end=dt.date(2035, 12, 31), buffer_bp=500, authorisation="ndc", status="registered",
            next_serial=1001,
        )  # fmt: skip
        session.add(project)
        if draft_project:
            session.add(
                CreditProject(
                    title="Secret draft Neckar heat",
                    host_city_id=heidelberg,
                    host_country="DE",
                    methodology="reported",
                    crediting_start=dt.date(2027, 1, 1),
                    crediting_end=dt.date(2030, 12, 31),
                    status="draft",
                )  # fmt: skip
            )
        accounts = {
            "kyoto": CreditAccount(kind="holding", city_id=kyoto, name="Kyoto"),
            "heidelberg": CreditAccount(kind="holding", city_id=heidelberg, name="Heidelberg"),
            "buffer": CreditAccount(kind="buffer", name="Buffer"),
            "retirement": CreditAccount(kind="retirement", name="Retirements"),
        }
        session.add_all(accounts.values())
        session.flush()
        session.add_all(
            [
                CreditProjectParty(project_id=project.id, city_id=kyoto, role="host", share_bp=6000,
                                   account_id=accounts["kyoto"].id),
                CreditProjectParty(project_id=project.id, city_id=heidelberg, role="partner", share_bp=4000,
                                   account_id=accounts["heidelberg"].id),
            ]
        )  # fmt: skip
        report = CreditMonitoringReport(
            project_id=project.id, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
            reductions_t=1000.4, status="issued", verified_t=1000.4, verification_reference="VR-1",
        )  # fmt: skip
        session.add(report)
        session.flush()
        a = {k: v.id for k, v in accounts.items()}

        def block(start: int, end: int, account: str, seq: int, **more: Any) -> CreditBlock:
            made = CreditBlock(
                project_id=project.id, monitoring_report_id=report.id, vintage=2026, serial_start=start,
                serial_end=end, account_id=a[account], created_seq=seq, authorisation="ndc", **more,
            )  # fmt: skip
            session.add(made)
            session.flush()
            return made

        buffer = block(1, 50, "buffer", 1)
        h_all = block(51, 430, "heidelberg", 1, status="split", closed_seq=2)
        k_all = block(431, 1000, "kyoto", 1, status="split", closed_seq=4)
        h_retired = block(51, 150, "retirement", 2, status="retired", closed_seq=3, parent_id=h_all.id)
        h_held = block(151, 430, "heidelberg", 2, parent_id=h_all.id)
        k_retired = block(431, 460, "retirement", 4, status="retired", closed_seq=5, parent_id=k_all.id)
        moved = block(461, 1000, "heidelberg", 4, parent_id=k_all.id, first_transferred_at=_at("2028-01-10"))
        bodies = [
            ("issue", "2027-02-01", {"report_id": report.id, "blocks": [
                {"block_id": buffer.id, "account_id": a["buffer"]},
                {"block_id": h_all.id, "account_id": a["heidelberg"]},
                {"block_id": k_all.id, "account_id": a["kyoto"]}]}),
            ("split", "2027-03-01", {"block_id": h_all.id, "into_block_ids": [h_retired.id, h_held.id],
                                     "account_id": a["heidelberg"]}),
            ("retire", "2027-03-02", {"block_id": h_retired.id, "from_account_id": a["heidelberg"],
                                      "to_account_id": a["retirement"], "beneficiary": "Heidelberg"}),
            ("split", "2027-04-01", {"block_id": k_all.id, "into_block_ids": [k_retired.id, moved.id],
                                     "account_id": a["kyoto"]}),
            ("retire", "2027-04-02", {"block_id": k_retired.id, "from_account_id": a["kyoto"],
                                      "to_account_id": a["retirement"], "beneficiary": "Sakyo school"}),
            ("transfer", "2028-01-10", {"block_id": moved.id, "from_account_id": a["kyoto"],
                                        "to_account_id": a["heidelberg"]}),
        ]  # fmt: skip
        prev = GENESIS
        for seq, (kind, day, content) in enumerate(bodies, start=1):
            body = json.dumps({"kind": kind, **content}, sort_keys=True)
            digest = hashlib.sha256((prev + body).encode()).hexdigest()
            session.add(
                CreditTransaction(
                    seq=seq,
                    kind=kind,
                    project_id=project.id,
                    actor_id=None,
                    recorded_at=_at(day),
                    body=body,
                    prev_hash=prev,
                    hash=digest,
                )  # fmt: skip
            )
            prev = digest
        h_retirement = CreditRetirement(
            block_id=h_retired.id, seq=3, city_id=heidelberg, use="own_target", beneficiary="Heidelberg",
            purpose="Climate target 2030", claim_year=2026, retired_at=_at("2027-03-02"),
        )  # fmt: skip
        k_retirement = CreditRetirement(
            block_id=k_retired.id, seq=5, city_id=kyoto, use="on_behalf", beneficiary="Sakyo school",
            purpose="School climate week", claim_year=2027, retired_at=_at("2027-04-02"),
        )  # fmt: skip
        session.add_all([h_retirement, k_retirement])
        session.flush()
        return Credits(
            project=project.id, report=report.id, heidelberg_account=a["heidelberg"],
            kyoto_account=a["kyoto"],
            buffer_account=a["buffer"], retirement_account=a["retirement"], buffer_block=buffer.id,
            heidelberg_held=h_held.id, heidelberg_retired=h_retired.id, kyoto_retired=k_retired.id,
            moved=moved.id, heidelberg_retirement=h_retirement.id, kyoto_retirement=k_retirement.id,
        )  # fmt: skip
