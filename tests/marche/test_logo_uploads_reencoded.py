"""Rules on logo uploads through the member's edit form: the server chooses the stored name
and extension from the detected format; the image is decoded and re-encoded (no metadata,
no appended bytes, longest side capped at 1 200 px); animated or truncated images are
refused in French, nothing stored, the rest of the edit kept; a replaced logo's files go."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from marche.suppliers.models import Supplier

from .factories import SupplierFactory, image_file, member_of
from .test_supplier_edit_permissions import form_data

pytestmark = pytest.mark.django_db

HTML = b"<html><script>alert(document.cookie)</script></html>"


def png_bytes(width=200, height=200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def post_logo(client, supplier, upload, **extra):
    client.force_login(member_of(supplier))
    return client.post(f"/tableau-de-bord/{supplier.slug}/", {**form_data(supplier, **extra), "logo_file": upload})


@pytest.mark.parametrize("client_name", ["x.html", "x.svg", "logo.png"])
def test_a_png_with_html_appended_is_stored_as_a_clean_png_whatever_its_name(client, client_name):
    supplier = SupplierFactory()

    response = post_logo(client, supplier, SimpleUploadedFile(client_name, png_bytes() + HTML, "text/html"))

    assert response.status_code == 302
    stored = Supplier.objects.get(pk=supplier.pk).logo.file
    assert re.fullmatch(r"original_images/logo-[0-9a-f]{32}\.png", stored.name)
    content = stored.open("rb").read()
    assert b"<html" not in content and b"script" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert (image.format, image.size) == ("PNG", (200, 200))


def test_a_large_logo_is_capped_at_1200_pixels_and_loses_its_metadata(client):
    supplier = SupplierFactory()
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "secret GPS description"
    Image.new("RGB", (2400, 1200), (200, 10, 10)).save(buffer, format="JPEG", exif=exif.tobytes())

    assert post_logo(client, supplier, SimpleUploadedFile("photo.jpeg", buffer.getvalue())).status_code == 302

    stored = Supplier.objects.get(pk=supplier.pk).logo.file
    assert stored.name.endswith(".jpg")
    with Image.open(stored.open("rb")) as image:
        assert image.size == (1200, 600)
        assert "exif" not in image.info and not image.getexif()


def animated_png() -> bytes:
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (200, 200), colour) for colour in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(buffer, format="PNG", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 64).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("anime.png", animated_png(), "Les logos animés ne sont pas acceptés"),
        ("coupe.jpg", truncated_jpeg(), "pas une image lisible"),
    ],
)
def test_an_animated_or_truncated_logo_is_refused_in_french_keeping_the_edit(client, name, payload, message):
    supplier = SupplierFactory()
    images_before = get_image_model().objects.count()

    response = post_logo(client, supplier, SimpleUploadedFile(name, payload), brand="Enseigne gardée")

    content = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in content
    assert 'value="Enseigne gardée"' in content
    after = Supplier.objects.get(pk=supplier.pk)
    assert (after.brand, after.logo_id, after.version) == ("", None, supplier.version)
    assert get_image_model().objects.count() == images_before


def test_a_replaced_logo_and_its_renditions_are_deleted(client, django_capture_on_commit_callbacks):
    supplier = SupplierFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_logo(client, supplier, image_file()).status_code == 302
    old = Supplier.objects.get(pk=supplier.pk).logo
    rendition = old.get_rendition("fill-100x100")
    storage = old.file.storage
    old_files = [old.file.name, rendition.file.name]
    assert [storage.exists(name) for name in old_files] == [True, True]

    supplier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_logo(client, supplier, image_file(width=300, height=300)).status_code == 302

    new = Supplier.objects.get(pk=supplier.pk).logo
    assert new.pk != old.pk and storage.exists(new.file.name)
    assert not get_image_model().objects.filter(pk=old.pk).exists()
    assert [name for name in old_files if storage.exists(name)] == []
