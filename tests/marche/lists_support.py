"""Helpers of the buyer lists' and exports' tests: buyers, their colleagues, lists."""

import copy
import io
import uuid

from marche.lists.models import ListEntry, SupplierList

from .factories import UserFactory, organization_claim


def buyer_in(organization: dict, *, verified: bool | None = None, **extra):
    """A member of this buyer organisation (same public ID): a colleague."""
    claim = copy.deepcopy(organization)
    if verified is not None:
        claim["verified"] = verified
    claim.update(extra)
    return UserFactory(organizations=[claim])


def buyer_organization(*, verified: bool = True, name: str = "Ville de Démo") -> dict:
    return organization_claim(kind="BUYER", verified=verified, name=name, id=str(uuid.uuid4()))


def make_list(owner, name="Ma liste", *, suppliers=(), sharing="private", organization=None, note=""):
    supplier_list = SupplierList.objects.create(
        owner=owner,
        name=name,
        sharing=sharing,
        shared_with=(organization or owner.organizations[0])["id"] if sharing != "private" else None,
    )
    for supplier in suppliers:
        ListEntry.objects.create(supplier_list=supplier_list, supplier=supplier, note=note, added_by=owner)
    return supplier_list


def snapshot(supplier_list: SupplierList) -> tuple:
    """Everything about a list, to assert that a refusal changed nothing."""
    supplier_list = SupplierList.objects.filter(pk=supplier_list.pk).first()
    if supplier_list is None:
        return ("deleted",)
    entries = tuple(supplier_list.entries.order_by("supplier_id").values_list("supplier_id", "note"))
    return (supplier_list.name, supplier_list.sharing, supplier_list.shared_with, entries)


def read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def read_csv(content: bytes) -> list[list[str]]:
    import csv

    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
