from django.shortcuts import render


def home(request):
    return render(request, "sso/home.html")
