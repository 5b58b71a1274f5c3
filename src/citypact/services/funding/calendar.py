"""The deadlines of the programmes a city is eligible for, as an iCalendar feed (RFC 5545).

One all-day VEVENT per deadline: the closing day of an open or upcoming call, and the opening day
of an upcoming one. UIDs are stable ("funding-call-<call id>-<closes|opens>@<host>"), so a
calendar application updates an event instead of adding it twice; DTSTAMP is when the programme's
entry last changed; URL the programme's page. Same readers as the city's funding view (signed in:
the city's staff, admins, its confirmed networks' secretariats); the feed has no secret token.
"""

from __future__ import annotations

import datetime as dt
from typing import Final
from urllib.parse import urlsplit

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.funding import city_view

PRODID: Final = "-//citypact//funding deadlines//EN"
SUMMARY_LIMIT: Final = 250


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def city_calendar(
    session: Session, actor: Actor, city_id: int, *, base_url: str, on: dt.date | None = None
) -> bytes:
    """The city's funding deadlines from `on` (today when not given) as iCalendar bytes; `base_url`
    (e.g. "https://citypact.example") makes the programme pages' addresses absolute."""
    view = city_view.city_funding(session, actor, city_id, on=on)
    root = base_url.rstrip("/")
    host = urlsplit(root).hostname or "citypact"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Funding deadlines: {view.city.name}"[:SUMMARY_LIMIT])
    for d in view.deadlines:
        programme = view.programmes[d.programme_id]
        call = next(c for c in programme.calls if c.id == d.call_id)
        verb = "closes" if d.kind == "closes" else "opens"
        event = Event()
        event.add("uid", f"funding-call-{d.call_id}-{d.kind}@{host}")
        event.add("dtstamp", _utc(programme.updated_at))
        event.add("dtstart", d.on)
        event.add("dtend", d.on + dt.timedelta(days=1))
        event.add("summary", f"{programme.name}: {call.title} {verb}"[:SUMMARY_LIMIT])
        event.add("description", f"{programme.funder_name}. Source: {programme.source_url}")
        event.add("url", f"{root}/funding/programmes/{programme.id}")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    feed: bytes = cal.to_ical()
    return feed
