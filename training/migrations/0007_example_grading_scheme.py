"""An example grading scheme on a 10-point scale, marked as an example: each school checks the
bands against its own rules (the admin edits them)."""

from decimal import Decimal

from django.db import migrations

BANDS = [
    ("Xuất sắc", Decimal("9.00"), True),
    ("Giỏi", Decimal("8.00"), True),
    ("Khá", Decimal("7.00"), True),
    ("Trung bình", Decimal("5.00"), True),
    ("Không đạt", Decimal("0.00"), False),
]


def add_example(apps, schema_editor):
    GradingScheme = apps.get_model("training", "GradingScheme")
    GradeBand = apps.get_model("training", "GradeBand")
    scheme, created = GradingScheme.objects.get_or_create(
        code="thang-diem-10",
        defaults={
            "name": "Thang điểm 10",
            "max_score": Decimal("10.00"),
            "basis": (
                "Ví dụ theo cách xếp loại thường dùng ở các trường chính trị; "
                "cần đối chiếu với quy chế đào tạo, bồi dưỡng của trường."
            ),
            "is_example": True,
        },
    )
    if created:
        GradeBand.objects.bulk_create(
            [GradeBand(scheme=scheme, label=l, min_score=m, passing=p) for l, m, p in BANDS]
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0006_in_person_classes")]

    operations = [migrations.RunPython(add_example, migrations.RunPython.noop)]
