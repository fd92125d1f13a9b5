"""Alembic environment for the office store.

At run time ``OfficeStore.open`` passes its open connection in ``config.attributes["connection"]``
(no alembic.ini). For a developer's ``alembic revision --autogenerate``, set
``sqlalchemy.url`` in the config instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from advisor_app.office.tables import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later migrations copy the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("Pass a connection (OfficeStore.open does) or set sqlalchemy.url.")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("The office migrations run online only (through OfficeStore.open).")
run_migrations_online()
