from privacy.models import AuditEvent
from programmes.models import Membership, Participant, ProgrammeRole
from programmes.selectors import programmes_led_by


def lead_erase_refusal(*, lead, person) -> str:
    """Why a lead may not erase this person on their behalf ("" if they may).

    A lead acts only within their programmes: someone who also takes part
    elsewhere, or holds a role, erases themselves from My data.
    """
    if not person.is_active and person.email.endswith("@erased.invalid"):
        return "This person's data has already been erased."
    if person.pk == lead.pk:
        return "To erase your own data, use My data."
    if (
        ProgrammeRole.objects.filter(user=person).exists()
        or Membership.objects.filter(user=person, is_admin=True).exists()
    ):
        return (
            "This person leads, oversees or administers a programme or organisation. "
            "They can erase their own data from My data."
        )
    if Participant.objects.filter(user=person).exclude(cohort__programme__in=programmes_led_by(lead)).exists():
        return "This person also takes part in a programme you do not lead. They can erase their own data from My data."
    # Inviting an address that has an account elsewhere must not let a lead close that account.
    if Membership.objects.filter(user=person).exclude(organisation__programmes__in=programmes_led_by(lead)).exists():
        return (
            "This person is on the staff list of an organisation whose programmes you do not lead. "
            "They can erase their own data from My data."
        )
    return ""


def programme_audit_events(programme):
    return AuditEvent.objects.filter(programme=programme).select_related("actor", "target_user")
