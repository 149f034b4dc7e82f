from django.db import migrations


def grant(apps, schema_editor):
    """Coordinators keep the training requirements in the admin."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="training",
            codename__in=[
                f"{action}_trainingrequirement" for action in ("add", "change", "delete", "view")
            ],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0015_training_requirements_and_qualifications")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
