"""The tree's root page and the root collection carry names the admin shows ("Root"): give them
Vietnamese ones. Only names change; Wagtail finds both by their place in the tree."""

from django.db import migrations


def rename(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title="Gốc", draft_title="Gốc")
    Collection.objects.filter(depth=1, name="Root").update(name="Tất cả tài liệu")


def restore(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Gốc").update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name="Tất cả tài liệu").update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0006_editors_manage_topics"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, restore)]
