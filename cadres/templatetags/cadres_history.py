"""Template helpers for the agency history: an agency's name as it was when a record was made."""

from django import template

from cadres.models import agency_name_on

register = template.Library()


@register.filter
def agency_name_then(posting) -> str:
    """The name of the posting's agency on the day the posting started (renamings kept)."""
    return agency_name_on(posting.agency, posting.start_date)
