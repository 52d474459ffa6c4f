"""Outils des tests de robustesse (issue 16) : la commande en sous-processus, bornée en
temps et en mémoire, et des fichiers dossier hostiles."""

import os
import resource
import subprocess
import sys
from pathlib import Path

from app_bureau.fichier.dossier import encoder, vers_donnees
from app_bureau.referentiel.ressources import ressource
from tests.fabrique import dossier, og, serie

EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
MEMOIRE = 1024 * 1024 * 1024  # 1 Go d'espace d'adressage pour une commande


def _borner_memoire(octets: int):  # type: ignore[no-untyped-def]
    def borner() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (octets, octets))

    return borner


def app(
    *arguments: str,
    base: Path | None = None,
    env: dict[str, str] | None = None,
    delai: float = 60,
    memoire: int | None = MEMOIRE,
) -> subprocess.CompletedProcess[str]:
    """`app-bureau ARGUMENTS [--base BASE]` dans un sous-processus : arrêté au bout de `delai`
    secondes (l'échec du test le dit), l'espace d'adressage limité à `memoire` octets."""
    options = ["--base", str(base)] if base else []
    return subprocess.run(
        [sys.executable, "-m", "app_bureau", *arguments, *options],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=delai,
        preexec_fn=_borner_memoire(memoire) if memoire else None,
    )


def sans_trace(resultat: subprocess.CompletedProcess[str]) -> bool:
    """Code 2, un message en français, jamais de pile d'appels Python."""
    return (
        resultat.returncode == 2
        and resultat.stderr.startswith("app-bureau : ")
        and "Traceback" not in resultat.stderr
        and "Error" not in resultat.stderr
    )


def fichier_geant(chemin: Path, nombre: int = 2000) -> Path:
    """Un fichier dossier valide de `nombre` ESSMS (un PDF long à mettre en page)."""
    organismes = [og(f"og{i}", nombre_essms_geres=200) for i in range(10)]
    etablissements = serie(nombre)
    for i, e in enumerate(etablissements):
        e.organisme = f"og{i % 10}"
    chemin.write_text(encoder(vers_donnees(dossier(etablissements, organismes))), "utf-8")
    return chemin
