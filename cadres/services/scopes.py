"""Users' scopes: granted and withdrawn by coordinators and administrators, never deleted."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.access import NOTHING, ScopePart, acting_user, granted_scopes, is_coordinator
from cadres.models import Agency, AgencyKind, AuditAction, Scope, User
from cadres.services.common import RegistryError
from cadres.text import nfc

SCOPE_NOT_ALLOWED = _("Only coordinators and administrators grant and withdraw scopes.")
SCOPE_AGENCY_ENDED = _("This agency has ended: grant a scope on the agency that succeeded it.")
SCOPE_ALREADY_HELD = _("This user already sees these agencies through the scopes they hold.")
SCOPE_ALREADY_WITHDRAWN = _("This scope has already been withdrawn.")


def _require_coordinator(actor) -> None:
    if not is_coordinator(actor):
        raise RegistryError(SCOPE_NOT_ALLOWED)


@transaction.atomic
def scope_grant(
    *,
    actor,
    user: User,
    agency: Agency | None,
    kinds: Iterable[AgencyKind] = (),
    note: str = "",
) -> Scope:
    """Let `user` see `agency` and everything under it (None: the whole province), only the
    agencies of `kinds` if some are given. A scope the user already holds is refused."""
    _require_coordinator(actor)
    if agency is not None and not agency.is_current:
        raise RegistryError(SCOPE_AGENCY_ENDED)
    kinds = list(kinds)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one grant at a time per user
    held = granted_scopes([user.pk]).get(user.pk, NOTHING)
    part = ScopePart(agency.path if agency else "", frozenset(kind.pk for kind in kinds))
    if held.holds(part):
        raise RegistryError(SCOPE_ALREADY_HELD)
    scope = Scope.objects.create(
        user=user, agency=agency, note=nfc(note), granted_by=acting_user(actor)
    )
    scope.kinds.set(kinds)
    user.__dict__.pop("_agency_scope", None)  # the user's scope, if already read, is stale
    audit.record(
        actor=actor,
        action=AuditAction.CREATED,
        target=scope,
        agency=agency,
        changes=audit.diff(
            {},
            {
                "user": str(user),
                "agency": agency.name if agency else None,
                "kinds": ", ".join(kind.name for kind in kinds),
                "note": scope.note,
            },
        ),
    )
    return scope


@transaction.atomic
def scope_withdraw(*, actor, scope: Scope) -> Scope:
    """End a scope from now on; the grant stays in the user's history."""
    _require_coordinator(actor)
    scope = Scope.objects.select_for_update().select_related("user").get(pk=scope.pk)
    if scope.withdrawn_at is not None:
        raise RegistryError(SCOPE_ALREADY_WITHDRAWN)
    scope.withdrawn_at = timezone.now()
    scope.withdrawn_by = acting_user(actor)
    scope.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(
        actor=actor,
        action=AuditAction.WITHDRAWN,
        target=scope,
        agency=scope.agency_id,
        changes={"withdrawn_at": [None, audit.shown(scope.withdrawn_at)]},
    )
    return scope
