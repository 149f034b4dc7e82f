from django.db import migrations

ASSESSORS = "Assessors"  # cadres.roles.Role.ASSESSOR


def create_assessor_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=ASSESSORS)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0022_ethnic_groups_coded")]

    operations = [migrations.RunPython(create_assessor_group, migrations.RunPython.noop)]
