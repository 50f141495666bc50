from dataclasses import dataclass, field

from programmes.models import Organisation, Participant, Programme, ProgrammeRole


@dataclass
class Roles:
    """What a signed-in person may do, worked out once per request."""

    admin_organisations: list = field(default_factory=list)
    led_programmes: list = field(default_factory=list)
    steering_programmes: list = field(default_factory=list)
    participations: list = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.admin_organisations or self.led_programmes or self.steering_programmes or self.participations)


def roles_for(user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    programme_roles = list(
        ProgrammeRole.objects.filter(user=user).select_related("programme__organisation").order_by("programme__name")
    )
    return Roles(
        admin_organisations=list(Organisation.objects.filter(memberships__user=user, memberships__is_admin=True)),
        led_programmes=[r.programme for r in programme_roles if r.role == ProgrammeRole.Role.LEAD],
        steering_programmes=[r.programme for r in programme_roles if r.role == ProgrammeRole.Role.STEERING],
        participations=list(
            Participant.objects.filter(user=user)
            .exclude(status__in=[Participant.Status.DECLINED, Participant.Status.WITHDRAWN])
            # The certificate (evaluation) too: the home page links to it without a query per participation.
            .select_related("cohort__programme", "certificate")
            .order_by("-cohort__created_at")
        ),
    )


def programmes_led_by(user):
    return Programme.objects.filter(roles__user=user, roles__role=ProgrammeRole.Role.LEAD)
