"""Réglages communs : Qt sans écran, en français."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def application_fr(qapp):  # type: ignore[no-untyped-def]
    """L'application Qt réglée comme au lancement (locale et traductions françaises)."""
    from app_bureau.ecrans.application import preparer_application

    return preparer_application([])
