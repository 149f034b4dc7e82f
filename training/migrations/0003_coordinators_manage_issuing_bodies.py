from django.db import migrations


def grant(apps, schema_editor):
    """Coordinators keep the issuing bodies (names, signers, number formats) in the admin."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    wanted = Permission.objects.filter(
        content_type__app_label="training",
        codename__in=["add_issuingbody", "change_issuingbody", "view_issuingbody"],
    ) | Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    coordinators.permissions.add(*wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_certificates"),
        ("cadres", "0002_role_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
