from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from common.spreadsheet import download

from . import selectors, services
from .forms import CheckForm


def check(request):
    """Public: anyone checks a list of SIRET/SIREN (synchronous; 5 000 lines take well
    under a second, see bench/checker_5000.py)."""
    form = CheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = services.check_table(form.cleaned_data["table"])
        return redirect("checker:result", result.pk)
    return render(request, "marche/checker/check.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def result(request, pk):
    check = selectors.get_check(pk)
    return render(
        request,
        "marche/checker/result.html",
        {"check": check, "summary": selectors.summary(check), "labels": selectors.LABELS},
    )


@require_GET
def export(request, pk, file_format):
    check = selectors.get_check(pk)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return download(
        what="verification-fournisseurs",
        file_format=file_format,
        header=[*check.header, *selectors.ANNOTATION_HEADER],
        rows=selectors.annotated_rows(check, base_url),
    )
