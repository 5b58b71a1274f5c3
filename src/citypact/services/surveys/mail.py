"""The outbox of survey e-mails: invitations when a round is sent, reminders the secretariat asks
for. Each mail goes to one editor of one city (never a list, so no city sees another's addresses)
and stays queued until `send_queued` hands it to the SMTP server of the settings
(config.Settings: smtp_host, smtp_port, smtp_from from CITYPACT_SMTP_HOST, _PORT, _FROM; without a
host nothing is sent: mails stay queued and the pages say so). A mail's link is stored as a path of
the site and made absolute with the settings' public_base_url (CITYPACT_PUBLIC_BASE_URL) when sent.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Final, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.services import audit
from citypact.services.errors import Conflict, require
from citypact.storage.models import City, Membership, Network, User, utcnow
from citypact.storage.surveys import SurveyMail, SurveyResponse, SurveyRound

MAX_SEND: Final = 500  # mails one send-mail run hands over
SMTP_TIMEOUT_S: Final = 20


LINK_PREFIX: Final = "Answer it on citypact: "  # the line whose path is made absolute when sent


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None
    port: int
    sender: str
    base_url: str = ""  # the public address links are made absolute with ("" leaves paths)


class MailConfig(Protocol):
    """What the mail needs of config.Settings."""

    @property
    def smtp_host(self) -> str | None: ...
    @property
    def smtp_port(self) -> int: ...
    @property
    def smtp_from(self) -> str: ...
    @property
    def public_base_url(self) -> str: ...


def smtp_settings(settings: MailConfig) -> SmtpSettings:
    """The mail settings of the runtime settings (config.Settings: smtp_host, smtp_port,
    smtp_from, public_base_url); the services read no environment themselves."""
    return SmtpSettings(
        host=settings.smtp_host,
        port=int(settings.smtp_port),
        sender=settings.smtp_from,
        base_url=str(settings.public_base_url or "").rstrip("/"),
    )


def absolute_links(body: str, base_url: str) -> str:
    """The body with its link line's path prefixed by `base_url` (unchanged without one)."""
    if not base_url:
        return body
    return body.replace(LINK_PREFIX + "/", LINK_PREFIX + base_url + "/")


def editor_addresses(session: Session, city_ids: Sequence[int]) -> dict[int, list[str]]:
    """City id -> the e-mail addresses of its active editors."""
    out: dict[int, list[str]] = {c: [] for c in city_ids}
    for city_id, email in session.execute(
        select(Membership.city_id, User.email)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.city_id.in_(list(city_ids)),
            Membership.role == Role.CITY_EDITOR.value,
            User.is_active.is_(True),
        )
        .order_by(User.email)
    ):
        if city_id is not None and email not in out[city_id]:
            out[city_id].append(email)
    return out


def queue_mails(session: Session, round_: SurveyRound, city_ids: Sequence[int], kind: str) -> int:
    """Queue an invitation or reminder to each editor of each city; returns how many."""
    network = session.get(Network, round_.network_id)
    assert network is not None
    names = dict(session.execute(select(City.id, City.name).where(City.id.in_(list(city_ids)))).all())
    count = 0
    for city_id, addresses in editor_addresses(session, city_ids).items():
        subject = (
            f"{network.name}: survey \u201c{round_.title}\u201d"
            if kind == "invitation"
            else f"Reminder: {network.name} survey \u201c{round_.title}\u201d is due on {round_.deadline}"
        )
        body = (
            f"{network.name} asks {names.get(city_id, city_id)} to answer the survey "
            f"\u201c{round_.title}\u201d by {round_.deadline.isoformat()}.\n\n"
            f"{LINK_PREFIX}/survey-rounds/{round_.id}/cities/{city_id}\n"
        )
        for address in addresses:
            session.add(
                SurveyMail(
                    round_id=round_.id,
                    city_id=city_id,
                    kind=kind,
                    to_address=address,
                    subject=subject,
                    body=body,
                    status="queued",
                )
            )
            count += 1
    session.flush()
    return count


def remind(session: Session, actor: Actor, round_id: int) -> int:
    """Queue a reminder to the editors of every city that has not submitted; returns the mails queued."""
    from citypact.services.surveys.rounds import _load_to_run

    round_ = _load_to_run(session, actor, round_id)
    if round_.status != "open":
        raise Conflict(f"The round is {round_.status}; reminders go out only while it is open.")
    waiting = list(
        session.scalars(
            select(SurveyResponse.city_id).where(
                SurveyResponse.round_id == round_id, SurveyResponse.status != "submitted"
            )
        )
    )
    if not waiting:
        raise Conflict("Every city has submitted; there is nobody to remind.")
    count = queue_mails(session, round_, waiting, "reminder")
    audit.record(
        session,
        actor,
        "remind",
        "survey_round",
        round_id,
        network_id=round_.network_id,
        after={"cities": waiting, "mails": count},
    )
    return count


@dataclass(frozen=True)
class OutboxState:
    queued: int
    sent: int
    failed: int
    configured: bool


def outbox_state(session: Session, actor: Actor, round_id: int, *, configured: bool) -> OutboxState:
    """How many of the round's mails are queued, sent, failed (for its secretariat); `configured`:
    whether the settings name an SMTP host."""
    from citypact.services.surveys.rounds import _load_to_run

    _load_to_run(session, actor, round_id)
    counts = dict(
        session.execute(
            select(SurveyMail.status, func.count())
            .where(SurveyMail.round_id == round_id)
            .group_by(SurveyMail.status)
        ).all()
    )
    return OutboxState(
        int(counts.get("queued", 0)),
        int(counts.get("sent", 0)),
        int(counts.get("failed", 0)),
        configured,
    )


@dataclass(frozen=True)
class SendResult:
    sent: int
    failed: int
    left: int  # still queued (more than MAX_SEND, or no SMTP host)


def send_queued(session: Session, actor: Actor, settings: SmtpSettings) -> SendResult:
    """Hand the queued mails to the SMTP server (administrators; the CLI runs as one). A refused
    recipient marks that mail failed with the server's answer; the rest go on."""
    require(actor.is_admin, actor.is_authenticated, "Only an administrator sends the survey mails.")
    queued = list(
        session.scalars(
            select(SurveyMail).where(SurveyMail.status == "queued").order_by(SurveyMail.id).limit(MAX_SEND)
        )
    )
    total = (
        session.scalar(select(func.count()).select_from(SurveyMail).where(SurveyMail.status == "queued")) or 0
    )
    if settings.host is None or not queued:
        return SendResult(0, 0, int(total))
    sent = failed = 0
    with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_S) as smtp:
        for mail in queued:
            message = EmailMessage()
            message["From"] = settings.sender
            message["To"] = mail.to_address
            message["Subject"] = mail.subject
            message.set_content(absolute_links(mail.body, settings.base_url))
            try:
                smtp.send_message(message)
            except smtplib.SMTPException as e:
                mail.status = "failed"
                mail.error = str(e)[:1000]
                failed += 1
            else:
                mail.status = "sent"
                mail.sent_at = utcnow()
                sent += 1
    session.flush()
    return SendResult(sent, failed, int(total) - sent - failed)
