from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from marche.suppliers import selectors as supplier_selectors

from . import selectors, services
from .forms import ContactForm, ReplyForm
from .models import Message


def _refusal_to_form(form, exc: services.ContactRefused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@login_required
def contact(request, slug):
    supplier = supplier_selectors.public_profile(slug)
    allowed = selectors.can_contact(request.user) and selectors.contactable(supplier)
    form = ContactForm(request.POST or None, request.FILES or None)
    if allowed and request.method == "POST" and form.is_valid():
        try:
            conversation = services.contact_supplier(
                buyer=request.user,
                supplier=supplier,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachment=form.attachment_value(),
            )
        except services.ContactRefused as exc:
            _refusal_to_form(form, exc)
        else:
            messages.success(
                request,
                f"Votre message a été envoyé à {supplier.display_name}. Sa réponse arrivera dans votre boîte e-mail.",
            )
            return redirect("contact:conversation", conversation.pk)
    return render(
        request,
        "marche/contact/contact.html",
        {
            "supplier": supplier,
            "form": form,
            "allowed": allowed,
            "is_verified_buyer": selectors.can_contact(request.user),
            "unverified_buyer_organizations": supplier_selectors.unverified_buyer_organizations(request.user),
        },
        status=200 if allowed else 403,
    )


@login_required
def inbox(request):
    return render(
        request,
        "marche/contact/inbox.html",
        {
            "sent": selectors.sent_by(request.user),
            "received": selectors.received_by(request.user),
            "retention_months": settings.CONTACT_RETENTION_MONTHS,
        },
    )


@login_required
def conversation(request, pk):
    conversation = selectors.conversation_for(request.user, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply(
                author=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                attachment=form.attachment_value(),
            )
        except services.ContactRefused as exc:
            _refusal_to_form(form, exc)
        else:
            messages.success(request, "Votre réponse a été envoyée.")
            return redirect("contact:conversation", conversation.pk)
    return render(
        request,
        "marche/contact/conversation.html",
        {
            "conversation": conversation,
            "conversation_messages": conversation.messages.all(),
            "side": selectors.side_of(request.user, conversation),
            "form": form,
        },
    )


@login_required
def attachment(request, pk):
    message = Message.objects.filter(pk=pk).select_related("conversation").first()
    # A party to the conversation only; anyone else gets the same 404 as a missing file.
    if message is None or not message.attachment:
        raise Http404("Pièce jointe introuvable.")
    selectors.conversation_for(request.user, message.conversation_id)
    return FileResponse(
        message.attachment.open("rb"), as_attachment=True, filename=message.attachment_name or "piece-jointe"
    )
