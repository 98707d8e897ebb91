"""Zielwerk: kommunales SDG-Monitoring / municipal SDG monitoring."""
