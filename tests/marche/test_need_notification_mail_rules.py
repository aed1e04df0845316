"""Notification of matching suppliers when a need is validated: every mail rule."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marche.geography.models import Department, Region
from marche.needs import notifications
from marche.needs.models import Answer, NeedRecipient, NotificationOptOut, PlaceKind
from tests.marche import need_supplier_support as s

pytestmark = pytest.mark.django_db


def notify(need, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.need_validated(need_id=need.pk)


@pytest.fixture
def green():
    return s.sector("espaces-verts-test")


def test_matching_suppliers_get_one_mail_with_signed_link_and_opt_out(green, django_capture_on_commit_callbacks):
    match = s.supplier(sectors=[green], email="jardins@exemple.fr")
    other = s.supplier(sectors=[s.sector("batiment-test")])
    need = s.need(sectors=[green])

    notify(need, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["jardins@exemple.fr"]]
    body = mail.outbox[0].body
    row = NeedRecipient.objects.get(need=need)
    assert row.supplier == match and row.notified_at is not None
    assert f"/besoins/{need.uid}/lien/" in body
    assert "/besoins/notifications/" in body
    assert not NeedRecipient.objects.filter(supplier=other).exists()
    need.refresh_from_db()
    assert need.notification_started_at is not None
    assert need.notification_finished_at is not None


def test_certified_suppliers_are_mailed_first_in_batches(green, settings, django_capture_on_commit_callbacks):
    settings.NEEDS_NOTIFICATION_BATCH = 2
    plain = [s.supplier(sectors=[green], name=f"A plain {i}", email=f"plain{i}@exemple.fr") for i in range(2)]
    certified = [
        s.supplier(sectors=[green], name=f"Z certified {i}", email=f"cert{i}@exemple.fr", certified=True)
        for i in range(2)
    ]
    need = s.need(sectors=[green])

    notify(need, django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mail.outbox] == [
        "cert0@exemple.fr",
        "cert1@exemple.fr",
        "plain0@exemple.fr",
        "plain1@exemple.fr",
    ]
    assert NeedRecipient.objects.filter(need=need, notified_at__isnull=False).count() == len(plain + certified)


def test_validating_twice_never_mails_twice(green, django_capture_on_commit_callbacks):
    s.supplier(sectors=[green])
    need = s.need(sectors=[green])

    notify(need, django_capture_on_commit_callbacks)
    notify(need, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert NeedRecipient.objects.filter(need=need).count() == 1


def test_no_mail_after_the_deadline(green, django_capture_on_commit_callbacks):
    s.supplier(sectors=[green])
    need = s.need(sectors=[green], deadline_days=-1)

    notify(need, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not NeedRecipient.objects.filter(need=need).exists()


def test_deadline_passed_between_batches_stops_sending(green, settings, django_capture_on_commit_callbacks):
    s.supplier(sectors=[green])
    need = s.need(sectors=[green])
    notifications.select_recipients(need)
    need.deadline = timezone.localdate() - timedelta(days=1)
    need.save()

    assert notifications.send_batch(need_id=need.pk) is False
    assert mail.outbox == []
    assert NeedRecipient.objects.get(need=need).notified_at is None


def test_no_mail_for_a_sector_the_supplier_turned_off(green, django_capture_on_commit_callbacks):
    off = s.supplier(sectors=[green], email="off@exemple.fr")
    NotificationOptOut.objects.create(supplier=off, sector=green)
    on = s.supplier(sectors=[green], email="on@exemple.fr")
    need = s.need(sectors=[green])

    notify(need, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["on@exemple.fr"]]
    assert list(NeedRecipient.objects.filter(need=need).values_list("supplier", flat=True)) == [on.pk]


def test_turned_off_sector_still_mails_for_another_sector_of_the_need(green, django_capture_on_commit_callbacks):
    cleaning = s.sector("nettoyage-test")
    both = s.supplier(sectors=[green, cleaning], email="both@exemple.fr")
    NotificationOptOut.objects.create(supplier=both, sector=green)
    need = s.need(sectors=[green, cleaning])

    notify(need, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["both@exemple.fr"]]


def test_turning_off_after_matching_but_before_the_batch_prevents_the_mail(green):
    supplier = s.supplier(sectors=[green])
    need = s.need(sectors=[green])
    notifications.select_recipients(need)
    NotificationOptOut.objects.create(supplier=supplier, sector=green)

    notifications.send_batch(need_id=need.pk)

    assert mail.outbox == []
    assert not NeedRecipient.objects.filter(need=need).exists()


def test_no_mail_to_a_supplier_that_already_answered(green):
    supplier = s.supplier(sectors=[green])
    need = s.need(sectors=[green])
    s.recipient(need, supplier, notified_days_ago=None, answered_at=timezone.now(), answer=Answer.NOT_INTERESTED)

    notifications.send_batch(need_id=need.pk)

    assert mail.outbox == []
    assert NeedRecipient.objects.get(need=need).notified_at is None


def test_sending_stops_once_the_interested_limit_is_reached(green, settings, django_capture_on_commit_callbacks):
    settings.NEEDS_INTERESTED_LIMIT = 1
    settings.NEEDS_NOTIFICATION_BATCH = 1
    first = s.supplier(sectors=[green], name="A", certified=True)
    s.supplier(sectors=[green], name="B")
    need = s.need(sectors=[green])
    notifications.select_recipients(need)
    assert notifications.send_batch(need_id=need.pk) is True
    NeedRecipient.objects.filter(need=need, supplier=first).update(answer=Answer.INTERESTED, answered_at=timezone.now())

    assert notifications.send_batch(need_id=need.pk) is False

    assert len(mail.outbox) == 1
    assert NeedRecipient.objects.filter(need=need, notified_at__isnull=True).count() == 1
    need.refresh_from_db()
    assert need.notification_finished_at is not None


def test_hidden_or_inactive_suppliers_are_not_mailed(green, django_capture_on_commit_callbacks):
    s.supplier(sectors=[green], hidden_at=timezone.now())
    s.supplier(sectors=[green], is_active=False)
    need = s.need(sectors=[green])

    notify(need, django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_department_need_reaches_suppliers_serving_the_department_only(green, django_capture_on_commit_callbacks):
    region = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    rhone = Department.objects.create(code="69", name="Rhône", region=region)
    Department.objects.create(code="01", name="Ain", region=region)
    serving = s.supplier(sectors=[green], perimeter_kind="departments", email="rhone@exemple.fr")
    s.activity_of(serving).perimeter_departments.set(["69"])
    elsewhere = s.supplier(sectors=[green], perimeter_kind="departments", email="ain@exemple.fr")
    s.activity_of(elsewhere).perimeter_departments.set(["01"])
    need = s.need(sectors=[green], place_kind=PlaceKind.DEPARTMENTS)
    need.departments.set([rhone])

    notify(need, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["rhone@exemple.fr"]]


def test_supplier_without_contact_address_is_mailed_at_its_members(green, django_capture_on_commit_callbacks):
    supplier = s.supplier(sectors=[green], email="")
    member = s.member_of(supplier, email="membre@exemple.fr")
    s.UserFactory(
        email="autre@exemple.fr",
        organizations=[{"id": str(supplier.organization_id), "kind": "BUYER", "is_active": True}],
    )
    need = s.need(sectors=[green])

    notify(need, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[member.email]]
