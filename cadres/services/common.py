"""What every registry service shares: the error it raises, the scope check, legal bases."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cadres.access import agency_scope_for
from cadres.models import (
    Agency,
)

AGENCY_OUT_OF_SCOPE = _("This agency is outside the agencies you manage.")


class RegistryError(Exception):
    """A rule of the registry refused the change; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def require_in_scope(actor, agency: Agency) -> None:
    if not agency_scope_for(actor).contains(agency):
        raise RegistryError(AGENCY_OUT_OF_SCOPE)


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
