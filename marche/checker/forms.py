from django import forms

from . import reading


class CheckForm(forms.Form):
    numbers = forms.CharField(
        label="SIRET ou SIREN, un par ligne",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "fr-input", "spellcheck": "false"}),
        help_text="Par exemple 900000019 00019 ou 900000019. Jusqu'à 5 000 lignes.",
    )
    file = forms.FileField(
        label="Ou un fichier CSV ou XLSX avec une colonne « SIRET »",
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "fr-upload", "accept": ".csv,.xlsx,.txt"}),
        help_text="La première ligne porte les en-têtes ; le fichier annoté reprend toutes vos colonnes.",
    )

    def clean(self):
        cleaned = super().clean()
        try:
            if cleaned.get("file"):
                cleaned["table"] = reading.from_upload(cleaned["file"])
            else:
                cleaned["table"] = reading.from_text(cleaned.get("numbers") or "")
        except reading.UnreadableInput as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned
