"""Les dates s'écrivent sans base de fuseaux horaires (paquet Windows sans tzdata).

Le paquet PyInstaller écarte tzdata : Windows n'a pas de base IANA, et l'application ne
demande aucun fuseau nommé (`astimezone()` donne l'heure locale du système). Babel cherche
pourtant le fuseau local à son import ; sans base, il prend son fuseau de secours. Le
contrôle tourne dans un processus neuf où tzdata est inimportable et où zoneinfo ne trouve
aucun fichier.
"""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.lent  # sous-processus

SCRIPT = r"""
import sys
import zoneinfo

sys.modules["tzdata"] = None  # comme dans le paquet : import tzdata → ImportError
try:
    zoneinfo.ZoneInfo("Europe/Paris")
except zoneinfo.ZoneInfoNotFoundError:
    pass
else:
    raise SystemExit("une base de fuseaux est encore trouvée")

from app_bureau.formats import date_courte, moment_court
import datetime

print(moment_court("2026-11-23T17:55:00+00:00"), date_courte(datetime.date(2023, 9, 15)))
"""


def test_moment_court_sans_base_de_fuseaux():
    # TZ fixe (sans fichier) : heure d'hiver de Paris, comme le dirait Windows.
    env = {**os.environ, "PYTHONTZPATH": "", "TZ": "CET-1"}
    resultat = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=False
    )
    assert resultat.returncode == 0, resultat.stderr + resultat.stdout
    assert resultat.stdout.split() == ["23/11/2026", "18:55", "15/09/2023"]
