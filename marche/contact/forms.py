from django import forms
from django.conf import settings

from . import services


class _AttachmentMixin:
    def attachment_value(self) -> services.Attachment | None:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        return services.Attachment(name=upload.name, content=upload.read())

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        # Size first, before reading the file into memory.
        if upload and upload.size > settings.CONTACT_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"La pièce jointe dépasse {settings.CONTACT_ATTACHMENT_MAX_BYTES // (1024 * 1024)} Mo : "
                "allégez-la ou envoyez un lien."
            )
        return upload


class ContactForm(_AttachmentMixin, forms.Form):
    subject = forms.CharField(
        label="Objet", max_length=services.SUBJECT_MAX, widget=forms.TextInput(attrs={"class": "fr-input"})
    )
    body = forms.CharField(
        label="Message",
        max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "class": "fr-input"}),
        help_text="Présentez votre besoin : le fournisseur vous répondra directement à votre adresse e-mail.",
    )
    attachment = forms.FileField(
        label="Pièce jointe (facultative)",
        required=False,
        help_text="PDF, PNG, JPEG, DOCX, XLSX, ODT ou ODS.",
        widget=forms.ClearableFileInput(attrs={"class": "fr-upload"}),
    )

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        # Refused rather than silently joined: the person sees what will be sent.
        if "\r" in subject or "\n" in subject:
            raise forms.ValidationError("L'objet tient sur une seule ligne : retirez les retours à la ligne.")
        return subject


class ReplyForm(_AttachmentMixin, forms.Form):
    body = forms.CharField(
        label="Votre réponse",
        max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "class": "fr-input"}),
    )
    attachment = forms.FileField(
        label="Pièce jointe (facultative)",
        required=False,
        help_text="PDF, PNG, JPEG, DOCX, XLSX, ODT ou ODS.",
        widget=forms.ClearableFileInput(attrs={"class": "fr-upload"}),
    )
