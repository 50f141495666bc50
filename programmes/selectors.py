from programmes.models import Cohort, Programme, ProgrammeRole


def programmes_led_by(user):
    return Programme.objects.filter(roles__user=user, roles__role=ProgrammeRole.Role.LEAD)


# Where a programme's work is happening now, most likely first: what "the current cohort" means to its lead.
CURRENT_FIRST = [
    Cohort.Status.ACTIVE,
    Cohort.Status.EVALUATING,
    Cohort.Status.MATCHING,
    Cohort.Status.RECRUITING,
    Cohort.Status.CLOSED,
    Cohort.Status.DRAFT,
]


def current_cohort(cohorts) -> Cohort | None:
    """The cohort a lead most likely means by "the current one": running before evaluating before matching, and
    so on; the newest of those. `cohorts` is one programme's cohorts (a list or queryset, read once)."""
    return min(cohorts, key=lambda c: (CURRENT_FIRST.index(c.status), -c.created_at.timestamp()), default=None)
