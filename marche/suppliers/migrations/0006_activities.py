"""Activities: what a supplier does where. Every existing profile becomes one activity
with its sectors, kinds of service and perimeter (0007 then removes them from the profile)."""

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 1000


def profiles_to_activities(apps, schema_editor):
    Supplier = apps.get_model("suppliers", "Supplier")
    Activity = apps.get_model("suppliers", "Activity")
    relations = [
        (Supplier.sectors.through, Activity.sectors.through, "sector_id"),
        (Supplier.perimeter_departments.through, Activity.perimeter_departments.through, "department_id"),
        (Supplier.perimeter_regions.through, Activity.perimeter_regions.through, "region_id"),
    ]
    last = 0
    while True:
        rows = list(
            Supplier.objects.filter(pk__gt=last)
            .order_by("pk")
            .values("pk", "service_kinds", "perimeter_kind", "perimeter_radius_km")[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        ids = [row["pk"] for row in rows]
        activities = Activity.objects.bulk_create(
            [
                Activity(
                    supplier_id=row["pk"],
                    service_kinds=row["service_kinds"] or [],
                    perimeter_kind=row["perimeter_kind"],
                    perimeter_radius_km=row["perimeter_radius_km"],
                )
                for row in rows
            ]
        )
        activity_of = {a.supplier_id: a.pk for a in activities}
        for old, new, column in relations:
            pairs = old.objects.filter(supplier_id__in=ids).values_list("supplier_id", column)
            new.objects.bulk_create(
                [new(activity_id=activity_of[supplier_id], **{column: value}) for supplier_id, value in pairs]
            )


def activities_to_profiles(apps, schema_editor):
    """Back to one perimeter per profile: the first activity's, with every sector and service."""
    Supplier = apps.get_model("suppliers", "Supplier")
    Activity = apps.get_model("suppliers", "Activity")
    for supplier in Supplier.objects.all():
        activities = list(Activity.objects.filter(supplier_id=supplier.pk).order_by("pk"))
        if not activities:
            continue
        first = activities[0]
        supplier.perimeter_kind = first.perimeter_kind
        supplier.perimeter_radius_km = first.perimeter_radius_km
        supplier.service_kinds = sorted({code for a in activities for code in a.service_kinds})
        supplier.save(update_fields=["perimeter_kind", "perimeter_radius_km", "service_kinds"])
        supplier.sectors.set({s for a in activities for s in a.sectors.all()})
        supplier.perimeter_departments.set(first.perimeter_departments.all())
        supplier.perimeter_regions.set(first.perimeter_regions.all())


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0001_initial"),
        ("sectors", "0002_load_taxonomy"),
        ("suppliers", "0005_supplier_version"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.CreateModel(
            name="Activity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "service_kinds",
                    models.JSONField(
                        blank=True, default=list, help_text="DISP, PREST, BUILD", verbose_name="types de prestation"
                    ),
                ),
                (
                    "perimeter_kind",
                    models.CharField(
                        choices=[
                            ("radius", "Distance autour de l'adresse"),
                            ("communes", "Communes"),
                            ("departments", "Départements"),
                            ("regions", "Régions"),
                            ("national", "France entière"),
                        ],
                        default="radius",
                        max_length=12,
                        verbose_name="périmètre d'intervention",
                    ),
                ),
                ("perimeter_radius_km", models.PositiveIntegerField(blank=True, null=True, verbose_name="rayon (km)")),
            ],
            options={
                "verbose_name": "activité",
                "ordering": ["pk"],
            },
        ),
        migrations.AddField(
            model_name="activity",
            name="perimeter_communes",
            field=models.ManyToManyField(blank=True, related_name="+", to="geography.commune", verbose_name="communes"),
        ),
        migrations.AddField(
            model_name="activity",
            name="perimeter_departments",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="geography.department", verbose_name="départements"
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="perimeter_regions",
            field=models.ManyToManyField(blank=True, related_name="+", to="geography.region", verbose_name="régions"),
        ),
        migrations.AddField(
            model_name="activity",
            name="sectors",
            field=models.ManyToManyField(
                related_name="activities", to="sectors.sector", verbose_name="secteurs d'activité"
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="supplier",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="activities", to="suppliers.supplier"
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["perimeter_kind", "perimeter_radius_km"], name="activity_perimeter_idx"),
        ),
        migrations.RunPython(profiles_to_activities, activities_to_profiles),
    ]
