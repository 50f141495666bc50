"""Changes an organisation administrator makes to the organisation's settings."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from programmes.models import (
    Directorate,
    Grade,
    Organisation,
    Participant,
    Programme,
    ProgrammeRole,
    StaffNetwork,
    Topic,
)
from programmes.services.roles import role_invite

ITEM_MODELS = {"directorates": Directorate, "networks": StaffNetwork, "topics": Topic}


class SettingsError(Exception):
    """A change that cannot be made, with the reason in words for the administrator."""


@transaction.atomic
def ladder_add(*, organisation: Organisation, ladder: str, grades: list[tuple[str, int]]) -> list[Grade]:
    """Add a whole ladder of grades in one go; a name already on that ladder stops the lot."""
    existing = set(organisation.grades.filter(ladder__iexact=ladder).values_list("name", flat=True))
    clash = sorted(name for name, _ in grades if name in existing)
    if clash:
        raise SettingsError(f"The ladder “{ladder}” already has: {', '.join(clash)}.")
    return Grade.objects.bulk_create(
        Grade(organisation=organisation, ladder=ladder, name=name, level=level) for name, level in grades
    )


@transaction.atomic
def items_add(
    *, organisation: Organisation, kind: str, names: list[str], is_protected_characteristic: bool = False
) -> tuple[list[str], list[str]]:
    """Add directorates, staff networks or topics in one go: (names added, names already on the list).

    Names are unique in the organisation whatever their case; one already there is skipped, not an error,
    unless every name is (then nothing is added and the administrator is told).
    """
    model = ITEM_MODELS[kind]
    existing = {name.lower() for name in model.objects.filter(organisation=organisation).values_list("name", flat=True)}
    new = [name for name in names if name.lower() not in existing]
    already = [name for name in names if name.lower() in existing]
    if not new:
        if len(already) == 1:
            raise SettingsError(_("“%(name)s” is already on the list.") % {"name": already[0]})
        raise SettingsError(_("These are all already on the list."))
    extra = {"is_protected_characteristic": is_protected_characteristic} if model is Topic else {}
    model.objects.bulk_create([model(organisation=organisation, name=name, **extra) for name in new])
    return new, already


@transaction.atomic
def item_delete(*, organisation: Organisation, kind: str, item_id: int) -> None:
    """Delete a grade, directorate, network or topic nobody's profile uses."""
    model = Grade if kind == "grades" else ITEM_MODELS[kind]
    item = model.objects.get(organisation=organisation, pk=item_id)
    users = {
        "grades": Q(grade=item),
        "directorates": Q(directorate=item),
        "networks": Q(networks=item),
        "topics": Q(shared_topics=item) | Q(avoid_topics=item) | Q(learning_topics__topic=item),
    }[kind]
    if Participant.objects.filter(users).exists():
        raise SettingsError(f"“{item}” is used in people's applications, so it cannot be deleted.")
    item.delete()


@transaction.atomic
def privacy_update(*, organisation: Organisation, privacy_notice: str, retention_days: int) -> Organisation:
    """A changed notice gets a new version, so each consent records the wording that was shown."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if privacy_notice.strip() != organisation.privacy_notice.strip():
        organisation.privacy_notice_version += 1
    organisation.privacy_notice, organisation.retention_days = privacy_notice, retention_days
    organisation.save()
    return organisation


@transaction.atomic
def programme_create(
    *, organisation: Organisation, name: str, focus: str, description: str, lead_email: str, actor=None
):
    """The administrator names a programme's lead when creating it: they are invited (programmes.services.roles),
    or lead it at once when the administrator names themselves. Returns the programme and the invitation (None
    for yourself)."""
    programme = Programme.objects.create(organisation=organisation, name=name, focus=focus, description=description)
    invitation = role_invite(
        organisation=organisation,
        programme=programme,
        role=ProgrammeRole.Role.LEAD,
        email=lead_email,
        invited_by=actor,
    )
    return programme, invitation


def organisation_seed_topics(*, organisation: Organisation) -> None:
    """Every organisation starts with the Equality Act's nine characteristics and five further topics."""
    from programmes.models import FURTHER_TOPICS, PROTECTED_CHARACTERISTICS

    Topic.objects.bulk_create(
        [
            Topic(organisation=organisation, name=name, is_protected_characteristic=True)
            for name in PROTECTED_CHARACTERISTICS
        ]
        + [Topic(organisation=organisation, name=name) for name in FURTHER_TOPICS],
        ignore_conflicts=True,
    )


@transaction.atomic
def item_rename(*, organisation: Organisation, kind: str, item_id: int, name: str, level: int | None = None) -> None:
    """Rename a grade, directorate, network or topic (and re-level a grade); people keep their choice."""
    model = Grade if kind == "grades" else ITEM_MODELS[kind]
    item = model.objects.get(organisation=organisation, pk=item_id)
    siblings = model.objects.filter(organisation=organisation, name__iexact=name.strip()).exclude(pk=item.pk)
    if kind == "grades":
        siblings = siblings.filter(ladder=item.ladder)
    if siblings.exists():
        raise SettingsError(f"“{name.strip()}” is already on the list.")
    item.name = name.strip()
    if kind == "grades" and level is not None:
        if not 1 <= level <= 30:
            raise SettingsError("The level must be between 1 and 30.")
        item.level = level
    item.save()
