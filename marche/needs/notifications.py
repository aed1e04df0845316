"""Telling matching suppliers about a validated need (owned by the suppliers'-side work).

``need_validated`` is what the editors' validation calls, explicitly, once the need is
validated: it is the one entry point of matching and notification.

The mail rules, each enforced here and nowhere else:
- one ``NeedRecipient`` row per (need, supplier) (a unique constraint) and a mail only when
  its ``notified_at`` is claimed by a conditional UPDATE: never twice for the same need;
- never after the deadline (``access.is_open``), never to a supplier that answered, never
  for a sector the supplier turned off (checked when matching and again when sending);
- the first notification stops once ``NEEDS_INTERESTED_LIMIT`` suppliers said interested;
- certified suppliers first (the order of ``suppliers_for_need``), in batches of
  ``NEEDS_NOTIFICATION_BATCH`` sent by the task worker.

Mails go to the supplier's public contact address (``Supplier.contact_email``), the one
its members keep up to date on the profile; a profile without one is written to at the
addresses of its members known to the Marché (people who signed in through its organisation).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from marche.suppliers import selectors as supplier_selectors
from marche.suppliers.matching import suppliers_for_need
from marche.suppliers.models import Supplier

from . import access
from .models import Answer, Need, NeedRecipient, NeedStatus, NotificationOptOut, PlaceKind

logger = logging.getLogger(__name__)

MAIL_LINK_SALT = "marche.needs.mail-link"
OPT_OUT_SALT = "marche.needs.opt-out"

# Kinds of mail sent to a supplier about a need (the template and the timestamp they set).
FIRST = "first"
REMINDER = "reminder"
RELAUNCH = "relaunch"
STAMPS = {FIRST: "notified_at", REMINDER: "reminded_at", RELAUNCH: "relaunched_at"}
SUBJECTS = {
    FIRST: "Nouveau besoin d'achat : {title}",
    REMINDER: "Rappel — besoin d'achat : {title}",
    RELAUNCH: "L'acheteur vous relance — besoin d'achat : {title}",
}


# ---------------------------------------------------------------------------- matching


def matching_arguments(need: Need) -> dict:
    """The need's place as ``suppliers_for_need`` takes it."""
    from marche.search.selectors import place

    arguments = {"places": [], "departments": [], "regions": [], "national": False}
    if need.place_kind == PlaceKind.NATIONAL:
        arguments["national"] = True
    elif need.place_kind == PlaceKind.COMMUNES:
        arguments["places"] = [p for insee in need.communes.values_list("insee", flat=True) if (p := place(insee))]
    elif need.place_kind == PlaceKind.DEPARTMENTS:
        arguments["departments"] = list(need.departments.values_list("pk", flat=True))
    elif need.place_kind == PlaceKind.REGIONS:
        arguments["regions"] = list(need.regions.values_list("pk", flat=True))
    return arguments


def reachable_supplier_ids(need: Need, among=None) -> set[int]:
    """Suppliers the need may be sent to: matching one of its sectors (through the one
    matching entry point) for which they did not turn notifications off.

    Matched sector by sector so that a supplier that turned off sector A but also matches
    the need through sector B still hears of it."""
    arguments = matching_arguments(need)
    reachable: set[int] = set()
    for sector_id in need.sectors.values_list("pk", flat=True):
        matched = suppliers_for_need(sector_ids=[sector_id], **arguments).exclude(
            Exists(NotificationOptOut.objects.filter(supplier=OuterRef("pk"), sector_id=sector_id))
        )
        if among is not None:
            matched = matched.filter(pk__in=list(among))
        reachable.update(matched.values_list("pk", flat=True))
    return reachable


