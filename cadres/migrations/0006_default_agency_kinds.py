from django.db import migrations

DEFAULT_AGENCY_KINDS = [
    ("tinh-uy", "Tỉnh ủy"),
    ("dang-uy", "Đảng ủy"),
    ("ban-tuyen-giao-dan-van", "Ban Tuyên giáo và Dân vận"),
    ("ban-to-chuc", "Ban Tổ chức"),
    ("hoi-dong-nhan-dan", "Hội đồng nhân dân"),
    ("uy-ban-nhan-dan", "Ủy ban nhân dân"),
    ("so-ban-nganh", "Sở/ban/ngành"),
    ("uy-ban-mttq", "Ủy ban MTTQ"),
    ("to-chuc-chinh-tri-xa-hoi", "Tổ chức chính trị - xã hội"),
    ("don-vi-su-nghiep", "Đơn vị sự nghiệp"),
    ("to-dan-van", "Tổ dân vận"),
]


def add_defaults(apps, schema_editor):
    AgencyKind = apps.get_model("cadres", "AgencyKind")
    for order, (code, name) in enumerate(DEFAULT_AGENCY_KINDS, start=1):
        AgencyKind.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("cadres", "0005_agency_cadre_posting")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
