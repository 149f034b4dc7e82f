from django.db import migrations

CLASS_STAFF = "Class staff"  # cadres.roles.Role.CLASS_STAFF


def create_class_staff_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=CLASS_STAFF)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0020_agency_kind_ban_xay_dung_dang")]

    operations = [migrations.RunPython(create_class_staff_group, migrations.RunPython.noop)]
