"""Writes of needs, buyer side and editors: the draft saved at each step of the form, the
attachments, the submission, and the editors' decisions.

Every write names the version it was based on (optimistic locking on ``Need.version``,
claimed by one conditional UPDATE so two concurrent writes cannot both win) and checks
who writes through ``access``: a refused write changes nothing. Mails to the buyer and
the notification of suppliers run after commit, called explicitly here.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector

from . import access, attachments, notifications
from .models import AmountRange, Need, NeedAttachment, NeedKind, NeedStatus, PlaceKind

MAX_QUESTIONS = 10
MAX_QUESTION_LENGTH = 500
MAX_TITLE_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 20_000
STEPS = ("type", "secteurs", "lieu", "details", "pieces-jointes", "verification")


class NeedError(Exception):
    """A write refused for a reason the person can act on (French message)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class NotAllowed(NeedError):
    pass


class StaleNeed(NeedError):
    """The need changed since the page was shown: nothing was written."""

    def __init__(self, current: Need, message: str | None = None):
        self.current = current
        super().__init__(
            message
            or "Ce besoin a été modifié (dans un autre onglet ou par un collègue) pendant que vous le modifiiez : "
            "votre enregistrement n'a pas été fait, pour ne pas effacer ces changements. Votre saisie est "
            "conservée ci-dessous : vérifiez-la puis enregistrez à nouveau."
        )


# ---------------------------------------------------------------- buyer's draft


def _editable(user, need_id: int) -> Need:
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not access.follows(user, need):
        raise NotAllowed("Ce besoin n'existe pas ou n'appartient pas à votre organisation.")
    if not access.can_edit(user, need):
        if need.status in access.EDITABLE_STATUSES:
            raise NotAllowed(
                "Votre organisation d'achat n'est pas (ou plus) vérifiée : ce besoin ne peut pas être modifié. "
                "Voyez ce qu'il faut faire depuis votre organisation sur Compte inclusion."
            )
        raise NotAllowed(f"Ce besoin est « {need.get_status_display()} » : il ne se modifie plus.")
    return need


def _claim(user, need_id: int, expected_version: int, step: int | None = None) -> Need:
    """Check the right to edit, then claim the version (or raise StaleNeed); returns the
    need as saved, with its new version."""
    _editable(user, need_id)
    changes = {"version": F("version") + 1, "updated_at": timezone.now()}
    claimed = Need.objects.filter(pk=need_id, version=expected_version, status__in=access.EDITABLE_STATUSES).update(
        **changes
    )
    need = Need.objects.get(pk=need_id)
    if not claimed:
        raise StaleNeed(need)
    if step is not None and need.step < step:
        need.step = step
        need.save(update_fields=["step"])
    return need


def _clean_text(value: str, *, label: str, max_length: int, required: bool) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError(f"Indiquez {label}.")
    if len(value) > max_length:
        raise ValidationError(f"{label.capitalize()} : {max_length} caractères au plus ({len(value)} saisis).")
    return value


