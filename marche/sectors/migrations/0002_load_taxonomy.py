from django.db import migrations


def load(apps, schema_editor):
    from marche.sectors.taxonomy import load_sectors

    load_sectors(apps.get_model("sectors", "SectorGroup"), apps.get_model("sectors", "Sector"))


class Migration(migrations.Migration):
    """The Marché's 20 sector groups and 154 sectors; editors may edit them afterwards."""

    dependencies = [("sectors", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
