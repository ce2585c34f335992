from django.shortcuts import render

from recommendations import roles


def home(request):
    """The landing page after login; each role's workspace grows from here."""
    return render(request, "home.html", {"role": roles.role_of(request.user)})
