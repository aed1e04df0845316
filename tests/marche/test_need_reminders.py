"""The automatic reminder of the daily command: at most one, to suppliers that have not
opened the mail, never after the deadline, never to one that answered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from marche.needs.models import Answer, Need, NeedRecipient, NotificationOptOut
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def green():
    return s.sector("espaces-verts-test")


def daily():
    call_command("needs_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_one_reminder_to_a_supplier_that_did_not_open_the_mail(green):
    need = s.need(sectors=[green])
    supplier = s.supplier(sectors=[green], email="late@exemple.fr")
    s.recipient(need, supplier, notified_days_ago=4)

    daily()
    daily()

    assert [m.to for m in mail.outbox] == [["late@exemple.fr"]]
    assert mail.outbox[0].subject.startswith("Rappel")
    assert NeedRecipient.objects.get(need=need).reminded_at is not None


def test_no_reminder_before_the_delay(green):
    need = s.need(sectors=[green])
    s.recipient(need, s.supplier(sectors=[green]), notified_days_ago=1)

    daily()

    assert mail.outbox == []


def test_no_reminder_to_one_that_opened_the_mail_or_saw_the_page(green):
    need = s.need(sectors=[green])
    s.recipient(need, s.supplier(sectors=[green]), notified_days_ago=4, mail_opened_at=timezone.now())
    s.recipient(need, s.supplier(sectors=[green]), notified_days_ago=4, seen_at=timezone.now())

    daily()

    assert mail.outbox == []


def test_no_reminder_to_one_that_answered(green):
    need = s.need(sectors=[green])
    s.recipient(
        need, s.supplier(sectors=[green]), notified_days_ago=4, answered_at=timezone.now(), answer=Answer.INTERESTED
    )

    daily()

    assert mail.outbox == []


def test_no_reminder_after_the_deadline(green):
    need = s.need(sectors=[green], deadline_days=-1)
    row = s.recipient(need, s.supplier(sectors=[green]), notified_days_ago=4)

    daily()

    assert [m for m in mail.outbox if "Rappel" in m.subject] == []
    row.refresh_from_db()
    assert row.reminded_at is None


def test_no_reminder_for_a_sector_turned_off(green):
    need = s.need(sectors=[green])
    supplier = s.supplier(sectors=[green])
    NotificationOptOut.objects.create(supplier=supplier, sector=green)
    s.recipient(need, supplier, notified_days_ago=4)

    daily()

    assert mail.outbox == []


def test_no_reminder_to_one_never_notified(green):
    need = s.need(sectors=[green])
    s.recipient(need, s.supplier(sectors=[green]), notified_days_ago=None)
    Need.objects.filter(pk=need.pk).update(notification_finished_at=timezone.now() - timedelta(days=4))

    daily()

    assert mail.outbox == []
