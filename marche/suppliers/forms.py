from django import forms
from django.core.exceptions import ValidationError

from marche.geography.models import Department, Region
from marche.sectors.models import Sector, SectorGroup
from marche.sectors.taxonomy import service_kinds

from . import communes, perimeter
from .logos import clean_logo
from .models import Activity, ClientReference, Offer, Supplier
from .richtext import html_to_text, text_to_html


class SupplierProfileForm(forms.ModelForm):
    """Everything members edit; SIRET, kind and convention come from the reference data."""

    commune = forms.CharField(
        label="Commune",
        max_length=150,
        required=False,
        help_text="Tapez le nom ou le code postal, puis choisissez la commune dans la liste",
        widget=forms.TextInput(
            attrs={
                "list": "communes",
                "autocomplete": "off",
                "data-commune-picker": "",
                "data-insee-field": "id_commune_insee",
                "data-commune-label": "postal-code",
            }
        ),
    )
    # Set by static/js/commune-picker.js when the person picks a commune in the list.
    commune_insee = forms.CharField(required=False, max_length=5, widget=forms.HiddenInput)
    website = forms.URLField(label="Site internet", required=False, assume_scheme="https")
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Présentez vos activités, vos moyens et votre démarche d'insertion. Séparez les paragraphes par une ligne vide.",
    )
    # The version the person started from (optimistic locking, see services.save_member_edit).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    logo_file = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG, JPEG ou WebP, au moins 100×100 pixels, 2 Mo au plus. Le SVG n'est pas accepté.",
    )

    class Meta:
        model = Supplier
        fields = [
            "name", "brand", "address", "postal_code", "description",
            "contact_name", "contact_email", "contact_phone", "website",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id:
            self.fields["commune_insee"].initial = self.instance.commune_id
            self.fields["commune"].initial = communes.label(self.instance.commune)
        self.fields["version"].initial = self.instance.version
        if not self.is_bound:
            self.initial["description"] = html_to_text(self.instance.description)
        _dsfr_classes(self)

    def clean_commune(self):
        commune = communes.resolve(self.cleaned_data["commune"], self.data.get("commune_insee", ""))
        self._chosen_insee = commune.insee if commune else ""
        return commune

    def clean_commune_insee(self):
        # Decided by clean_commune from the visible field (which runs first).
        return getattr(self, "_chosen_insee", "")

    def clean_description(self):
        return text_to_html(self.cleaned_data["description"])

    def clean_logo_file(self):
        uploaded = self.cleaned_data.get("logo_file")
        # The re-encoded logo, so the service stores only what the server produced.
        return clean_logo(uploaded) if uploaded else uploaded


def _dsfr_classes(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.HiddenInput):
            continue
        css = "fr-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "fr-input"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class CommuneListField(forms.CharField):
    """Communes listed as the picker shows them, « Nom (code postal) », separated by « ; ».
    Each must designate exactly one commune (communes.resolve), or the field says which."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        if "\x00" in text:
            # Checked before any lookup: PostgreSQL refuses NUL in a query parameter.
            raise ValidationError("Caractère nul (\\0) interdit : retapez les communes.")
        items = [item.strip() for item in text.split(";") if item.strip()]
        found, problems = {}, []
        for item in items:
            try:
                commune = communes.resolve(item, "")
            except ValidationError as exc:
                problems += exc.messages
            else:
                found[commune.insee] = commune
        if problems:
            raise ValidationError(problems)
        return list(found.values())

    def has_changed(self, initial, data):
        # Compared as sets of communes: an empty field is no change from no communes (an
        # extra activity left blank must stay ignored).
        try:
            chosen = {c.insee for c in self.to_python(data)}
        except ValidationError:
            return True
        return chosen != {getattr(c, "insee", c) for c in initial or []}

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "; ".join(communes.label(c) if hasattr(c, "insee") else str(c) for c in value)
        return value


class ActivityForm(forms.ModelForm):
    """One activity: sectors (or a whole sector group at once), kinds of service, perimeter."""

    sector_group = forms.ModelChoiceField(
        label="Ajouter tous les secteurs d'un groupe",
        queryset=SectorGroup.objects.all(),
        required=False,
        help_text="Facultatif : tous les secteurs de ce groupe sont ajoutés à l'activité.",
    )
    sectors = forms.ModelMultipleChoiceField(
        label="Secteurs d'activité",
        queryset=Sector.objects.select_related("group"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    service_kinds = forms.MultipleChoiceField(
        label="Types de prestation", choices=service_kinds(), widget=forms.CheckboxSelectMultiple, required=False
    )
    perimeter_communes = CommuneListField(
        label="Communes d'intervention",
        required=False,
        help_text="Pour le périmètre « Communes » : « Nom (code postal) », séparées par un point-virgule, "
        "par exemple « Villeurbanne (69100); Bron (69500) ».",
    )
    perimeter_departments = forms.ModelMultipleChoiceField(
        label="Départements d'intervention", queryset=Department.objects.all(), required=False
    )
    perimeter_regions = forms.ModelMultipleChoiceField(
        label="Régions d'intervention", queryset=Region.objects.all(), required=False
    )

    class Meta:
        model = Activity
        fields = [
            "sectors", "service_kinds", "perimeter_kind", "perimeter_radius_km",
            "perimeter_communes", "perimeter_departments", "perimeter_regions",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["perimeter_communes"] = list(self.instance.perimeter_communes.all())
        _dsfr_classes(self)

    def clean(self):
        cleaned = super().clean()
        sectors = list(cleaned.get("sectors") or [])
        group = cleaned.get("sector_group")
        if group is not None:
            sectors += [s for s in group.sectors.all() if s not in sectors]
        cleaned["sectors"] = sectors
        if not sectors and "sectors" not in self.errors:
            self.add_error("sectors", "Choisissez au moins un secteur (ou un groupe de secteurs) pour cette activité.")
        kind = cleaned.get("perimeter_kind")
        if kind:
            errors = perimeter.validate(
                kind,
                cleaned.get("perimeter_radius_km"),
                cleaned.get("perimeter_departments"),
                cleaned.get("perimeter_regions"),
                cleaned.get("perimeter_communes"),
            )
            for field, message in errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
            # Only the chosen kind's values are kept: a list left over from another kind
            # would otherwise come back when the kind is switched again.
            for name, owner in (
                ("perimeter_radius_km", perimeter.PerimeterKind.RADIUS),
                ("perimeter_communes", perimeter.PerimeterKind.COMMUNES),
                ("perimeter_departments", perimeter.PerimeterKind.DEPARTMENTS),
                ("perimeter_regions", perimeter.PerimeterKind.REGIONS),
            ):
                if kind != owner and name in cleaned:
                    cleaned[name] = None if name == "perimeter_radius_km" else []
        return cleaned


class BaseActivityFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Rule: an activity named by the form must be one of this profile's. Django would
        silently drop another one's (or one deleted meanwhile); say it instead."""
        super().clean()
        for form in self.initial_forms:
            if form.instance.pk is None and form[self.model._meta.pk.name].data:
                raise ValidationError(
                    "Une des activités n'existe plus ou n'appartient pas à cette fiche : rien n'a été "
                    "enregistré. Rechargez la page pour repartir des activités enregistrées."
                )


ActivityFormSet = forms.inlineformset_factory(
    Supplier, Activity, form=ActivityForm, formset=BaseActivityFormSet, extra=2, can_delete=True,
)  # fmt: skip
OfferFormSet = forms.inlineformset_factory(
    Supplier, Offer, fields=["title", "description"], extra=1, can_delete=True,
    labels={"title": "Intitulé de la prestation", "description": "Description de la prestation"},
    widgets={"title": forms.TextInput(attrs={"class": "fr-input"}), "description": forms.Textarea(attrs={"class": "fr-input", "rows": 3})},
)  # fmt: skip
ReferenceFormSet = forms.inlineformset_factory(
    Supplier, ClientReference, fields=["client_name", "description"], extra=1, can_delete=True,
    labels={"client_name": "Client de référence", "description": "Ce qui a été réalisé pour ce client"},
    widgets={"client_name": forms.TextInput(attrs={"class": "fr-input"}), "description": forms.Textarea(attrs={"class": "fr-input", "rows": 3})},
)  # fmt: skip
