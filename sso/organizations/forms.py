from django import forms
from django.core.validators import RegexValidator
from dsfr.forms import DsfrBaseForm

from sso.accounts.forms import SignUpForm

from .kinds import PRESCRIBER_KINDS, REQUEST_KINDS, Kind
from .siret import clean_siret
from .text import MultilineCharField, OneLineCharField

POSTAL_CODE_VALIDATOR = RegexValidator(r"^[0-9]{5}$", "Un code postal compte 5 chiffres, par exemple 69003.")

SIRET_HELP = (
    "14 chiffres, sans espace. Vous le trouvez sur l'annuaire des entreprises ou votre avis de situation Insee."
)


class SiretField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "SIRET")
        kwargs.setdefault("help_text", SIRET_HELP)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        # NUL and other controls are caught by CharField (NUL) and by the checksum (the rest).
        if not value and not self.required:
            return ""
        return clean_siret(value)


class EmployerSignupForm(DsfrBaseForm):
    siret = SiretField()


class StructureRequestForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type de structure", choices=[(k, Kind(k).label) for k in sorted(REQUEST_KINDS)])
    siret = SiretField()
    name = OneLineCharField(label="Nom de la structure", max_length=255)
    postal_code = forms.CharField(label="Code postal", max_length=5, required=False, validators=[POSTAL_CODE_VALIDATOR])
    city = OneLineCharField(label="Commune", max_length=255, required=False)
    message = MultilineCharField(
        label="Message pour le support (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class PrescriberSearchForm(DsfrBaseForm):
    q = OneLineCharField(label="Nom, SIRET, commune ou code postal de votre organisation", max_length=100)


class OrienteurForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label="Type d'organisation", choices=[(k.value, k.label) for k in Kind if k in PRESCRIBER_KINDS]
    )
    siret = SiretField()
    name = OneLineCharField(label="Nom de l'organisation", max_length=255)
    postal_code = forms.CharField(label="Code postal", max_length=5, required=False, validators=[POSTAL_CODE_VALIDATOR])
    city = OneLineCharField(label="Commune", max_length=255, required=False)


class BuyerSignupForm(DsfrBaseForm):
    siret = SiretField()
    name = OneLineCharField(label="Nom de votre organisation", max_length=255)
    website = forms.URLField(
        label="Site internet de votre organisation",
        required=False,
        assume_scheme="https",
        help_text="Par exemple https://www.ville-exemple.fr. Si votre adresse e-mail est sur le même domaine, "
        "votre organisation est vérifiée aussitôt ; sinon le support la vérifie.",
    )
    postal_code = forms.CharField(label="Code postal", max_length=5, required=False, validators=[POSTAL_CODE_VALIDATOR])
    city = OneLineCharField(label="Commune", max_length=255, required=False)


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse e-mail de votre collègue", help_text="Format attendu : nom@domaine.fr", max_length=254
    )


class JoinDecisionForm(DsfrBaseForm):
    """An administrator's decision on a join request. A request is decided once: the service
    refuses a decision on one that is no longer pending (the only state a page offers to decide)."""

    decision = forms.ChoiceField(choices=[("accept", "Accepter"), ("refuse", "Refuser")])


class MemberChangeForm(DsfrBaseForm):
    """A change of a member's role or presence, against the version of the membership that was shown."""

    is_admin = forms.TypedChoiceField(
        choices=[("1", "oui"), ("0", "non")], coerce=lambda v: v == "1", required=False, empty_value=None
    )
    # ASCII digits only (IntegerField would take other scripts' digits): the page wrote it.
    version = forms.CharField(required=False, validators=[RegexValidator(r"^[0-9]{1,9}$")])

    def clean_version(self):
        return int(self.cleaned_data["version"]) if self.cleaned_data["version"] else None


class AntennaForm(DsfrBaseForm):
    name = OneLineCharField(label="Nom de l'antenne", max_length=255)
    siret = SiretField(
        label="SIRET de l'antenne (facultatif)",
        required=False,
        help_text="S'il est identique à celui de la structure ou inconnu, laissez vide : un numéro d'antenne sera attribué.",
    )


class ProofClaimForm(DsfrBaseForm):
    """Proof of belonging; the checks of content, size and dates live in the service."""

    registration_proof = forms.FileField(
        label="Extrait Kbis ou équivalent (avis de situation Insee, statuts et récépissé de déclaration…)",
        help_text="De moins de 3 mois. PDF, JPEG ou PNG, 5 Mo au plus.",
    )
    document_date = forms.DateField(
        label="Date du justificatif", help_text="Format attendu : JJ/MM/AAAA", input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    is_legal_representative = forms.BooleanField(
        label="Je suis le représentant légal de la structure (président, gérant, directeur…)", required=False
    )
    mandate = forms.FileField(
        label="Mandat du représentant légal (si vous ne l'êtes pas)",
        help_text="Document signé par le représentant légal qui vous autorise à administrer la structure. "
        "PDF, JPEG ou PNG, 5 Mo au plus.",
        required=False,
    )
    message = MultilineCharField(
        label="Message pour le support (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class InvitationSignUpForm(SignUpForm):
    """The sign-up form on an invitation page: the address is the invited one, not typed."""

    email = None

    def __init__(self, *args, invited_email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited_email = invited_email

    def clean(self):
        # The password must not resemble the address either (SignUpForm.clean reads it).
        self.cleaned_data["email"] = self.invited_email
        return super().clean()
