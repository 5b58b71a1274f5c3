"""A plan measure's money by year and where it comes from (migration 0024): the investment plan of
a Climate City Contract and the funding gap read these. A measure without cost lines keeps its
single capex and yearly opex figures on plan_measure."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base


class PlanMeasureCost(Base):
    """A capital cost spread evenly over year_from..year_to, or an operating cost paid every year of
    that period; amounts in minor units of the measure's currency."""

    __tablename__ = "plan_measure_cost"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_measure_id: Mapped[int] = mapped_column(
        ForeignKey("plan_measure.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(5))  # capex, opex
    year_from: Mapped[int] = mapped_column(Integer)
    year_to: Mapped[int] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(BigInteger)  # capex: the whole sum; opex: one year's


class PlanMeasureFunding(Base):
    """Money for a measure from one source (domain.action_plans.FUNDING_SOURCES), secured or sought."""

    __tablename__ = "plan_measure_funding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_measure_id: Mapped[int] = mapped_column(
        ForeignKey("plan_measure.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200), default="")  # which programme, lender or partner
    status: Mapped[str] = mapped_column(String(8))  # secured, sought
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    # The programme applied to or granting it (migration 0026); the label stays the words shown.
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_programme.id", ondelete="SET NULL"), index=True
    )
