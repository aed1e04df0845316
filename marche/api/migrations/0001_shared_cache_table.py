from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Rate-limit counters and introspection results live in the database cache every web
    # process shares (CACHES in marche.settings): its table comes with the schema, so a
    # plain `migrate` is enough to deploy.
    from django.core.management import call_command

    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
