"""Writes about supplier profiles: reference data, edits, logo, certification.

Rule: every write that changes what buyers see ends with ONE call to
``search.index.changed(ids)``, inside its transaction (no signals): one edit, one index
update, whatever it touched.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model

from marche.geography.models import Commune
from search import index

from .certification import is_certified
from .logos import clean_logo
from .models import Activity, Supplier
from .richtext import sanitize


def unique_slug(name: str, siret: str, taken: set | None = None) -> str:
    """A readable, stable slug: the name, then with the SIRET's last five digits if taken,
    then with a counter until free. Rule: slugs never collide (same names, same SIRET
    tails). ``taken``: slugs already claimed in the caller's batch (not yet saved)."""
    base = slugify(name)[:100] or "structure"
    taken = taken if taken is not None else set()

    def free(candidate):
        return candidate not in taken and not Supplier.objects.filter(slug=candidate).exclude(siret=siret).exists()

    candidate = base
    if not free(candidate):
        candidate = f"{base}-{siret[-5:]}"
        counter = 2
        while not free(candidate):
            candidate = f"{base}-{siret[-5:]}-{counter}"
            counter += 1
    taken.add(candidate)
    return candidate


def locate(supplier: Supplier, commune_insee: str | None, communes: dict | None = None) -> None:
    """Set the commune and copy its coordinates (distance search needs a point).
    ``communes`` (INSEE → Commune), when given, spares a query per call."""
    if communes is not None:
        commune = communes.get(commune_insee) if commune_insee else None
    else:
        commune = Commune.objects.filter(insee=commune_insee).first() if commune_insee else None
    supplier.commune = commune
    supplier.latitude = commune.latitude if commune else None
    supplier.longitude = commune.longitude if commune else None


def refresh_certification(supplier: Supplier, today=None, save: bool = True) -> bool:
    """Recompute ``certified``. Rule: computed from the checklist, never typed in."""
    before = supplier.certified
    supplier.certified = is_certified(supplier, today)
    supplier.certified_checked_at = timezone.now()
    if save:
        Supplier.objects.filter(pk=supplier.pk).update(
            certified=supplier.certified, certified_checked_at=supplier.certified_checked_at
        )
        if supplier.certified != before:
            index.changed([supplier.pk])
    return supplier.certified


@transaction.atomic
def refresh_all_certifications(today=None, progress=lambda it, total: it) -> int:
    """Run daily: conventions expire. Returns how many profiles changed status."""
    changed = []
    suppliers = Supplier.objects.select_related("logo")
    for supplier in progress(suppliers.iterator(), suppliers.count()):
        before = supplier.certified
        if refresh_certification(supplier, today, save=False) != before:
            Supplier.objects.filter(pk=supplier.pk).update(
                certified=supplier.certified, certified_checked_at=supplier.certified_checked_at
            )
            changed.append(supplier.pk)
    Supplier.objects.exclude(pk__in=changed).update(certified_checked_at=timezone.now())
    index.changed(changed)
    return len(changed)


def prepare_profile(supplier: Supplier) -> Supplier:
    """What every save of a profile does first. Rule: the description keeps only
    whitelisted markup, whatever its source; certification is recomputed."""
    supplier.description = sanitize(supplier.description)
    refresh_certification(supplier, save=False)
    return supplier


@transaction.atomic
def save_profile(supplier: Supplier) -> Supplier:
    """Save a profile after an edit and recompute its certification."""
    prepare_profile(supplier).save()
    index.changed([supplier.pk])
    return supplier


class StaleEdit(Exception):
    """A member's edit was based on an older version of the profile than the saved one."""

    def __init__(self, current: Supplier, changed_fields: list[str]):
        self.current = current
        self.changed_fields = changed_fields
        super().__init__(self.message)

    @property
    def message(self) -> str:
        changed = ", ".join(self.changed_fields) or "les prestations ou les références"
        return (
            "Quelqu'un a enregistré cette fiche pendant que vous la modifiiez : votre enregistrement "
            f"n'a pas été fait, pour ne pas effacer ses changements. La version enregistrée diffère "
            f"de votre saisie sur : {changed}. Votre saisie est conservée ci-dessous : vérifiez ces "
            "champs puis enregistrez à nouveau pour la confirmer."
        )


def _differences(current: Supplier, form) -> list[str]:
    """Labels of the form's fields whose saved value differs from what the person submitted."""
    fresh = type(form)(instance=current)
    return [
        str(field.label)
        for name, field in form.fields.items()
        if name not in ("version", "logo_file") and field.has_changed(fresh[name].initial, form[name].data)
    ]


