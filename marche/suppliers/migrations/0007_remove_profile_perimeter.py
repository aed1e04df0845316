"""One home: sectors, kinds of service and the perimeter now live on activities (0006)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0006_activities")]

    operations = [
        migrations.RemoveIndex(
            model_name="supplier",
            name="supplier_perimeter_idx",
        ),
        migrations.RemoveField(
            model_name="supplier",
            name="perimeter_departments",
        ),
        migrations.RemoveField(
            model_name="supplier",
            name="perimeter_kind",
        ),
        migrations.RemoveField(
            model_name="supplier",
            name="perimeter_radius_km",
        ),
        migrations.RemoveField(
            model_name="supplier",
            name="perimeter_regions",
        ),
        migrations.RemoveField(
            model_name="supplier",
            name="sectors",
        ),
        migrations.RemoveField(
            model_name="supplier",
            name="service_kinds",
        ),
        migrations.AddIndex(
            model_name="supplier",
            index=models.Index(fields=["latitude", "longitude"], name="supplier_location_idx"),
        ),
    ]
