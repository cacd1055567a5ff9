"""Filled by its own share of issue 15; included from events/urls.py."""

urlpatterns = []
