"""The database cache, with an atomic ``incr`` for counters shared by every worker.

Django's ``DatabaseCache.incr`` reads the value and writes it back (two statements, no lock)
and resets the entry's expiry to the default timeout: under several workers, concurrent
increments are lost and a 15-minute login lock turns into 5 minutes. Here the row is locked
first (an ``UPDATE`` of the row itself: a row lock on PostgreSQL, the write lock on SQLite,
which waits for the busy timeout instead of failing), then read and written in the same
transaction, keeping its expiry. Everything else is Django's database cache unchanged.

Counters (login failures, API requests per window) have a table of their own beside the
cache table, ``<table>_counters``: ``hit`` counts with one ``INSERT … ON CONFLICT DO UPDATE
… RETURNING`` statement (PostgreSQL; SQLite ≥ 3.35), instead of the cache's add-then-incr
(about ten statements with its culling count and savepoints). Expired counters restart at 1
and are purged now and then.
"""

from __future__ import annotations

import base64
import pickle
import random
import time
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    PURGE_ONE_IN = 1000
    """On average every this many hits also deletes the expired counters."""

    @property
    def counter_table(self) -> str:
        return f"{self._table}_counters"  # type: ignore[attr-defined]

    def create_counter_table(self) -> None:
        """Create the counters table if missing (run after every ``migrate``)."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self.counter_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {table} ("
                "counter_key VARCHAR(255) NOT NULL PRIMARY KEY, "
                "hits INTEGER NOT NULL, expires_at DOUBLE PRECISION NOT NULL)"
            )

    def hit(self, key: str, timeout: int) -> int:
        """Add one to the counter ``key`` (living ``timeout`` seconds from its first hit);
        the new count. One atomic statement."""
        key = self.make_and_validate_key(key)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self.counter_table)
        now = time.time()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (counter_key, hits, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
                "ON CONFLICT (counter_key) DO UPDATE SET "
                f"hits = CASE WHEN {table}.expires_at < %s THEN 1 ELSE {table}.hits + 1 END, "
                f"expires_at = CASE WHEN {table}.expires_at < %s "
                f"THEN excluded.expires_at ELSE {table}.expires_at END "
                "RETURNING hits",
                [key, now + timeout, now, now],
            )
            hits = int(cursor.fetchone()[0])
            if random.randrange(self.PURGE_ONE_IN) == 0:  # noqa: S311 - not security relevant
                cursor.execute(f"DELETE FROM {table} WHERE expires_at < %s", [now])  # noqa: S608
        return hits

    def unhit(self, key: str) -> None:
        """Forget the counter ``key``."""
        key = self.make_and_validate_key(key)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self.counter_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE counter_key = %s", [key])  # noqa: S608

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key_column = quote(self._table), quote("cache_key")  # type: ignore[attr-defined]
        value_column, expires_column = quote("value"), quote("expires")
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {expires_column} = {expires_column} "  # noqa: S608
                f"WHERE {key_column} = %s",
                [key],
            )
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{key}' not found")
            cursor.execute(
                f"SELECT {value_column}, {expires_column} FROM {table} "  # noqa: S608
                f"WHERE {key_column} = %s",
                [key],
            )
            raw, expires = cursor.fetchone()
            if _converted(connection, expires) < tz_now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(raw).encode()))  # noqa: S301
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode(
                "latin1"
            )
            cursor.execute(
                f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s",  # noqa: S608
                [encoded, key],
            )
        return new_value


def _converted(connection: Any, expires: Any) -> Any:
    """The stored expiry as an aware datetime (as Django's own cache reads it)."""
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    ):
        expires = converter(expires, expression, connection)
    return expires
