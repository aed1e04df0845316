import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marche.suppliers.logos import validate_logo

from .factories import image_file


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_png_jpeg_and_webp_logos_are_accepted(fmt):
    assert validate_logo(image_file(fmt=fmt)) == fmt


def test_svg_is_refused_with_a_clear_message():
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"/>')

    with pytest.raises(ValidationError, match="SVG n'est pas accepté"):
        validate_logo(svg)


def test_other_image_formats_are_refused():
    with pytest.raises(ValidationError, match="Format GIF non accepté"):
        validate_logo(image_file(fmt="GIF"))


def test_a_logo_smaller_than_100_pixels_is_refused():
    with pytest.raises(ValidationError, match="99×200 pixels"):
        validate_logo(image_file(width=99, height=200))


def test_a_logo_over_2_mb_is_refused(settings):
    settings.LOGO_MAX_BYTES = 100

    with pytest.raises(ValidationError, match="maximum"):
        validate_logo(image_file(width=300, height=300, fmt="PNG"))


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(ValidationError, match="pas une image lisible"):
        validate_logo(SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\nceci n'est pas une image"))


def test_a_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, format="PNG")  # 100 Mpx, a few kB on disk

    with pytest.raises(ValidationError, match="anormalement grande"):
        validate_logo(SimpleUploadedFile("bombe.png", buffer.getvalue()))
