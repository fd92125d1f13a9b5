"""Office tests run against SQLite and against a real PostgreSQL started here on loopback."""

from __future__ import annotations

import itertools

import pytest

from tests.postgres_server import PostgresServer

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the shared test cluster."""
    return postgres_server.create_database(f"office_{next(_names)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """The office store's URL: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'office.db'}"
    return request.getfixturevalue("postgres_url")
