"""Remove `Session.industry`, carried over to `industries` by the migration before."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_session_industries"),
    ]

    operations = [
        migrations.RemoveField(model_name="session", name="industry"),
    ]
