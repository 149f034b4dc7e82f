"""A class's sessions as an iCalendar file (RFC 5545), for learners' phones and computers."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from training.models import Offering


def _text(value: str) -> str:
    """Escape text for an iCalendar property."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    data = line.encode()
    parts = []
    while len(data) > 75:
        cut = 75
        while (data[cut] & 0xC0) == 0x80:  # never cut inside a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode())
        data = data[cut:]
    parts.append(data.decode())
    return "\r\n ".join(parts)


def _utc(day, time) -> str:
    moment = timezone.make_aware(datetime.combine(day, time), timezone.get_current_timezone())
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def sessions_ics(offering: Offering) -> bytes:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "localhost"
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Dao tao can bo dan van//Lich hoc//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(offering.code + ' · ' + offering.course.title)}",
    ]
    for session in offering.sessions.all():
        summary = f"{offering.course.title} ({offering.code})"
        description = session.topic or ""
        if session.teacher:
            description = f"{description}\nGiảng viên: {session.teacher}".strip()
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(session.date, session.starts_at)}",
            f"DTEND:{_utc(session.date, session.ends_at)}",
            f"SUMMARY:{_text(summary)}",
            f"LOCATION:{_text(session.place)}",
        ]
        if description:
            lines.append(f"DESCRIPTION:{_text(description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
