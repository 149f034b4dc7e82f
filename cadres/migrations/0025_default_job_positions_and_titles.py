from django.db import migrations

DEFAULT_JOB_POSITIONS = [
    ("chuyen-vien-dan-van", "Chuyên viên phụ trách công tác dân vận"),
    ("chuyen-vien-mat-tran", "Chuyên viên công tác Mặt trận"),
    ("cong-chuc-van-hoa-xa-hoi", "Công chức văn hóa - xã hội"),
    ("cong-chuc-van-phong", "Công chức văn phòng - thống kê"),
]
DEFAULT_TITLES = [
    ("bi-thu", "Bí thư"),
    ("pho-bi-thu", "Phó Bí thư"),
    ("chu-tich-ubnd", "Chủ tịch UBND"),
    ("pho-chu-tich-ubnd", "Phó Chủ tịch UBND"),
    ("chu-tich-mttq", "Chủ tịch Ủy ban MTTQ"),
    ("pho-chu-tich-mttq", "Phó Chủ tịch Ủy ban MTTQ"),
    ("truong-ban", "Trưởng ban"),
    ("pho-truong-ban", "Phó Trưởng ban"),
    ("can-bo-phu-trach-dan-van", "Cán bộ phụ trách công tác dân vận"),
]
CODENAMES = [
    f"{action}_{model}"
    for model in ("jobposition", "leadershiptitle")
    for action in ("add", "change", "delete", "view")
]


def add_defaults(apps, schema_editor):
    """Default positions and titles; coordinators keep both tables in the admin."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    JobPosition = apps.get_model("cadres", "JobPosition")
    LeadershipTitle = apps.get_model("cadres", "LeadershipTitle")
    for model, rows in ((JobPosition, DEFAULT_JOB_POSITIONS), (LeadershipTitle, DEFAULT_TITLES)):
        for order, (code, name) in enumerate(rows, start=1):
            model.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label="cadres", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0024_job_positions_and_titles")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
