from django.db import migrations

GROUP = "Besoins"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("needs", "need", "moderate_need"),
    ("needs", "need", "view_need"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the
    # group can be filled in the same run on a fresh database.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=code)
            for app, model, code in PERMISSIONS
        ]
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    """Editors of the "Besoins" group validate, send back or refuse needs in the Wagtail admin."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("marche_core", "0001_editor_and_moderator_groups"),
        ("needs", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_group, delete_group)]
