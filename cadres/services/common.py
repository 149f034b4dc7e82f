"""What every registry service shares: the error it raises, the scope check, legal bases."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cadres.access import change_scope_for
from cadres.models import (
    Agency,
)

AGENCY_OUT_OF_SCOPE = _("This agency is outside the agencies you manage.")
UNITS_OUT_OF_SCOPE = _(
    "Units under this agency are outside the agencies you manage: the change would carry them "
    "along, so it is for someone who manages them too."
)
WOULD_LEAVE_SCOPE = _("After this change the agency would be outside the agencies you manage.")


class RegistryError(Exception):
    """A rule of the registry refused the change; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def require_in_scope(actor, agency: Agency, message=AGENCY_OUT_OF_SCOPE) -> None:
    """The actor may change this agency: it lies in one of their scopes and they are not
    someone who only reads (a leader)."""
    if not change_scope_for(actor).contains(agency):
        raise RegistryError(message)


def require_subtree_in_scope(actor, agency: Agency, message=UNITS_OUT_OF_SCOPE) -> None:
    """The agency and every agency under it lie in the actor's scopes (a change that carries a
    whole subtree along, such as a move or a merger, must not carry what the actor cannot see).
    A scope narrowed to some kinds usually fails this for agencies that have units."""
    require_in_scope(actor, agency)
    scope = change_scope_for(actor)
    if scope.everything:
        return
    outside = (
        Agency.objects.filter(path__startswith=agency.path, depth__gt=agency.depth)
        .exclude(scope.agency_q())
        .exists()
    )
    if outside:
        raise RegistryError(message)


@dataclass(frozen=True)
class LegalBasis:
    """The decision an event or plan rests on: number, date and issuing body."""

    number: str
    issued_on: date | None = None
    issuer: str = ""


def validation_message(error: ValidationError) -> str:
    """One readable line from a model validation error."""
    return " ".join(str(m) for m in error.messages)


def fresh_agency(agency: Agency) -> Agency:
    # Tree operations change paths; treebeard needs instances read after the last change.
    return Agency.objects.get(pk=agency.pk)
