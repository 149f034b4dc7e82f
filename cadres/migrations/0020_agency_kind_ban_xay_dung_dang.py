from django.db import migrations

# At commune level the Party committee's Ban Xây dựng Đảng carries the dân vận work (2025).
KIND = ("ban-xay-dung-dang", "Ban Xây dựng Đảng")


def add_kind(apps, schema_editor):
    AgencyKind = apps.get_model("cadres", "AgencyKind")
    code, name = KIND
    if not AgencyKind.objects.filter(code=code).exists() and not AgencyKind.objects.filter(
        name=name
    ).exists():
        last = AgencyKind.objects.order_by("-sort_order").first()
        AgencyKind.objects.create(
            code=code, name=name, sort_order=(last.sort_order + 1) if last else 1
        )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0019_default_retirement_ages_and_rotation_rules")]

    operations = [migrations.RunPython(add_kind, migrations.RunPython.noop)]
