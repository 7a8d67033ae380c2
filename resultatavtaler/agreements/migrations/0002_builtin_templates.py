from django.db import migrations


def load(apps, schema_editor):
    from resultatavtaler.agreements.builtin import ensure_builtin_templates

    ensure_builtin_templates(apps.get_model("agreements", "Template"), apps.get_model("agreements", "TemplateVersion"))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
