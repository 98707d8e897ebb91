"""Routers of API v1, one per domain."""
