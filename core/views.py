"""The start page: where login leads, made of the panels apps register (core/start.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .start import panels_for


@login_required
def start(request):
    return render(request, "start/start.html", {"panels": panels_for(request)})
