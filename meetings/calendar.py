"""An .ics invite for the pair's next meeting, one per partner (each sees the other's name)."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_for(*, scheduled, partner_name: str) -> str:
    """A one-event calendar. The UID stays the same when the time changes, so calendars update the event."""
    ends_at = scheduled.starts_at + timezone.timedelta(minutes=scheduled.duration_minutes)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Remento//Reverse mentoring//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:scheduled-meeting-{scheduled.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0] or 'remento'}",
        f"DTSTAMP:{_stamp(scheduled.created_at or timezone.now())}",
        f"DTSTART:{_stamp(scheduled.starts_at)}",
        f"DTEND:{_stamp(ends_at)}",
        f"SUMMARY:{_escape(f'Reverse mentoring meeting with {partner_name}')}",
    ]
    if scheduled.place:
        lines.append(f"LOCATION:{_escape(scheduled.place)}")
    if scheduled.cancelled:
        lines.append("STATUS:CANCELLED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"
