from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder "Welcome" page with the portal's home page."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("curriculum.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="curriculum")
    home = HomePage.objects.create(
        title="Đào tạo, bồi dưỡng cán bộ dân vận",
        draft_title="Đào tạo, bồi dưỡng cán bộ dân vận",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro="Khóa học, tài liệu và mô hình “Dân vận khéo” cho cán bộ làm công tác dân vận, "
        "Mặt trận Tổ quốc và các đoàn thể.",
        live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Đào tạo cán bộ dân vận"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("curriculum.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_homepage")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
