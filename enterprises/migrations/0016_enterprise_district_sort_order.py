"""Enterprise.district_sort_order, a copy of its district's sort_order, and the index the enterprise list's page reads
in order (tenant, district_sort_order, name, id). The copy is filled with one UPDATE … SET = (SELECT …) before the
index is built (SQLite and PostgreSQL alike)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_district_sort_order(apps, schema_editor):
    Enterprise = apps.get_model("enterprises", "Enterprise")
    MemberUnit = apps.get_model("campaign", "MemberUnit")
    Enterprise.objects.update(
        district_sort_order=Subquery(MemberUnit.objects.filter(pk=OuterRef("district_id")).values("sort_order")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("campaign", "0004_campaign_reopened"),
        ("enterprises", "0015_complaint_outcome"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="district_sort_order",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(copy_district_sort_order, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["tenant", "district_sort_order", "name", "id"], name="enterprise_tenant_list_order"
            ),
        ),
    ]
