from django.db import migrations

NOTE = "Chuyển từ “Đơn vị quản lý” của tài khoản"


def agencies_to_scopes(apps, schema_editor):
    """Each managed agency becomes one scope (the agency's subtree), granted by nobody."""
    User = apps.get_model("cadres", "User")
    Scope = apps.get_model("cadres", "Scope")
    for user in User.objects.filter(agency__isnull=False).only("pk", "agency_id"):
        if not Scope.objects.filter(user_id=user.pk, agency_id=user.agency_id).exists():
            Scope.objects.create(user_id=user.pk, agency_id=user.agency_id, note=NOTE)


def scopes_to_agencies(apps, schema_editor):
    """Back: the oldest active whole-subtree scope of each user becomes their managed agency."""
    User = apps.get_model("cadres", "User")
    Scope = apps.get_model("cadres", "Scope")
    active = Scope.objects.filter(
        withdrawn_at__isnull=True, agency__isnull=False, kinds__isnull=True
    ).order_by("granted_at", "pk")
    for scope in active:
        User.objects.filter(pk=scope.user_id, agency__isnull=True).update(agency_id=scope.agency_id)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0012_scope_grants")]

    operations = [migrations.RunPython(agencies_to_scopes, scopes_to_agencies)]
