"""The steps of the need form. They only read and check what was typed; the views hand
the cleaned, plain values to marche.needs.services, which holds the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from marche.geography.models import Commune, Department, Region
from marche.sectors.models import Sector, SectorGroup
from marche.suppliers import communes as commune_choice

from . import attachments, services
from .models import AmountRange, NeedKind, PlaceKind


def _dsfr(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
            continue
        css = "fr-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "fr-input"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class VersionedForm(forms.Form):
    # The version the person started from (optimistic locking, see services._claim).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)


class BasicsForm(VersionedForm):
    organization = forms.ChoiceField(
        label="Au nom de l'organisation",
        error_messages={"invalid_choice": "Choisissez l'une de vos organisations d'achat vérifiées."},
    )
    kind = forms.ChoiceField(label="Type de besoin", choices=NeedKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label="Titre du besoin",
        max_length=services.MAX_TITLE_LENGTH,
        help_text="Par exemple : Entretien des espaces verts du parc municipal",
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.get("id")), str(o.get("name") or o.get("id"))) for o in organizations]
        self.fields["organization"].choices = choices
        if len(choices) <= 1:
            # Nothing to choose: the person's only verified organisation.
            self.fields["organization"].required = False
            self.fields["organization"].widget = forms.HiddenInput()
            if choices:
                self.fields["organization"].initial = choices[0][0]


class SectorsForm(VersionedForm):
    groups = forms.ModelMultipleChoiceField(
        label="Groupes entiers",
        queryset=SectorGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez un groupe pour en choisir tous les secteurs d'un coup.",
    )
    sectors = forms.ModelMultipleChoiceField(
        label="Secteurs d'activité",
        queryset=Sector.objects.select_related("group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        chosen = {s.pk for s in cleaned.get("sectors") or []}
        for group in cleaned.get("groups") or []:
            chosen |= set(group.sectors.values_list("pk", flat=True))
        if not chosen and not self.errors:
            raise ValidationError("Choisissez au moins un secteur d'activité (ou un groupe entier).")
        cleaned["sector_ids"] = sorted(chosen)
        return cleaned

    def grouped(self):
        """[(group, group checkbox, [sector checkboxes])] for the template."""
        sectors_by_group: dict[int, list] = {}
        for widget in self["sectors"]:
            sector_id = int(str(widget.data["value"]))
            sectors_by_group.setdefault(self._group_of[sector_id], []).append(widget)
        groups = []
        for widget in self["groups"]:
            group_id = int(str(widget.data["value"]))
            groups.append((widget, sectors_by_group.get(group_id, [])))
        return groups

    @property
    def _group_of(self) -> dict[int, int]:
        if not hasattr(self, "_group_of_cache"):
            self._group_of_cache = dict(Sector.objects.values_list("pk", "group_id"))
        return self._group_of_cache


class PlaceForm(VersionedForm):
    place_kind = forms.ChoiceField(label="Où ?", choices=PlaceKind.choices, widget=forms.RadioSelect)
    communes = forms.ModelMultipleChoiceField(
        label="Communes choisies (décochez pour retirer)",
        queryset=Commune.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commune = forms.CharField(
        label="Ajouter une commune",
        max_length=150,
        required=False,
        help_text="Tapez le nom ou le code postal, puis choisissez la commune dans la liste",
        widget=forms.TextInput(
            attrs={
                "list": "communes-list",
                "autocomplete": "off",
                "data-commune-picker": "",
                "data-insee-field": "id_commune_insee",
                "data-commune-label": "postal-code",
            }
        ),
    )
    # Set by static/js/commune-picker.js when the person picks a commune in the list.
    commune_insee = forms.CharField(required=False, max_length=5, widget=forms.HiddenInput)
    departments = forms.ModelMultipleChoiceField(
        label="Départements", queryset=Department.objects.all(), required=False, widget=forms.SelectMultiple
    )
    regions = forms.ModelMultipleChoiceField(
        label="Régions", queryset=Region.objects.all(), required=False, widget=forms.SelectMultiple
    )

    def __init__(self, *args, chosen_communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the communes already chosen are listed as checkboxes (a full list would be 35 000).
        chosen = [c.pk for c in chosen_communes]
        if self.is_bound:
            chosen += [v for v in self.data.getlist("communes") if isinstance(v, str) and len(v) <= 5]
        self.fields["communes"].queryset = Commune.objects.filter(pk__in=chosen)
        self.fields["communes"].label_from_instance = commune_choice.label

    def clean_commune(self):
        commune = commune_choice.resolve(self.cleaned_data["commune"], self.data.get("commune_insee", ""))
        return commune

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("place_kind")
        commune_ids = [c.pk for c in cleaned.get("communes") or []]
        if cleaned.get("commune") is not None and cleaned["commune"].pk not in commune_ids:
            commune_ids.append(cleaned["commune"].pk)
        cleaned["commune_ids"] = commune_ids
        cleaned["department_codes"] = [d.pk for d in cleaned.get("departments") or []]
        cleaned["region_codes"] = [r.pk for r in cleaned.get("regions") or []]
        if kind and not self.errors:
            try:
                services.check_place(kind, commune_ids, cleaned["department_codes"], cleaned["region_codes"])
            except ValidationError as error:
                field = {"communes": "commune", "departments": "departments", "regions": "regions"}.get(kind)
                self.add_error(field, error)
        return cleaned


class DetailsForm(VersionedForm):
    description = forms.CharField(
        label="Description du besoin",
        max_length=services.MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ce qu'il faut fournir ou réaliser, les quantités, les contraintes, les critères de choix.",
    )
    amount_range = forms.ChoiceField(label="Montant estimé", choices=AmountRange.choices)
    deadline = forms.DateField(
        label="Date limite de réponse",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Au format JJ/MM/AAAA si votre navigateur ne propose pas de calendrier.",
    )
    expected_start = forms.DateField(
        label="Début de la prestation (facultatif)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    questions = forms.CharField(
        label="Questions aux fournisseurs (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Une question par ligne, {services.MAX_QUESTIONS} au plus : chaque fournisseur intéressé y répond.",
    )
    show_buyer_name = forms.BooleanField(
        label="Afficher le nom de mon organisation aux fournisseurs avant qu'ils répondent",
        required=False,
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        services.check_deadline(deadline, timezone.localdate())
        return deadline

    def clean_questions(self):
        return services.clean_questions((self.cleaned_data.get("questions") or "").splitlines())

    def clean(self):
        cleaned = super().clean()
        start, deadline = cleaned.get("expected_start"), cleaned.get("deadline")
        if start and deadline and start < deadline:
            self.add_error(
                "expected_start", "Le début de la prestation ne peut pas précéder la date limite de réponse."
            )
        return cleaned


class AttachmentForm(VersionedForm):
    file = forms.FileField(
        label="Ajouter une pièce jointe",
        required=False,
        help_text=f"{attachments.ACCEPTED}, {attachments.MAX_ATTACHMENTS} fichiers au plus.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            attachments.check(uploaded)
        return uploaded


class DecisionForm(forms.Form):
    """The editors' decision in the Wagtail admin."""

    DECISIONS = [
        ("validate", "Valider et publier"),
        ("request_changes", "Demander une modification"),
        ("refuse", "Refuser"),
    ]
    decision = forms.ChoiceField(label="Décision", choices=DECISIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label="Message à l'acheteur (obligatoire pour une modification ou un refus)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in ("request_changes", "refuse") and not (cleaned.get("message") or "").strip():
            self.add_error(
                "message",
                "Indiquez à l'acheteur ce qu'il doit modifier."
                if cleaned["decision"] == "request_changes"
                else "Indiquez le motif du refus.",
            )
        return cleaned