def select_recipients(need: Need) -> int:
    """Create the recipient rows of a validated need (idempotent: the unique (need,
    supplier) row is never created twice). Returns how many rows were created."""
    reachable = reachable_supplier_ids(need)
    already = set(need.recipients.values_list("supplier_id", flat=True))
    rows = [NeedRecipient(need=need, supplier_id=pk) for pk in sorted(reachable - already)]
    NeedRecipient.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def need_validated(*, need_id: int) -> None:
    """Select the matching suppliers and notify them in batches: all of it in the task
    worker, so the editor's validation returns at once whatever the number of suppliers."""
    from .tasks import notify_need

    transaction.on_commit(lambda: notify_need.enqueue(need_id=need_id))


def start_notification(*, need_id: int) -> bool:
    """The worker's first step: the recipient rows, then the batches. Returns True when
    there is something to send."""
    need = Need.objects.filter(pk=need_id, status=NeedStatus.VALIDATED).first()
    if need is None or not access.is_open(need):
        return False
    select_recipients(need)
    Need.objects.filter(pk=need.pk, notification_started_at__isnull=True).update(notification_started_at=timezone.now())
    return True


# ---------------------------------------------------------------------------- links


def mail_link_token(recipient: NeedRecipient) -> str:
    return signing.dumps({"r": recipient.pk, "n": str(recipient.need.uid)}, salt=MAIL_LINK_SALT, compress=True)


