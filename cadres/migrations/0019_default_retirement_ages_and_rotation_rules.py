from django.db import migrations

ROADMAP_BASIS = "Nghị định 135/2020/NĐ-CP, Điều 4 và Phụ lục I (Bộ luật Lao động 2019, Điều 169)"
BEFORE_BASIS = "Bộ luật Lao động 2012, Điều 187 (người đủ tuổi nghỉ hưu trước năm 2021)"


def retirement_ages():
    """(gender, year, years, months, basis): men +3 months a year from 60y3m in 2021 to 62 in
    2028, women +4 months a year from 55y4m in 2021 to 60 in 2035; the old ages before."""
    rows = [("M", 2020, 60, 0, BEFORE_BASIS), ("F", 2020, 55, 0, BEFORE_BASIS)]
    for step, year in enumerate(range(2021, 2029), start=1):
        total = 60 * 12 + 3 * step
        rows.append(("M", year, total // 12, total % 12, ROADMAP_BASIS))
    for step, year in enumerate(range(2021, 2036), start=1):
        total = 55 * 12 + 4 * step
        rows.append(("F", year, total // 12, total % 12, ROADMAP_BASIS))
    return rows


RULE_65 = "Quy định 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị"
# (form, kind, name, months, is_exception, basis, note): luân chuyển only; điều động and biệt
# phái have no rule by default (add theirs in the admin).
ROTATION_RULES = [
    (
        "luan_chuyen",
        "service_left",
        "Quy định chung: còn ít nhất 10 năm công tác (hai nhiệm kỳ) tính từ thời điểm luân chuyển",
        120,
        False,
        f"{RULE_65}, Điều 5",
        "Đọc qua bản tóm tắt Điều 5; với công chức, Nghị định 138/2020/NĐ-CP, Điều 56 khoản 4 có "
        "cùng quy định (cần đối chiếu văn bản thay thế nghị định này, nếu có).",
    ),
    (
        "luan_chuyen",
        "service_left",
        "Luân chuyển để không bố trí người địa phương hoặc không giữ một chức vụ quá hai nhiệm kỳ "
        "liên tiếp: còn ít nhất một nhiệm kỳ (5 năm)",
        60,
        True,
        f"{RULE_65}, Điều 5 (trường hợp đặc biệt); Nghị định 138/2020/NĐ-CP, Điều 56 khoản 4",
        "Ngưỡng một nhiệm kỳ theo Quy định 98-QĐ/TW (đã được thay thế) và Nghị định "
        "138/2020/NĐ-CP; nguyên văn phần ngoại lệ của Quy định 65 chưa được đối chiếu.",
    ),
    (
        "luan_chuyen",
        "service_left",
        "Trường hợp đặc biệt do cấp có thẩm quyền xem xét, quyết định",
        0,
        True,
        f"{RULE_65}, Điều 5",
        "",
    ),
    (
        "luan_chuyen",
        "time_in_post",
        "Thời gian luân chuyển ít nhất 3 năm (36 tháng) cho một lần luân chuyển",
        36,
        False,
        f"{RULE_65}, Điều 6",
        "36 tháng đã được đối chiếu với quy định về luân chuyển công chức; nguyên văn Điều 6 "
        "Quy định 65 chưa đọc được.",
    ),
]


def add_defaults(apps, schema_editor):
    RetirementAge = apps.get_model("cadres", "RetirementAge")
    RotationRule = apps.get_model("cadres", "RotationRule")
    for gender, year, years, months, basis in retirement_ages():
        RetirementAge.objects.get_or_create(
            gender=gender, year=year, defaults={"years": years, "months": months, "basis": basis}
        )
    for order, (form, kind, name, months, exception, basis, note) in enumerate(ROTATION_RULES):
        RotationRule.objects.get_or_create(
            form=form,
            kind=kind,
            name=name,
            defaults={
                "months": months,
                "is_exception": exception,
                "basis": basis,
                "note": note,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0018_retirement_ages_and_rotation_rules")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
