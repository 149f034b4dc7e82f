from django.db import migrations


class Migration(migrations.Migration):
    """The managed agency lives on as a scope (0013)."""

    dependencies = [("cadres", "0013_scopes_from_managed_agencies")]

    operations = [migrations.RemoveField(model_name="user", name="agency")]
