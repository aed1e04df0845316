"""Writes on buyers' lists. Each takes plain keyword-only data, checks the rule in
``selectors`` and raises ListError with a French message a person can act on; a refusal
changes nothing."""

from django.db import IntegrityError, transaction

from search.text import has_control_characters

from . import selectors
from .exports import BY_KEY
from .models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, ExportPreference, ListEntry, Sharing, SupplierList

MAX_LISTS_PER_PERSON = 200
MAX_SUPPLIERS_PER_LIST = 5000


class ListError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ListNotFound(ListError):
    """The list does not exist for this person (never says whether it exists for someone else)."""

    def __init__(self):
        super().__init__("Cette liste n'existe pas ou ne vous est pas accessible.")


def clean_name(name) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ListError("Donnez un nom à la liste.")
    if has_control_characters(name):
        raise ListError("Le nom contient un caractère invisible (de contrôle) : retirez-le.")
    if len(name) > NAME_MAX_LENGTH:
        raise ListError(f"Le nom d'une liste tient en {NAME_MAX_LENGTH} caractères au plus ({len(name)} saisis).")
    return name


def clean_note(note) -> str:
    note = str(note or "").replace("\r\n", "\n").strip()
    if has_control_characters(note.replace("\n", "").replace("\t", "")):
        raise ListError("La note contient un caractère invisible (de contrôle) : retirez-le.")
    if len(note) > NOTE_MAX_LENGTH:
        raise ListError(f"La note tient en {NOTE_MAX_LENGTH} caractères au plus ({len(note)} saisis).")
    return note


def _require_buyer(user) -> None:
    if not selectors.has_lists(user):
        raise ListError(
            "Les listes sont réservées aux acheteurs : rattachez votre compte à votre organisation d'achat "
            "depuis Compte inclusion, puis reconnectez-vous."
        )


def create_list(*, user, name: str) -> SupplierList:
    _require_buyer(user)
    name = clean_name(name)
    if SupplierList.objects.filter(owner=user, name__iexact=name).exists():
        raise ListError(f"Vous avez déjà une liste « {name} » : choisissez un autre nom.")
    if SupplierList.objects.filter(owner=user).count() >= MAX_LISTS_PER_PERSON:
        raise ListError(f"Vous avez déjà {MAX_LISTS_PER_PERSON} listes : supprimez-en une avant d'en créer une autre.")
    try:
        with transaction.atomic():
            return SupplierList.objects.create(owner=user, name=name)
    except IntegrityError:  # the same name created at the same moment in another tab
        raise ListError(f"Vous avez déjà une liste « {name} » : choisissez un autre nom.") from None


def _editable(user, list_id) -> SupplierList:
    found = selectors.editable_lists(user).filter(pk=_int(list_id)).first()
    if found is None:
        raise ListNotFound()
    return found


def _owned(user, list_id) -> SupplierList:
    found = selectors.owned_lists(user).filter(pk=_int(list_id)).first()
    if found is None:
        raise ListNotFound()
    return found


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def add_supplier(
    *, user, supplier_id, list_id=None, new_list_name: str = "", note: str = ""
) -> tuple[SupplierList, bool]:
    """Put a supplier in one of the person's editable lists, or in a new list of theirs
    (an existing list of theirs with that name is used). Returns the list and whether the
    supplier was added (False: it was already there; a given note then replaces the old one)."""
    _require_buyer(user)
    supplier = selectors.addable_supplier(supplier_id)
    if supplier is None:
        raise ListError("Ce fournisseur n'existe pas ou n'est plus visible sur le Marché.")
    note = clean_note(note)
    with transaction.atomic():
        if str(new_list_name or "").strip():
            name = clean_name(new_list_name)
            supplier_list = SupplierList.objects.filter(owner=user, name__iexact=name).first() or create_list(
                user=user, name=name
            )
        elif list_id:
            supplier_list = _editable(user, list_id)
        else:
            raise ListError("Choisissez une liste ou donnez le nom d'une nouvelle liste.")
        supplier_list = SupplierList.objects.select_for_update().get(pk=supplier_list.pk)
        entry = ListEntry.objects.filter(supplier_list=supplier_list, supplier=supplier).first()
        if entry is not None:
            if note:
                entry.note = note
                entry.save(update_fields=["note"])
            return supplier_list, False
        if supplier_list.entries.count() >= MAX_SUPPLIERS_PER_LIST:
            raise ListError(f"La liste « {supplier_list.name} » compte déjà {MAX_SUPPLIERS_PER_LIST} fournisseurs.")
        ListEntry.objects.create(supplier_list=supplier_list, supplier=supplier, note=note, added_by=user)
        supplier_list.save(update_fields=["updated_at"])
    return supplier_list, True


