from django.db import migrations

# The province's guidance for the movement sets the criteria and their weights; these defaults
# follow the points its assessments look at (new and creative, effective, people taking part,
# replicable, lasting). Editable in the admin; `basis` names the text they come from.
BASIS = "Hướng dẫn chấm điểm phong trào thi đua “Dân vận khéo” của Ban Tuyên giáo và Dân vận Tỉnh ủy"
CRITERIA = [
    ("tinh-moi", "Tính mới, sáng tạo", "Cách làm mới, phù hợp điều kiện địa phương.", 20),
    ("hieu-qua", "Hiệu quả thiết thực", "Kết quả đo được về kinh tế, xã hội, quốc phòng - an ninh.", 30),
    ("nhan-dan", "Sự tham gia, đồng thuận của Nhân dân", "Nhân dân biết, bàn, làm, kiểm tra, giám sát, thụ hưởng.", 20),
    ("nhan-rong", "Khả năng nhân rộng", "Có thể áp dụng ở cơ quan, địa phương khác.", 20),
    ("ben-vung", "Tính bền vững", "Duy trì thường xuyên, có nguồn lực lâu dài.", 10),
]


def add_criteria(apps, schema_editor):
    Criterion = apps.get_model("curriculum", "EmulationCriterion")
    for order, (code, name, description, max_score) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "max_score": max_score,
                "basis": BASIS,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0008_emulation")]

    operations = [migrations.RunPython(add_criteria, migrations.RunPython.noop)]
