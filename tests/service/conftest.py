"""Fixtures for the access-control tests: an app that requires keys, and keys to call it with."""

from __future__ import annotations

import pytest

from config.settings import Settings
from service import create_app


@pytest.fixture
def secure_settings() -> Settings:
    return Settings.from_mapping({"redis_url": "redis://fake", "retry_intervals": (0,), "auth": "required"})


@pytest.fixture
def secure_app(secure_settings, clients):
    app = create_app(secure_settings, clients)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def secure_client(secure_app):
    return secure_app.test_client()


@pytest.fixture
def key_for(secure_app):
    """key_for(workspace, role) -> the Authorization headers of a new key."""

    def make(workspace: str, role: str) -> dict:
        _, secret = secure_app.extensions["corroborate"].keys.create(workspace, role, f"test {role}")
        return {"Authorization": f"Bearer {secret}"}

    return make
