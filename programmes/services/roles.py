"""Who runs what: organisation administrators, programme leads and steering-group members, by invitation.

Every role is offered by email and given only when the person accepts (the
same rule as for participants: nobody joins an organisation until they say
yes). A person not yet known gets an account without a password and signs in
with an emailed code.
"""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.services import user_get_or_invite
from notifications.services import notification_queue
from programmes.models import Membership, Organisation, Programme, ProgrammeRole, RoleInvitation
from programmes.services.leads import RoleError, programme_role_add

TOKEN_SALT = "remento.role-invitation"
# How long the emailed link works; after that the inviter sends it again.
INVITATION_DAYS = 14


def invitation_token(invitation: RoleInvitation) -> str:
    """The token in the emailed link: the invitation's id, signed and dated. It proves only that its holder
    received the email; accepting still needs a code emailed to the same address to sign in."""
    return signing.dumps(invitation.pk, salt=TOKEN_SALT)


def invitation_id_from_token(token: str) -> tuple[int, bool]:
    """(invitation id, whether the link is out of date). Raises signing.BadSignature for a forged token."""
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=INVITATION_DAYS * 24 * 3600), False
    except signing.SignatureExpired:
        return signing.loads(token, salt=TOKEN_SALT), True


def holds_role(*, organisation: Organisation, programme: Programme | None, role: str, user) -> bool:
    if role == RoleInvitation.Role.ADMIN:
        return Membership.objects.filter(organisation=organisation, user=user, is_admin=True).exists()
    return ProgrammeRole.objects.filter(programme=programme, user=user, role=role).exists()


def _grant(*, organisation: Organisation, programme: Programme | None, role: str, user, actor) -> None:
    membership, _created = Membership.objects.get_or_create(organisation=organisation, user=user)
    if role == RoleInvitation.Role.ADMIN:
        if not membership.is_admin:
            membership.is_admin = True
            membership.save(update_fields=["is_admin"])
            audit.record(
                actor=actor, action=audit.ORG_ADMIN_ADDED, target_user=user, detail=f"organisation {organisation.pk}"
            )
    else:
        programme_role_add(programme=programme, user=user, role=role, actor=actor)


@transaction.atomic
def role_invite(
    *, organisation: Organisation, role: str, email: str, invited_by, programme: Programme | None = None
) -> RoleInvitation | None:
    """Invite someone by email to administer the organisation, or to lead or oversee one of its programmes.

    Inviting someone again replaces the invitation still waiting (a new email, a new link; the old link stops
    working). Someone who already holds the role is not invited. Naming yourself needs no invitation: the role
    is yours at once, and None is returned.
    """
    if (role == RoleInvitation.Role.ADMIN) != (programme is None):
        raise ValueError("An administrator is invited to an organisation; a lead or steering member to a programme.")
    user = user_get_or_invite(email=email)
    if holds_role(organisation=organisation, programme=programme, role=role, user=user):
        raise RoleError(_("%(person)s is already %(role)s.") % {"person": user, "role": _role_phrase(role, programme)})
    if invited_by is not None and user.pk == invited_by.pk:
        _grant(organisation=organisation, programme=programme, role=role, user=user, actor=invited_by)
        return None
    RoleInvitation.objects.filter(
        organisation=organisation, programme=programme, role=role, user=user, accepted_at__isnull=True
    ).delete()
    invitation = RoleInvitation.objects.create(
        organisation=organisation, programme=programme, role=role, user=user, invited_by=invited_by
    )
    notification_queue(
        kind="role_invitation",
        recipient=user,
        subject=invitation,
        link=reverse("programmes:role_invitation", args=[invitation_token(invitation)]),
    )
    return invitation


def _role_phrase(role: str, programme: Programme | None) -> str:
    if role == RoleInvitation.Role.ADMIN:
        return _("an administrator of this organisation")
    if role == RoleInvitation.Role.LEAD:
        return _("a lead of %(programme)s") % {"programme": programme}
    return _("on the steering group of %(programme)s") % {"programme": programme}


@transaction.atomic
def role_invitation_accept(*, invitation: RoleInvitation) -> RoleInvitation:
    """Give the role the invitation offers, once. The audit log names the inviter as the one who gave it."""
    locked = RoleInvitation.objects.select_for_update(of=("self",)).select_related("organisation", "programme")
    invitation = locked.get(pk=invitation.pk)
    if invitation.accepted_at is None:
        _grant(
            organisation=invitation.organisation,
            programme=invitation.programme,
            role=invitation.role,
            user=invitation.user,
            actor=invitation.invited_by_id,
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return invitation


@transaction.atomic
def role_invitation_withdraw(*, invitation: RoleInvitation) -> None:
    """Take back an invitation not yet accepted; its link stops working. An accepted one is left alone."""
    RoleInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()


@transaction.atomic
def org_admin_remove(*, organisation: Organisation, user_id: int, actor) -> None:
    """Stop someone administering the organisation; it always keeps at least one administrator.

    They stay on its staff list (they may still lead or take part in its programmes).
    """
    admins = Membership.objects.select_for_update().filter(organisation=organisation, is_admin=True)
    membership = admins.get(user_id=user_id)
    if admins.count() == 1:
        raise RoleError(_("An organisation needs at least one administrator. Invite another one first."))
    membership.is_admin = False
    membership.save(update_fields=["is_admin"])
    audit.record(
        actor=actor, action=audit.ORG_ADMIN_REMOVED, target_user=user_id, detail=f"organisation {organisation.pk}"
    )
