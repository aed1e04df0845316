from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from marche.suppliers import services
from marche.suppliers.certification import certification_checklist, description_word_count

from .factories import SupplierFactory, image_file, words

pytestmark = pytest.mark.django_db


def complete(**extra):
    supplier = SupplierFactory(description=words(100), **extra)
    services.set_logo(supplier, image_file())
    return supplier


def test_profile_is_certified_with_valid_convention_detailed_description_and_logo():
    assert complete().certified


def test_certification_is_never_typed_in_but_recomputed_on_save():
    supplier = complete()
    supplier.description = words(10)

    services.save_profile(supplier)

    assert not supplier.certified


def test_words_of_markup_do_not_count_in_the_description():
    assert description_word_count('<p class="x">un <strong>deux</strong></p><ul><li>trois</li></ul>') == 3


def test_detailed_enough_is_a_setting(settings):
    settings.CERTIFICATION_MIN_DESCRIPTION_WORDS = 20
    supplier = SupplierFactory(description=words(25))
    services.set_logo(supplier, image_file())

    assert supplier.certified


def test_expired_convention_is_not_certified_and_the_daily_refresh_catches_it():
    supplier = complete(convention_end_date=date.today() + timedelta(days=1))
    assert supplier.certified

    out = StringIO()
    call_command("refresh_certifications", stdout=out)
    assert "0 fiche(s)" in out.getvalue()
    changed = services.refresh_all_certifications(today=date.today() + timedelta(days=2))

    supplier.refresh_from_db()
    assert changed == 1 and not supplier.certified


def test_checklist_says_what_is_missing_and_how_to_fix_it():
    supplier = SupplierFactory(description=words(12), convention_end_date=None)

    checklist = {item.code: item for item in certification_checklist(supplier)}

    assert not checklist["convention"].done and "ASP" in checklist["convention"].help
    assert not checklist["description"].done and "12 mot(s)" in checklist["description"].help
    assert not checklist["logo"].done and "PNG, JPEG ou WebP" in checklist["logo"].help
