from tests.accounts.fixtures import _clear_cache, _fast_passwords  # noqa: F401
