"""Celery entry points for reminders. No arguments: the database says what is due (beat runs them)."""

from celery import shared_task

from meetings import reminders


@shared_task
def scan_reminders() -> dict:
    """Find due reminders and record them; each send is enqueued on commit and sent exactly once."""
    return reminders.reminders_scan()
