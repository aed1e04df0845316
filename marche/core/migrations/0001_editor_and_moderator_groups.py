from django.db import migrations

EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("sectors", "sector", "add_sector"),
    ("sectors", "sector", "change_sector"),
    ("sectors", "sector", "view_sector"),
    ("sectors", "sectorgroup", "add_sectorgroup"),
    ("sectors", "sectorgroup", "change_sectorgroup"),
    ("sectors", "sectorgroup", "view_sectorgroup"),
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
]  # fmt: skip
MODERATOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("suppliers", "supplier", "view_supplier"),
    ("suppliers", "supplier", "moderate_supplier"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the
    # groups can be filled in the same run on a fresh database.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    # Wagtail's own sample groups ("Editors", "Moderators") would sit confusingly beside ours.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    editors, _ = Group.objects.get_or_create(name="Éditeurs")
    editors.permissions.add(*[permission(app, code) for app, _, code in EDITOR_MODEL_PERMISSIONS])
    root = Page.objects.filter(depth=1).first()
    for code in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=permission("wagtailcore", code))
    collection = Collection.objects.filter(depth=1).first()
    for app, code in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=collection, permission=permission(app, code)
        )

    moderators, _ = Group.objects.get_or_create(name="Modérateurs")
    moderators.permissions.add(*[permission(app, code) for app, _, code in MODERATOR_MODEL_PERMISSIONS])


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Éditeurs", "Modérateurs"]).delete()


class Migration(migrations.Migration):
    """Editors run the content; moderators hide suppliers. Rights come from these groups."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("sectors", "0002_load_taxonomy"),
        ("suppliers", "0003_alter_supplier_options"),
    ]
    operations = [migrations.RunPython(create_groups, delete_groups)]
