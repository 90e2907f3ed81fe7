"""An iCalendar file (RFC 5545) of the dates `skillplan status --ics` knows: written with icalendar,
a maintained library, rather than by hand (its folding, escaping and value types are what calendar
programs read; a test parses the file back with it).

Same input, same bytes: each event's UID is derived from what it is (client, cycle, kind, session),
never random, so a subscribed calendar updates an event on a re-export instead of adding it again;
DTSTAMP is the day the calendar is as of; the time zone is written out here (China Standard Time,
UTC+8 without daylight saving since 1991), not taken from the machine's time-zone database."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

ZONE = "Asia/Shanghai"
PRODUCT = "-//skillplan//认定进度//ZH"


@dataclass(frozen=True)
class Event:
    """One entry: all day (start and end are dates, end included) or timed (datetimes in China
    Standard Time); key: what it is, from which its UID comes."""

    key: tuple[str, ...]
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    location: str = ""
    description: str = ""

    @property
    def uid(self) -> str:
        """The same for the same entry in every export."""
        return hashlib.sha256("\0".join(self.key).encode()).hexdigest()[:32] + "@skillplan"


def calendar_bytes(events: list[Event], stamp: dt.date, name: str) -> bytes:
    """The .ics file of the events, in their order; stamp: the day they are as of (DTSTAMP)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ZONE)
    calendar.add_component(_china_standard_time(icalendar))
    when = dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.timezone.utc)
    for event in events:
        calendar.add_component(_vevent(icalendar, event, when))
    return calendar.to_ical()


def _vevent(icalendar, event: Event, stamp: dt.datetime):
    entry = icalendar.Event()
    entry.add("uid", event.uid)
    entry.add("dtstamp", stamp)
    entry.add("summary", event.summary)
    if isinstance(event.start, dt.datetime):
        entry.add("dtstart", event.start, parameters={"TZID": ZONE})
        entry.add("dtend", event.end, parameters={"TZID": ZONE})
    else:  # all day: DTEND is the day after the last (RFC 5545 3.6.1)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end + dt.timedelta(days=1))
        entry.add("transp", "TRANSPARENT")
    if event.location:
        entry.add("location", event.location)
    if event.description:
        entry.add("description", event.description)
    return entry


def _china_standard_time(icalendar):
    """VTIMEZONE Asia/Shanghai: UTC+8 all year."""
    zone = icalendar.Timezone()
    zone.add("tzid", ZONE)
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    zone.add_component(standard)
    return zone
