from programmes.models import Programme, ProgrammeRole


def programmes_led_by(user):
    return Programme.objects.filter(roles__user=user, roles__role=ProgrammeRole.Role.LEAD)
