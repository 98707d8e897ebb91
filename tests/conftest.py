"""Test settings: tests run with DEBUG off, like production, with a throwaway secret key."""

import os

os.environ.setdefault("ZIELWERK_SECRET_KEY", "test-" + "x" * 60)
os.environ.setdefault("ZIELWERK_SSL_REDIRECT", "0")
os.environ.setdefault("ZIELWERK_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("ZIELWERK_STATIC_MANIFEST", "0")
