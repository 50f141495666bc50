"""`manage.py rundemo`: the development server with the beat's schedule running beside it, for `make demo`.

In production `celery -A remento beat` sends the tasks of remento/celery.py's schedule to the workers, each at
its own time. The demo has neither: tasks run eagerly in the web process. So this runs every task of the same
schedule once when the server starts and then every `--schedule-every` seconds (60 by default), in one thread
of the serving process: per-pair survey invitations after the suggested number of meetings, reminders, nudges
and the rest happen while someone tries the demo. Every task is safe to run at any time and as often as this
likes: each reason is recorded and sent once.
"""

import logging
import threading

from django.core.management.commands.runserver import Command as RunserverCommand
from django.db import connections

logger = logging.getLogger(__name__)


def run_schedule_once(app=None) -> dict:
    """Run every task of the beat schedule now, in this thread, in the schedule's order. One that fails is
    reported and the rest still run. Returns each task's result (or the error) by task name."""
    if app is None:
        from remento.celery import app
    app.loader.import_default_modules()  # each app's tasks.py, as a worker imports them when it starts
    results = {}
    for entry in app.conf.beat_schedule.values():
        name = entry["task"]
        try:
            results[name] = app.tasks[name].apply(args=entry.get("args", ()), throw=True).get()
        except Exception as error:  # one task's failure must not stop the others, or the server
            logger.exception("demo schedule: %s failed", name)
            results[name] = f"failed: {error}"
    return results


def _something_happened(result) -> bool:
    """A task's result says it did something: a count above 0, or a dict of counts with one above 0."""
    if isinstance(result, dict):
        return any(_something_happened(value) for value in result.values())
    if isinstance(result, bool):
        return result
    if isinstance(result, int | float):
        return result > 0
    return bool(result)


class DemoSchedule(threading.Thread):
    """The schedule's tasks now and then every `interval` seconds, until the process ends."""

    def __init__(self, interval: float, write):
        super().__init__(name="demo-schedule", daemon=True)
        self.interval, self.write = interval, write
        self.stopped = threading.Event()

    def run(self):
        previous = None
        while not self.stopped.is_set():
            try:
                results = run_schedule_once()
            finally:
                connections.close_all()  # this thread's connections only, between rounds
            # Said on the first round, then only what did something new (the nightly reseal rewrites the same
            # responses every round), so the console stays readable.
            done = {
                name: result
                for name, result in results.items()
                if _something_happened(result) and (previous is None or previous.get(name) != result)
            }
            if previous is None or done:
                self.write(f"Demo schedule ran {len(results)} tasks: {done or 'nothing was due'}")
            previous = results
            self.stopped.wait(self.interval)


class Command(RunserverCommand):
    help = (
        "Run the development server and, beside it, every task of the beat schedule (remento/celery.py) at start "
        "and then every --schedule-every seconds, as `make demo` does."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=60,
            help="Seconds between runs of the beat schedule's tasks (default 60; 0 runs no schedule).",
        )

    def handle(self, *args, **options):
        self.schedule_every = options["schedule_every"]
        super().handle(*args, **options)

    def inner_run(self, *args, **options):
        # inner_run is the serving process (the child under the autoreloader): start the schedule there, once.
        if self.schedule_every > 0:
            self.stdout.write(
                f"Demo schedule: every task of the beat schedule (reminders, nudges, per-pair survey invitations "
                f"after the suggested number of meetings, ...) runs now and every {self.schedule_every:g} seconds "
                "in this process. In production `celery -A remento beat` runs them, each at its own time."
            )
            DemoSchedule(self.schedule_every, self.stdout.write).start()
        super().inner_run(*args, **options)
