from django.shortcuts import render


def login_failed(request):
    """Where a refused or interrupted login through Compte inclusion lands; messages say why."""
    return render(request, "marche/login_failed.html")
