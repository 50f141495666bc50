"""The kinds of email the programmes app sends."""

from notifications.kinds import Kind, register

INVITATION = register(
    Kind("invitation", reason="your programme lead invited you to take part in a reverse mentoring programme")
)
ROLE_INVITATION = register(
    Kind(
        "role_invitation",
        reason="someone who runs reverse mentoring in your organisation invited you to help run it in Remento",
    )
)
