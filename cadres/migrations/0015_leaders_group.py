from django.db import migrations

LEADERS = "Leaders"  # cadres.roles.Role.LEADER


def create_leaders_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=LEADERS)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0014_remove_user_agency")]

    operations = [migrations.RunPython(create_leaders_group, migrations.RunPython.noop)]
