"""Signals of the catalogue app."""

from django.dispatch import Signal

# Sent after ``catalogue_load`` changed anything (bulk writes send no model signals).
catalogue_loaded = Signal()
