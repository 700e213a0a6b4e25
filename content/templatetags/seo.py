import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content.seo import machine_time

register = template.Library()

# The same escaping as Django's json_script: nothing in the data can close the element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> block for structured data (not run as code)."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def iso_time(value):
    """A date and time for a ``datetime`` attribute: ISO 8601 in the clinic's time zone,
    to the second (HTML allows at most three digits of fractions)."""
    return machine_time(value) or ""
