"""Montants, taux et dates à la française, hors Qt (Babel)."""

import datetime
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "fr_FR"


@lru_cache(maxsize=4096)
def euros(montant: Decimal) -> str:
    """`Decimal("21500")` → « 21 500,00 € » (espaces insécables fines, comme l'usage français)."""
    return format_currency(montant, "EUR", locale=LOCALE)


@lru_cache(maxsize=1024)
def pourcentage(part: Decimal) -> str:
    """`Decimal("0.625")` → « 62,5 % »."""
    return format_decimal(part * 100, format="#,##0.##", locale=LOCALE) + "\u00a0%"


def date_courte(jour: datetime.date) -> str:
    """`date(2023, 9, 15)` → « 15/09/2023 »."""
    return format_date(jour, "dd/MM/yyyy", locale=LOCALE)


def essms_retenus(nombre: int) -> str:
    """« 1 ESSMS retenu », « 9 ESSMS retenus »."""
    return f"{nombre} ESSMS retenu" + ("s" if nombre > 1 else "")


def moment_court(iso: str) -> str:
    """Un horodatage ISO (UTC) → « 23/11/2026 18:55 », à l'heure locale."""
    return format_datetime(
        datetime.datetime.fromisoformat(iso).astimezone(), "dd/MM/yyyy HH:mm", locale=LOCALE
    )
