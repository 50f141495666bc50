import datetime

import factory
from django.utils import timezone

from meetings.models import Action, Meeting, ScheduledMeeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    logged_by = factory.LazyAttribute(lambda o: o.pairing.mentee)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    duration_minutes = 90
    format = Meeting.Format.IN_PERSON
    summary = factory.Sequence(lambda n: f"SECRET-SUMMARY-{n}: we talked about the promotion board")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    description = factory.Sequence(lambda n: f"SECRET-ACTION-{n}: read the flexible working policy")
    owner = Action.Owner.MENTEE


class ScheduledMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduledMeeting

    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=5))
    place = "Room 4, headquarters"