@transaction.atomic
def save_member_edit(form, offers, references, *, expected_version: int, activities=None) -> Supplier:
    """Save a member's edit (validated profile form and formsets) in one transaction:
    place and coordinates, logo, certification, activities, offers, references;
    one save of the profile and one index update.

    Rule (optimistic locking): the edit names the version it was based on; if someone
    saved the profile since, nothing is written and StaleEdit names the differing fields.
    The version is claimed by one conditional UPDATE, so two concurrent saves cannot both win."""
    supplier = form.instance
    claimed = Supplier.objects.filter(pk=supplier.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        current = Supplier.objects.get(pk=supplier.pk)
        raise StaleEdit(current, _differences(current, form))
    supplier = form.save(commit=False)
    supplier.version = expected_version + 1
    locate(supplier, form.cleaned_data["commune_insee"])
    if form.cleaned_data.get("logo_file"):
        attach_logo(supplier, form.cleaned_data["logo_file"])
    prepare_profile(supplier).save()
    form.save_m2m()
    if activities is not None:
        activities.save()
    offers.save()
    references.save()
    index.changed([supplier.pk])
    return supplier


@dataclass(frozen=True)
class ActivityData:
    """One activity as plain data (imports, demo, catalogue): sector ids, kinds of service,
    and the perimeter (``radius_km`` for a radius; INSEE codes for communes; codes of
    departments or regions)."""

    sectors: tuple[int, ...]
    service_kinds: tuple[str, ...] = ()
    perimeter_kind: str = "radius"
    radius_km: int | None = None
    communes: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


def write_activities(activities: Mapping[int, Iterable[ActivityData]], *, replace: bool = True) -> None:
    """Give each supplier (by id) these activities, in bulk: one INSERT for the activities
    and one per list, whatever the number of suppliers. ``replace`` first deletes their
    current activities. The caller validated the data (perimeter.validate) and makes the
    one index update of its write."""
    ids = list(activities)
    if replace:
        for start in range(0, len(ids), 1000):
            Activity.objects.filter(supplier_id__in=ids[start : start + 1000]).delete()
    pairs = [(supplier_id, data) for supplier_id, items in activities.items() for data in items]
    created = Activity.objects.bulk_create(
        [
            Activity(
                supplier_id=supplier_id,
                service_kinds=list(data.service_kinds),
                perimeter_kind=data.perimeter_kind,
                perimeter_radius_km=data.radius_km if data.perimeter_kind == "radius" else None,
            )
            for supplier_id, data in pairs
        ],
        batch_size=1000,
    )
    for relation, attribute, column, kind in (
        (Activity.sectors, "sectors", "sector_id", None),
        (Activity.perimeter_communes, "communes", "commune_id", "communes"),
        (Activity.perimeter_departments, "departments", "department_id", "departments"),
        (Activity.perimeter_regions, "regions", "region_id", "regions"),
    ):
        through = relation.through
        through.objects.bulk_create(
            [
                through(activity_id=activity.pk, **{column: value})
                for activity, (_, data) in zip(created, pairs, strict=True)
                if kind is None or data.perimeter_kind == kind
                for value in dict.fromkeys(getattr(data, attribute))
            ],
            batch_size=2000,
        )


@transaction.atomic
def set_activities(supplier: Supplier, activities: Iterable[ActivityData]) -> Supplier:
    """Replace a supplier's activities (one index update)."""
    write_activities({supplier.pk: list(activities)})
    index.changed([supplier.pk])
    return supplier


def attach_logo(supplier: Supplier, uploaded, uploaded_by=None) -> None:
    """Validate and re-encode a logo (see logos.clean_logo), store it as a Wagtail image
    (for its resized renditions); the caller saves the profile.

    Rule: a replaced logo is deleted with its renditions (Wagtail removes their files once
    the transaction commits), unless another profile uses it."""
    clean = clean_logo(uploaded)
    Image = get_image_model()
    image = Image(title=f"Logo de {supplier.display_name}", file=clean, uploaded_by_user=uploaded_by)
    image.save()
    previous = supplier.logo if supplier.logo_id else None
    supplier.logo = image
    if previous is not None and not Supplier.objects.filter(logo=previous).exclude(pk=supplier.pk).exists():
        _delete_image(previous)


def _delete_image(image) -> None:
    """Delete an image, its renditions and their files once the transaction commits.
    Done here rather than left to Wagtail's post_delete task, which rebuilds the storage
    from its deconstruction and depends on the task backend running: the rule must hold."""
    storage = image.file.storage
    names = [image.file.name, *(r.file.name for r in image.renditions.all())]
    image.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def set_logo(supplier: Supplier, uploaded, uploaded_by=None) -> Supplier:
    """Validate and attach a logo, then save the profile."""
    attach_logo(supplier, uploaded, uploaded_by)
    return save_profile(supplier)


LOOK_UP = object()


def reference_profile(
    *,
    siret: str,
    name: str,
    kind: str,
    organization_id=None,
    convention_end_date=None,
    is_active: bool = True,
    address: str = "",
    postal_code: str = "",
    commune_insee: str = "",
    previous_siret: str | None = None,
    existing=LOOK_UP,
    slug: str | None = None,
    communes: dict | None = None,
) -> tuple[Supplier, bool]:
    """The profile these reference data (directory or import) describe, updated but not
    saved: the caller adds its own fields, then saves once.

    Rules: keyed by the organisation's public ID when known, so a changed SIRET follows
    the same profile; otherwise by SIRET. Only reference fields change: what members
    wrote (description, logo, contacts…) stays. A caller working in bulk passes the
    profile it found (``existing``, None for a new one), the new ``slug`` and ``communes``.
    """
    supplier = None if existing is LOOK_UP else existing
    if existing is LOOK_UP:
        if organization_id:
            supplier = Supplier.objects.filter(organization_id=organization_id).first()
        if supplier is None:
            supplier = Supplier.objects.filter(siret=previous_siret or siret).first()
    created = supplier is None
    if created:
        supplier = Supplier(siret=siret, slug=slug or unique_slug(name, siret), name=name)
    supplier.siret = siret
    supplier.organization_id = organization_id or supplier.organization_id
    supplier.kind = kind
    supplier.convention_end_date = convention_end_date
    supplier.is_active = is_active
    if created or not supplier.name:
        supplier.name = name
    if address:
        supplier.address = address
    if postal_code:
        supplier.postal_code = postal_code
    if commune_insee and commune_insee != supplier.commune_id:
        locate(supplier, commune_insee, communes)
    return supplier, created


@transaction.atomic
def upsert_reference(**reference) -> tuple[Supplier, bool]:
    """Create or update a profile from reference data (see reference_profile) and save it."""
    supplier, created = reference_profile(**reference)
    save_profile(supplier)
    return supplier, created


@transaction.atomic
def hide_supplier(supplier: Supplier, reason: str, *, seen_state: str | None = None) -> Supplier:
    """Moderation: take a supplier out of search and of its public page. Rules: a reason is
    required; a decision taken on a page that showed another state is refused (see
    :func:`_check_moderation_state`)."""
    reason = (reason or "").strip()
    if not reason:
        from django.core.exceptions import ValidationError

        raise ValidationError("Indiquez le motif du masquage : il sera conservé dans la fiche.")
    supplier = _check_moderation_state(supplier, seen_state)
    supplier.hidden_at = timezone.now()
    supplier.hidden_reason = reason
    supplier.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
    index.changed([supplier.pk])
    return supplier


@transaction.atomic
def unhide_supplier(supplier: Supplier, *, seen_state: str | None = None) -> Supplier:
    supplier = _check_moderation_state(supplier, seen_state)
    supplier.hidden_at = None
    supplier.save(update_fields=["hidden_at", "updated_at"])
    index.changed([supplier.pk])
    return supplier


class ModerationConflict(Exception):
    """Another moderator changed the supplier's visibility since the page was shown; the
    message says what they did, in French."""


def moderation_state(supplier: Supplier) -> str:
    """What a moderation page shows of the visibility, posted back with the decision."""
    return supplier.hidden_at.isoformat() if supplier.hidden_at else "visible"


def _check_moderation_state(supplier: Supplier, seen_state: str | None) -> Supplier:
    """Optimistic locking of moderation: the decision applies to the state the moderator
    saw, or not at all. A request without ``seen_state`` (a page shown before this rule)
    is applied as before."""
    current = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if seen_state is not None and seen_state != moderation_state(current):
        if current.hidden_at:
            raise ModerationConflict(
                f"Un autre modérateur a masqué cette fiche le {timezone.localtime(current.hidden_at):%d/%m/%Y à %H:%M} "
                f"(motif : {current.hidden_reason}) pendant que vous la consultiez : rien n'a été changé. "
                "Vérifiez l'état ci-dessous avant de décider."
            )
        raise ModerationConflict(
            "Un autre modérateur a réaffiché cette fiche pendant que vous la consultiez : rien n'a été changé. "
            "Vérifiez l'état ci-dessous avant de décider."
        )
    return current
