"""Which commune a member chose on the profile form. Rule: the commune is picked from the
commune list (name or postal code); a bare code is never silently reinterpreted: a postal
code shared by several communes, an INSEE code or an unknown name is refused with the
choices to make."""

import re

from django.core.exceptions import ValidationError

from marche.geography.models import Commune

_LABEL = re.compile(r"^(?P<name>.+) \((?P<postal>[0-9][0-9AB][0-9]{3})\)$")
_CODE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")


def label(commune: Commune) -> str:
    """How a commune is shown in the field and the list: « Lyon 3e Arrondissement (69003) »."""
    postal = (commune.postal_codes.split() or [commune.insee])[0]
    return f"{commune.name} ({postal})"


def _with_postal_code(code: str) -> list[Commune]:
    candidates = Commune.objects.filter(postal_codes__contains=code).order_by("name")
    return [c for c in candidates if code in c.postal_codes.split()]


def _choices(communes: list[Commune]) -> str:
    return ", ".join(f"{label(c)}" for c in communes[:10])


def resolve(text: str, insee: str) -> Commune | None:
    """The commune the person chose: ``insee`` is set when they picked it in the list
    (and the text still shows that pick); otherwise the text must designate exactly one."""
    text = " ".join((text or "").split())
    if not text:
        return None
    if insee:
        picked = Commune.objects.filter(insee=insee).first()
        if picked is not None and label(picked) == text:
            return picked
    match = _LABEL.match(text)
    if match:
        communes = [c for c in _with_postal_code(match["postal"]) if c.name.lower() == match["name"].lower()]
        if len(communes) == 1:
            return communes[0]
    elif _CODE.match(text):
        communes = _with_postal_code(text)
        if len(communes) == 1:
            return communes[0]
        if communes:
            raise ValidationError(
                f"Plusieurs communes ont le code postal {text} : {_choices(communes)}. "
                "Choisissez la vôtre dans la liste."
            )
        raise ValidationError(
            f"Aucune commune n'a le code postal {text} (un code INSEE n'est pas un code postal) : "
            "tapez le nom ou le code postal de la commune et choisissez-la dans la liste."
        )
    else:
        communes = list(Commune.objects.filter(name__iexact=text).order_by("insee")[:11])
        if len(communes) == 1:
            return communes[0]
        if communes:
            raise ValidationError(
                f"Plusieurs communes s'appellent {text} : {_choices(communes)}. Choisissez la vôtre dans la liste."
            )
    raise ValidationError(
        f"Commune « {text[:100]} » introuvable : tapez son nom ou son code postal et choisissez-la dans la liste."
    )
