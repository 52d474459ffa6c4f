"""Montants et dates à la française dans l'interface, par la locale de Qt."""

import datetime
from decimal import Decimal

from PySide6.QtCore import QDateTime, QLocale


def montant(valeur: Decimal) -> str:
    """« 21 500,00 € »."""
    return QLocale().toCurrencyString(float(valeur), "€")


def moment(iso: str) -> str:
    """Un horodatage ISO (UTC) → « 23/11/2026 18:55 », à l'heure locale."""
    instant = datetime.datetime.fromisoformat(iso)
    return QLocale().toString(
        QDateTime.fromSecsSinceEpoch(int(instant.timestamp())).toLocalTime(), "dd/MM/yyyy HH:mm"
    )