def check_deadline(deadline: date | None, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if deadline is not None and deadline < today:
        raise ValidationError(
            f"La date limite de réponse ({deadline:%d/%m/%Y}) est passée : choisissez aujourd'hui ou une date à venir."
        )


@transaction.atomic
def create_draft(*, user, organization_id: str, kind: str, title: str) -> Need:
    """Step 1: a new draft in the name of one of the person's verified buyer organisations."""
    organization = next(
        (o for o in access.verified_buyer_organizations(user) if str(o.get("id")) == str(organization_id)), None
    )
    if organization is None:
        raise NotAllowed(
            "Seuls les membres d'une organisation d'achat vérifiée déposent un besoin : "
            "rattachez-vous à votre organisation sur Compte inclusion."
        )
    if kind not in NeedKind.values:
        raise ValidationError("Choisissez le type de besoin.")
    title = _clean_text(title, label="le titre du besoin", max_length=MAX_TITLE_LENGTH, required=True)
    return Need.objects.create(
        organization_id=organization["id"],
        organization_name=str(organization.get("name") or "")[:255],
        author=user,
        kind=kind,
        title=title,
        step=1,
    )


@transaction.atomic
def save_basics(*, user, need_id: int, expected_version: int, kind: str, title: str) -> Need:
    if kind not in NeedKind.values:
        raise ValidationError("Choisissez le type de besoin.")
    title = _clean_text(title, label="le titre du besoin", max_length=MAX_TITLE_LENGTH, required=True)
    need = _claim(user, need_id, expected_version, step=1)
    need.kind, need.title = kind, title
    need.save(update_fields=["kind", "title"])
    return need


@transaction.atomic
def save_sectors(*, user, need_id: int, expected_version: int, sector_ids: list[int]) -> Need:
    sectors = list(Sector.objects.filter(pk__in=sector_ids))
    if not sectors:
        raise ValidationError("Choisissez au moins un secteur d'activité (ou un groupe entier).")
    need = _claim(user, need_id, expected_version, step=2)
    need.sectors.set(sectors)
    return need


def check_place(place_kind: str, communes, departments, regions) -> None:
    if place_kind not in PlaceKind.values:
        raise ValidationError("Choisissez où le besoin est à satisfaire.")
    chosen = {PlaceKind.COMMUNES: communes, PlaceKind.DEPARTMENTS: departments, PlaceKind.REGIONS: regions}
    if place_kind != PlaceKind.NATIONAL and not chosen[place_kind]:
        what = {
            PlaceKind.COMMUNES: "au moins une commune",
            PlaceKind.DEPARTMENTS: "au moins un département",
            PlaceKind.REGIONS: "au moins une région",
        }[place_kind]
        raise ValidationError(f"Choisissez {what}, ou un autre type de lieu.")


@transaction.atomic
def save_place(
    *,
    user,
    need_id: int,
    expected_version: int,
    place_kind: str,
    commune_ids: list[str] = (),
    department_codes: list[str] = (),
    region_codes: list[str] = (),
) -> Need:
    """Step 3. Only the list of the chosen kind is kept (the others are emptied)."""
    communes = list(Commune.objects.filter(pk__in=list(commune_ids))) if place_kind == PlaceKind.COMMUNES else []
    departments = (
        list(Department.objects.filter(pk__in=list(department_codes))) if place_kind == PlaceKind.DEPARTMENTS else []
    )
    regions = list(Region.objects.filter(pk__in=list(region_codes))) if place_kind == PlaceKind.REGIONS else []
    check_place(place_kind, communes, departments, regions)
    need = _claim(user, need_id, expected_version, step=3)
    need.place_kind = place_kind
    need.save(update_fields=["place_kind"])
    need.communes.set(communes)
    need.departments.set(departments)
    need.regions.set(regions)
    return need


def clean_questions(questions: list[str]) -> list[str]:
    cleaned = [q.replace("\x00", "").strip() for q in questions]
    cleaned = [q for q in cleaned if q]
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError(f"{MAX_QUESTIONS} questions au plus ({len(cleaned)} saisies).")
    for question in cleaned:
        if len(question) > MAX_QUESTION_LENGTH:
            raise ValidationError(f"Une question fait {len(question)} caractères : {MAX_QUESTION_LENGTH} au plus.")
    return cleaned


@transaction.atomic
def save_details(
    *,
    user,
    need_id: int,
    expected_version: int,
    description: str,
    amount_range: str,
    deadline: date,
    expected_start: date | None,
    questions: list[str],
    show_buyer_name: bool,
) -> Need:
    description = _clean_text(
        description, label="la description du besoin", max_length=MAX_DESCRIPTION_LENGTH, required=True
    )
    if amount_range not in AmountRange.values:
        raise ValidationError("Choisissez une fourchette de montant.")
    if deadline is None:
        raise ValidationError("Indiquez la date limite de réponse.")
    check_deadline(deadline)
    if expected_start is not None and expected_start < deadline:
        raise ValidationError("Le début de la prestation ne peut pas précéder la date limite de réponse.")
    questions = clean_questions(questions)
    need = _claim(user, need_id, expected_version, step=4)
    need.description, need.amount_range = description, amount_range
    need.deadline, need.expected_start = deadline, expected_start
    need.questions, need.show_buyer_name = questions, bool(show_buyer_name)
    need.save(
        update_fields=["description", "amount_range", "deadline", "expected_start", "questions", "show_buyer_name"]
    )
    return need


@transaction.atomic
def add_attachment(*, user, need_id: int, expected_version: int, uploaded) -> NeedAttachment:
    """Check the file by its content and size (attachments.check), then store it privately
    under a server-chosen name; the original name is only kept to be shown."""
    found = attachments.check(uploaded)
    need = _claim(user, need_id, expected_version, step=5)
    if need.attachments.count() >= attachments.MAX_ATTACHMENTS:
        raise ValidationError(f"{attachments.MAX_ATTACHMENTS} pièces jointes au plus : retirez-en une d'abord.")
    attachment = NeedAttachment(
        need=need,
        original_name=attachments.display_name(uploaded.name),
        content_type=found.content_type,
        size=uploaded.size,
    )
    uploaded.seek(0)
    attachment.file.save("upload", uploaded, save=False)
    try:
        attachment.save()
    except Exception:
        # The row was not written: the file must not stay behind.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def mark_step(*, user, need_id: int, expected_version: int, step: int) -> Need:
    """A step with nothing to save (no attachment): the draft resumes after it."""
    return _claim(user, need_id, expected_version, step=step)


@transaction.atomic
def remove_attachment(*, user, need_id: int, expected_version: int, attachment_uid) -> Need:
    try:
        attachment_uid = uuid.UUID(str(attachment_uid))
    except ValueError:
        attachment_uid = None
    need = _claim(user, need_id, expected_version, step=None)
    attachment = need.attachments.filter(uid=attachment_uid).first() if attachment_uid else None
    if attachment is None:
        raise NotAllowed("Cette pièce jointe n'existe pas ou a déjà été retirée.")
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return need


def missing_for_submission(need: Need) -> list[str]:
    """What the buyer still has to give before submitting (empty when complete)."""
    missing = []
    if not need.kind:
        missing.append("le type de besoin")
    if not need.title:
        missing.append("le titre")
    if not need.sectors.exists():
        missing.append("au moins un secteur d'activité")
    if not has_place(need):
        missing.append("le lieu")
    if not need.description:
        missing.append("la description")
    if need.deadline is None:
        missing.append("la date limite de réponse")
    return missing


def has_place(need: Need) -> bool:
    if need.place_kind == PlaceKind.NATIONAL:
        return True
    related = {
        PlaceKind.COMMUNES: need.communes,
        PlaceKind.DEPARTMENTS: need.departments,
        PlaceKind.REGIONS: need.regions,
    }.get(need.place_kind)
    return related is not None and related.exists()


@transaction.atomic
def widen_place(*, user, need_id: int, expected_version: int, to: str) -> Need:
    """From the review step: the departments (or regions) of the places chosen, or France."""
    need = _editable(user, need_id)
    if to == PlaceKind.NATIONAL:
        return save_place(user=user, need_id=need_id, expected_version=expected_version, place_kind=to)
    departments = set(need.departments.values_list("code", flat=True))
    departments |= set(need.communes.values_list("department_id", flat=True))
    if to == PlaceKind.DEPARTMENTS:
        return save_place(
            user=user, need_id=need_id, expected_version=expected_version, place_kind=to, department_codes=departments
        )
    if to == PlaceKind.REGIONS:
        regions = set(need.regions.values_list("code", flat=True))
        regions |= set(Department.objects.filter(code__in=departments).values_list("region_id", flat=True))
        return save_place(
            user=user, need_id=need_id, expected_version=expected_version, place_kind=to, region_codes=regions
        )
    raise ValidationError("Élargissement inconnu.")


@transaction.atomic
def widen_sectors(*, user, need_id: int, expected_version: int) -> Need:
    """From the review step: every sector of the groups of the sectors chosen."""
    need = _editable(user, need_id)
    groups = need.sectors.values_list("group_id", flat=True)
    ids = list(Sector.objects.filter(group_id__in=list(groups)).values_list("pk", flat=True))
    return save_sectors(user=user, need_id=need_id, expected_version=expected_version, sector_ids=ids)


@transaction.atomic
def submit(*, user, need_id: int, expected_version: int) -> Need:
    """The buyer sends the need to the editors (first time, or after changes were asked)."""
    need = _editable(user, need_id)
    missing = missing_for_submission(need)
    if missing:
        raise ValidationError("Avant d'envoyer le besoin, complétez : " + ", ".join(missing) + ".")
    check_deadline(need.deadline)
    now = timezone.now()
    claimed = Need.objects.filter(pk=need_id, version=expected_version, status__in=access.EDITABLE_STATUSES).update(
        version=F("version") + 1, status=NeedStatus.SUBMITTED, submitted_at=now, step=len(STEPS), updated_at=now
    )
    need = Need.objects.get(pk=need_id)
    if not claimed:
        raise StaleNeed(need)
    return need


# ---------------------------------------------------------------- editors' decisions


class DecisionConflict(NeedError):
    """Another editor decided (or the need changed) since the page was shown: nothing changed."""


def _decide(*, editor, need_id: int, expected_version: int, status: str, message: str = "", **extra) -> Need:
    if not access.is_editor(editor):
        raise NotAllowed("Seuls les membres du groupe « Besoins » valident les besoins.")
    now = timezone.now()
    claimed = Need.objects.filter(pk=need_id, version=expected_version, status=NeedStatus.SUBMITTED).update(
        version=F("version") + 1,
        status=status,
        decided_at=now,
        decided_by=editor,
        editor_message=message,
        updated_at=now,
        **extra,
    )
    need = Need.objects.get(pk=need_id)
    if not claimed:
        who = f" par {need.decided_by.get_full_name() or need.decided_by.email}" if need.decided_by_id else ""
        raise DecisionConflict(
            f"Ce besoin a changé pendant que vous le consultiez : il est maintenant « {need.get_status_display()} »"
            f"{who if need.status != NeedStatus.SUBMITTED else ''}. Votre décision n'a pas été enregistrée ; "
            "vérifiez l'état ci-dessous avant de décider."
        )
    return need


def missing_for_validation(need: Need, today: date | None = None) -> list[str]:
    """Rule: no validation without at least one sector and a place, nor with a past deadline."""
    missing = []
    if not need.sectors.exists():
        missing.append("au moins un secteur d'activité")
    if not has_place(need):
        missing.append("un lieu")
    today = today or timezone.localdate()
    if need.deadline is None or need.deadline < today:
        missing.append("une date limite de réponse à venir")
    return missing


@transaction.atomic
def validate(*, editor, need_id: int, expected_version: int) -> Need:
    need = Need.objects.get(pk=need_id)
    missing = missing_for_validation(need)
    if missing:
        raise NeedError(
            "Ce besoin ne peut pas être publié sans "
            + ", ".join(missing)
            + " : demandez une modification à l'acheteur."
        )
    need = _decide(
        editor=editor, need_id=need_id, expected_version=expected_version, status=NeedStatus.VALIDATED,
        validated_at=timezone.now(),
    )  # fmt: skip
    _mail_buyer(
        need,
        subject=f"Votre besoin « {need.title} » est publié",
        lines=[
            "L'équipe du Marché de l'inclusion a validé votre besoin : il est publié, et les structures "
            "inclusives qui y correspondent en sont informées.",
            "Suivez leurs réponses sur la page du besoin :",
        ],
    )
    need_id = need.pk
    # robust: the decision is committed whatever happens next; a failure is logged, not a 500.
    transaction.on_commit(lambda: notifications.need_validated(need_id=need_id), robust=True)
    return need


@transaction.atomic
def request_changes(*, editor, need_id: int, expected_version: int, message: str) -> Need:
    message = _clean_text(message, label="le message à l'acheteur", max_length=5000, required=True)
    need = _decide(
        editor=editor,
        need_id=need_id,
        expected_version=expected_version,
        status=NeedStatus.CHANGES_REQUESTED,
        message=message,
    )
    _mail_buyer(
        need,
        subject=f"Votre besoin « {need.title} » : des modifications sont demandées",
        lines=[
            "L'équipe du Marché de l'inclusion demande des modifications avant de publier votre besoin :",
            message,
            "Modifiez-le puis envoyez-le à nouveau depuis sa page :",
        ],
    )
    return need


@transaction.atomic
def refuse(*, editor, need_id: int, expected_version: int, reason: str) -> Need:
    reason = _clean_text(reason, label="le motif du refus", max_length=5000, required=True)
    need = _decide(
        editor=editor, need_id=need_id, expected_version=expected_version, status=NeedStatus.REFUSED, message=reason
    )
    _mail_buyer(
        need,
        subject=f"Votre besoin « {need.title} » n'a pas été publié",
        lines=[
            "L'équipe du Marché de l'inclusion n'a pas publié votre besoin, pour ce motif :",
            reason,
            "Le détail est sur la page du besoin :",
        ],
    )
    return need


def need_url(need: Need) -> str:
    return f"{settings.MARCHE_URL}{reverse('needs:detail', args=[need.uid])}"


def _mail_buyer(need: Need, *, subject: str, lines: list[str]) -> None:
    """Tell the buyer who posted the need, once the decision is committed."""
    recipient = need.author.email
    if not recipient:
        return
    body = "\n\n".join(["Bonjour,", *lines, need_url(need), "L'équipe du Marché de l'inclusion"])
    # robust: an SMTP failure is logged and does not undo nor hide the committed decision.
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]), robust=True)
