"""The planning limits as first set: people per title, titles per person, service left when
first planned (editable in the admin under Rules)."""

from django.db import migrations

REG_377 = "Quy định 377-QĐ/TW ngày 08/10/2025 của Bộ Chính trị (thay Quy định 50-QĐ/TW ngày 27/12/2021)"
REG_50 = "Quy định 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị về công tác quy hoạch cán bộ"

LIMITS = [
    (
        "per_title",
        3,
        f"{REG_377}; như {REG_50}",
        "Mỗi chức danh lãnh đạo, quản lý quy hoạch không quá 3 cán bộ: cùng con số ở cả hai "
        "quy định, theo các bản tin chính thống tháng 01/2022 và 10/2025.",
    ),
    (
        "per_person",
        3,
        f"{REG_377}; như {REG_50}",
        "Một cán bộ quy hoạch không quá 3 chức danh ở cùng cấp. Hệ thống đếm các chức danh "
        "của cùng nhiệm kỳ, chưa phân biệt cấp.",
    ),
    (
        "service_left",
        60,
        REG_50,
        "Theo bản tin về Quy định 50: cán bộ quy hoạch cho nhiệm kỳ kế tiếp phải đủ tuổi công "
        "tác trọn một nhiệm kỳ (60 tháng). Con số cho lần quy hoạch đầu và nội dung của Quy "
        "định 377 về độ tuổi chưa đối chiếu được nguyên văn: chỉ cảnh báo.",
    ),
]


def add_defaults(apps, schema_editor):
    PlanningLimit = apps.get_model("cadres", "PlanningLimit")
    for kind, value, basis, note in LIMITS:
        PlanningLimit.objects.get_or_create(
            kind=kind, defaults={"value": value, "basis": basis, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0028_planning_register")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
