"""A file under media/ never runs as a page of the Marché: nosniff, and anything but a raster
image goes out as an opaque download, whatever its name says."""

import pytest

from .factories import image_file

pytestmark = pytest.mark.django_db

POLYGLOT = image_file().read() + b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def media_file(settings):
    def place(name: str, content: bytes) -> str:
        path = settings.MEDIA_ROOT / "original_images" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return f"/media/original_images/{name}"

    return place


@pytest.mark.parametrize("name", ["logo.html", "logo.htm", "logo.svg", "logo.xhtml", "logo.xml", "logo.js", "logo"])
def test_media_file_that_could_execute_is_sent_as_an_attachment_with_nosniff(client, media_file, name):
    url = media_file(name, POLYGLOT)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == POLYGLOT


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("logo.png", "image/png"), ("logo.PNG", "image/png"), ("logo.jpg", "image/jpeg"), ("logo.webp", "image/webp")],
)
def test_raster_image_in_media_is_shown_inline_with_its_type_and_nosniff(client, media_file, name, content_type):
    url = media_file(name, POLYGLOT)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'inline; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_is_served_safely_with_debug_off_too(client, media_file, settings):
    assert settings.DEBUG is False
    url = media_file("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")

    response = client.get(url)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "status"),
    [("/media/../marche/settings/base.py", 400), ("/media/%2e%2e/manage.py", 400), ("/media/nope.png", 404)],
)
def test_media_outside_the_folder_is_refused_and_a_missing_file_is_a_404(client, media_file, path, status):
    media_file("present.png", POLYGLOT)

    response = client.get(path)

    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "DJANGO_SETTINGS_MODULE" not in response.content.decode()


@pytest.mark.parametrize("path", ["/media/" + "a" * 300, "/media/" + "a/" * 3000 + "x.png", "/media/x%00.png"])
def test_media_name_the_file_system_cannot_hold_is_a_404_not_a_500(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["X-Content-Type-Options"] == "nosniff"