def recipient_from_mail_token(token: str, need_uid) -> NeedRecipient | None:
    try:
        data = signing.loads(token, salt=MAIL_LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("n") != str(need_uid):
        return None
    return NeedRecipient.objects.select_related("need", "supplier").filter(pk=data.get("r"), need__uid=need_uid).first()


def opt_out_token(supplier: Supplier, need: Need) -> str:
    return signing.dumps({"s": supplier.pk, "n": need.pk}, salt=OPT_OUT_SALT, compress=True)


def opt_out_from_token(token: str) -> tuple[Supplier, Need] | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    supplier = Supplier.objects.filter(pk=data.get("s")).first()
    need = Need.objects.filter(pk=data.get("n")).first()
    if supplier is None or need is None:
        return None
    return supplier, need


def _absolute(path: str) -> str:
    return f"{settings.MARCHE_URL}{path}"


# ---------------------------------------------------------------------------- sending


def supplier_addresses(supplier: Supplier) -> list[str]:
    """The contact address of the profile or, without one, its members known to the Marché."""
    if supplier.contact_email:
        return [supplier.contact_email]
    return sorted({user.email for user in supplier_selectors.members(supplier) if user.email})


def _send(recipient: NeedRecipient, kind: str) -> bool:
    need, supplier = recipient.need, recipient.supplier
    addresses = supplier_addresses(supplier)
    if not addresses:
        logger.info("No address for supplier %s: need %s not mailed", supplier.pk, need.pk)
        return False
    context = {
        "need": need,
        "supplier": supplier,
        "kind": kind,
        "buyer_name": need.organization_name if need.show_buyer_name else "",
        "sectors": ", ".join(need.sectors.order_by("label").values_list("label", flat=True)),
        "url": _absolute(reverse("needs_supplier:mail_link", args=[need.uid, mail_link_token(recipient)])),
        "opt_out_url": _absolute(reverse("needs_supplier:opt_out", args=[opt_out_token(supplier, need)])),
        "site_url": settings.MARCHE_URL,
    }
    body = render_to_string("marche/needs/supplier_mail.txt", context)
    subject = SUBJECTS[kind].format(title=need.title)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    message.extra_headers["List-Unsubscribe"] = f"<{context['opt_out_url']}>"
    message.send()
    return True


def _claim(recipient_id: int, kind: str, extra: Q | None = None) -> bool:
    """Conditionally stamp the step before sending: the row is claimed once, so two workers
    (or a retried batch) never send the same mail twice. At most once, by design: a mail
    lost by the SMTP server is not resent."""
    stamp = STAMPS[kind]
    condition = Q(pk=recipient_id, answered_at__isnull=True, **{f"{stamp}__isnull": True})
    if kind == RELAUNCH:
        # A relaunch may follow an earlier one: it is the need's 48 h that limits it.
        condition = Q(pk=recipient_id, answered_at__isnull=True)
    if extra is not None:
        condition &= extra
    return NeedRecipient.objects.filter(condition).update(**{stamp: timezone.now()}) == 1


def interested_count(need: Need) -> int:
    return need.recipients.filter(answer=Answer.INTERESTED).count()


def limit_reached(need: Need) -> bool:
    return interested_count(need) >= settings.NEEDS_INTERESTED_LIMIT


def send_batch(*, need_id: int) -> bool:
    """Send the next batch of first notifications. Returns True when more remain (the
    caller enqueues the next batch); stamps the need finished otherwise."""
    need = Need.objects.filter(pk=need_id).first()
    if need is None:
        return False
    finished = not access.is_open(need) or limit_reached(need)
    if not finished:
        pending = list(
            need.recipients.filter(notified_at__isnull=True, answered_at__isnull=True)
            .select_related("supplier", "need")
            .order_by("-supplier__certified", "supplier__name", "pk")[: settings.NEEDS_NOTIFICATION_BATCH]
        )
        allowed = reachable_supplier_ids(need, among=[r.supplier_id for r in pending]) if pending else set()
        # Turned that sector off (or no longer matching) since it was selected: the row goes,
        # untouched, so the supplier neither gets the mail nor finds the need on its dashboard.
        need.recipients.filter(
            pk__in=[r.pk for r in pending if r.supplier_id not in allowed],
            notified_at__isnull=True,
            seen_at__isnull=True,
            answered_at__isnull=True,
        ).delete()
        for recipient in pending:
            if recipient.supplier_id in allowed and _claim(recipient.pk, FIRST):
                _send(recipient, FIRST)
        remaining = need.recipients.filter(notified_at__isnull=True, answered_at__isnull=True)
        finished = not pending or not remaining.exists()
    if finished:
        Need.objects.filter(pk=need.pk, notification_finished_at__isnull=True).update(
            notification_finished_at=timezone.now()
        )
        return False
    return True


def send_reminders(*, now=None) -> int:
    """At most one automatic reminder to suppliers that have not opened the mail (nor seen
    the page, nor answered), ``NEEDS_REMINDER_AFTER_DAYS`` after the notification, while
    the need is open and the interested limit not reached. Idempotent (``reminded_at``)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    after = timedelta(days=settings.NEEDS_REMINDER_AFTER_DAYS)
    sent = 0
    for need in Need.objects.open(today).filter(recipients__reminded_at__isnull=True).distinct():
        if limit_reached(need):
            continue
        due = list(
            need.recipients.filter(
                notified_at__lte=now - after,
                mail_opened_at__isnull=True,
                seen_at__isnull=True,
                answered_at__isnull=True,
                reminded_at__isnull=True,
            ).select_related("supplier", "need")
        )
        allowed = reachable_supplier_ids(need, among=[r.supplier_id for r in due]) if due else set()
        for recipient in due:
            if recipient.supplier_id in allowed and _claim(
                recipient.pk, REMINDER, Q(mail_opened_at__isnull=True, seen_at__isnull=True)
            ):
                sent += _send(recipient, REMINDER)
    return sent


def send_relaunch(*, need_id: int) -> int:
    """The buyer's relaunch (already allowed by ``funnel.relaunch``): to every notified
    supplier that has not answered, while the need is open, sectors turned off excepted."""
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not access.is_open(need):
        return 0
    targets = list(
        need.recipients.filter(notified_at__isnull=False, answered_at__isnull=True).select_related("supplier", "need")
    )
    allowed = reachable_supplier_ids(need, among=[r.supplier_id for r in targets]) if targets else set()
    sent = 0
    for recipient in targets:
        if recipient.supplier_id in allowed and _claim(recipient.pk, RELAUNCH):
            sent += _send(recipient, RELAUNCH)
    return sent
