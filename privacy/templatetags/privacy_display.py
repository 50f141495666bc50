"""Show exported values as a person reads them: dates in words, yes/no, lists joined, blanks as "Not recorded"."""

import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def label(key: str) -> str:
    return key.replace("_", " ").capitalize()


@register.filter
def shown(value) -> str:
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
