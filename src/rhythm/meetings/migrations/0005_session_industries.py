"""A roundtable names one or more industries: `Session.industry` becomes `industries`.

Each session's industry is carried over as a list of one (none for a session without
one). Going back keeps the first industry of each list, the only one the old field holds.
The old field is removed by the next migration, in a transaction of its own (PostgreSQL
refuses to alter a table with updates of the same transaction pending).
"""

from django.db import migrations, models


def industry_to_list(apps, schema_editor):
    Session = apps.get_model("meetings", "Session")
    for session in Session.objects.exclude(industry="").only("pk", "industry").iterator():
        Session.objects.filter(pk=session.pk).update(industries=[session.industry.strip()])


def list_to_industry(apps, schema_editor):
    Session = apps.get_model("meetings", "Session")
    for session in Session.objects.only("pk", "industries").iterator():
        if session.industries:
            first = str(session.industries[0])[:100]
            Session.objects.filter(pk=session.pk).update(industry=first)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_readable_admin_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="industries",
            field=models.JSONField(
                blank=True, default=list, help_text="For roundtables: the industries it is for."
            ),
        ),
        migrations.RunPython(industry_to_list, list_to_industry, elidable=False),
    ]
