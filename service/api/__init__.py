"""One blueprint per resource."""

from flask import current_app

from config.settings import Settings


def backend():
    return current_app.extensions["corroborate"]


def settings() -> Settings:
    return current_app.config["CORROBORATE"]
