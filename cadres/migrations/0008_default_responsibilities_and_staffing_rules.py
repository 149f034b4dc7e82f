from django.db import migrations

DEFAULT_RESPONSIBILITY_KINDS = [
    ("phu-trach-dan-van", "Phụ trách công tác dân vận"),
    ("phu-trach-mat-tran-doan-the", "Phụ trách công tác Mặt trận - đoàn thể"),
    ("to-truong-to-dan-van", "Tổ trưởng tổ dân vận"),
]
# (agency kind code, responsibility kind code): every party committee, people's committee and
# department needs a dân vận officer; every Front committee a Front officer; every team a leader.
DEFAULT_STAFFING_RULES = [
    ("tinh-uy", "phu-trach-dan-van"),
    ("dang-uy", "phu-trach-dan-van"),
    ("uy-ban-nhan-dan", "phu-trach-dan-van"),
    ("so-ban-nganh", "phu-trach-dan-van"),
    ("uy-ban-mttq", "phu-trach-mat-tran-doan-the"),
    ("to-dan-van", "to-truong-to-dan-van"),
]


def add_defaults(apps, schema_editor):
    ResponsibilityKind = apps.get_model("cadres", "ResponsibilityKind")
    AgencyKind = apps.get_model("cadres", "AgencyKind")
    StaffingRule = apps.get_model("cadres", "StaffingRule")
    kinds = {}
    for order, (code, name) in enumerate(DEFAULT_RESPONSIBILITY_KINDS, start=1):
        kinds[code], _ = ResponsibilityKind.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    agency_kinds = {k.code: k for k in AgencyKind.objects.all()}
    for agency_kind, responsibility in DEFAULT_STAFFING_RULES:
        if agency_kind in agency_kinds:  # an edited kind table may lack one: skip it
            StaffingRule.objects.get_or_create(
                agency_kind=agency_kinds[agency_kind], responsibility_kind=kinds[responsibility]
            )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0007_agency_history_staffing_rotation")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
