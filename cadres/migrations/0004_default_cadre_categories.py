from django.db import migrations

DEFAULT_CATEGORIES = [
    ("chuyen-trach-dan-van", "Cán bộ chuyên trách dân vận"),
    ("mttq-doan-the", "Cán bộ Mặt trận - đoàn thể"),
    ("cong-chuc", "Công chức"),
    ("vien-chuc", "Viên chức"),
    ("can-bo-cap-xa", "Cán bộ cấp xã"),
]


def add_defaults(apps, schema_editor):
    CadreCategory = apps.get_model("cadres", "CadreCategory")
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        CadreCategory.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("cadres", "0003_cadre_category")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
