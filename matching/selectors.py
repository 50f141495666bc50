"""Reads for matching pages."""


def pairing_panel(*, pairing, participant) -> dict:
    """What the pair page shows about the pairing itself: status, partner, rapport check, agreement, concern.

    Rendered by templates/matching/_pairing_panel.html, which the pair page (meetings) includes.
    """
    return {"pairing": pairing, "me": participant, "partner": pairing.partner_of(participant)}
