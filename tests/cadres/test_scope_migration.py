"""The managed agency of each account becomes one scope when scopes arrive (and back)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cadres", "0012_scope_grants")]
AFTER = [("cadres", "0013_scopes_from_managed_agencies")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_managed_agency_becomes_one_scope_and_comes_back():
    apps = migrate(BEFORE)
    Agency = apps.get_model("cadres", "Agency")
    AgencyKind = apps.get_model("cadres", "AgencyKind")
    User = apps.get_model("cadres", "User")
    kind = AgencyKind.objects.get(code="dang-uy")
    commune = Agency.objects.create(
        code="DU-M", name="Đảng ủy xã M", kind=kind, path="0001", depth=1, numchild=0
    )
    officer = User.objects.create(username="tochuc_m", agency=commune)
    User.objects.create(username="canbo_m")
    try:
        apps = migrate(AFTER)
        Scope = apps.get_model("cadres", "Scope")
        scope = Scope.objects.get()
        assert (scope.user_id, scope.agency_id) == (officer.pk, commune.pk)
        assert scope.withdrawn_at is None and scope.granted_by_id is None
        assert not scope.kinds.exists() and scope.note
        apps.get_model("cadres", "User").objects.filter(pk=officer.pk).update(agency=None)
        apps = migrate(BEFORE)  # back: the scope gives the managed agency again
        assert apps.get_model("cadres", "User").objects.get(pk=officer.pk).agency_id == commune.pk
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
