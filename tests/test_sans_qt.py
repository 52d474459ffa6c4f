"""Tout `app_bureau` hors `app_bureau.ecrans` s'importe sans PySide6.

Le contrôle tourne dans un processus neuf où PySide6 est rendu inimportable par un
chercheur placé en tête de `sys.meta_path`. Chaque module est importé à neuf (les modules
`app_bureau` déjà chargés sont retirés) et toute tentative d'importer PySide6 est notée,
même si le module rattrape l'ImportError.
"""

import json
import subprocess
import sys
from typing import Any

import pytest

pytestmark = pytest.mark.lent  # sous-processus ou calculs longs

SCRIPT = r"""
import contextlib
import importlib
import io
import json
import pkgutil
import sys
import traceback


class BloqueurPySide6:
    def __init__(self):
        self.tentatives = []

    def find_spec(self, nom, chemin=None, cible=None):
        if nom == "PySide6" or nom.startswith("PySide6."):
            self.tentatives.append(nom)
            raise ImportError(f"PySide6 est bloqué pour ce test ({nom})")
        return None


bloqueur = BloqueurPySide6()
sys.meta_path.insert(0, bloqueur)
for nom in [m for m in sys.modules if m == "PySide6" or m.startswith("PySide6.")]:
    del sys.modules[nom]

import app_bureau  # noqa: E402

A_IGNORER = "app_bureau.ecrans"
erreurs_parcours = []
noms = ["app_bureau"]
for info in pkgutil.walk_packages(
    app_bureau.__path__, "app_bureau.", onerror=erreurs_parcours.append
):
    noms.append(info.name)
modules = [n for n in noms if n != A_IGNORER and not n.startswith(A_IGNORER + ".")]
ignores = [n for n in noms if n not in modules]


def oublier_app_bureau():
    for nom in [m for m in sys.modules if m == "app_bureau" or m.startswith("app_bureau.")]:
        del sys.modules[nom]


def importer(nom):
    if nom == "app_bureau.__main__":
        # Importer __main__ lance la commande : on lui donne une sous-commande inoffensive.
        argv, sys.argv = sys.argv, ["app-bureau", "--version"]
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                importlib.import_module(nom)
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise
        finally:
            sys.argv = argv
    else:
        importlib.import_module(nom)


def verifier(nom):
    oublier_app_bureau()
    avant = len(bloqueur.tentatives)
    try:
        importer(nom)
    except BaseException:
        return traceback.format_exc(limit=-3)
    if len(bloqueur.tentatives) > avant:
        return "tente d'importer " + ", ".join(sorted(set(bloqueur.tentatives[avant:])))
    if any(m == "PySide6" or m.startswith("PySide6.") for m in sys.modules):
        return "PySide6 présent dans sys.modules"
    return None


fautifs = {}
for nom in modules:
    probleme = verifier(nom)
    if probleme:
        fautifs[nom] = probleme

temoin = verifier(sys.argv[1]) if len(sys.argv) > 1 else None
rapport = {"modules": modules, "ignores": ignores, "fautifs": fautifs, "temoin": temoin,
           "erreurs_parcours": erreurs_parcours}
print(json.dumps(rapport, ensure_ascii=False))
"""


def controle(*arguments: str) -> dict[str, Any]:
    """Lance le contrôle dans un processus neuf ; son rapport JSON."""
    r = subprocess.run(
        [sys.executable, "-c", SCRIPT, *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_aucun_module_hors_ecrans_n_importe_pyside6() -> None:
    rapport = controle("app_bureau.ecrans.application")
    fautifs: dict[str, str] = rapport["fautifs"]
    assert not fautifs, "Modules qui importent PySide6 (directement ou non) :\n" + "\n".join(
        f"- {nom} : {raison}" for nom, raison in sorted(fautifs.items())
    )
    assert rapport["erreurs_parcours"] == []
    modules = set(rapport["modules"])
    # Le parcours trouve bien tout le paquet, sous-paquet des règles compris.
    for attendu in (
        "app_bureau",
        "app_bureau.__main__",
        "app_bureau.cli",
        "app_bureau.fichier.dossier",
        "app_bureau.identifiants",
        "app_bureau.modele",
        "app_bureau.cli.sortie_json",
        "app_bureau.cli.sortie_texte",
        "app_bureau.referentiel.territoires",
        "app_bureau.regles",
        "app_bureau.regles.evaluation",
        "app_bureau.regles.financement",
        "app_bureau.regles.parametres",
    ):
        assert attendu in modules, attendu
    assert not any(m.startswith("app_bureau.ecrans") for m in modules)
    assert "app_bureau.ecrans" in rapport["ignores"]
    # Témoin : le bloqueur détecte bien un module Qt (le test sait échouer).
    assert rapport["temoin"] is not None
    assert "PySide6" in rapport["temoin"]