def remove_supplier(*, user, list_id, supplier_id) -> SupplierList:
    supplier_list = _editable(user, list_id)
    deleted, _ = ListEntry.objects.filter(supplier_list=supplier_list, supplier_id=_int(supplier_id)).delete()
    if not deleted:
        raise ListError("Ce fournisseur n'est pas dans la liste.")
    supplier_list.save(update_fields=["updated_at"])
    return supplier_list


def set_note(*, user, list_id, supplier_id, note: str) -> ListEntry:
    supplier_list = _editable(user, list_id)
    note = clean_note(note)
    entry = ListEntry.objects.filter(supplier_list=supplier_list, supplier_id=_int(supplier_id)).first()
    if entry is None:
        raise ListError("Ce fournisseur n'est pas dans la liste.")
    entry.note = note
    entry.save(update_fields=["note"])
    return entry


def rename_list(*, user, list_id, name: str) -> SupplierList:
    supplier_list = _owned(user, list_id)
    name = clean_name(name)
    if SupplierList.objects.filter(owner=user, name__iexact=name).exclude(pk=supplier_list.pk).exists():
        raise ListError(f"Vous avez déjà une liste « {name} » : choisissez un autre nom.")
    supplier_list.name = name
    supplier_list.save(update_fields=["name", "updated_at"])
    return supplier_list


def share_list(*, user, list_id, sharing: str, organization_id: str = "") -> SupplierList:
    """Share with the colleagues of one of the owner's buyer organisations, or stop sharing."""
    supplier_list = _owned(user, list_id)
    if sharing not in Sharing.values:
        raise ListError("Choisissez : non partagée, en lecture, ou en lecture et modification.")
    if sharing == Sharing.PRIVATE:
        supplier_list.sharing, supplier_list.shared_with, supplier_list.shared_with_name = Sharing.PRIVATE, None, ""
    else:
        organizations = {str(o["id"]).lower(): o for o in selectors.buyer_organizations(user)}
        chosen = organizations.get(str(organization_id or "").strip().lower())
        if chosen is None and len(organizations) == 1 and not organization_id:
            chosen = next(iter(organizations.values()))
        if chosen is None:
            raise ListError("Choisissez l'une de vos organisations d'achat pour partager la liste avec ses membres.")
        supplier_list.sharing = sharing
        supplier_list.shared_with = chosen["id"]
        supplier_list.shared_with_name = str(chosen.get("name") or "")[:255]
    supplier_list.save(update_fields=["sharing", "shared_with", "shared_with_name", "updated_at"])
    return supplier_list


def delete_list(*, user, list_id) -> str:
    supplier_list = _owned(user, list_id)
    name = supplier_list.name
    supplier_list.delete()
    return name


def remember_columns(*, user, columns: list[str]) -> None:
    """The person's column choice, used by default for their next export."""
    if not user.is_authenticated:
        return
    keys = [key for key in dict.fromkeys(columns) if key in BY_KEY]
    if keys:
        ExportPreference.objects.update_or_create(user=user, defaults={"columns": keys})
