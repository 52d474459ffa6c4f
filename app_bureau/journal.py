"""Le journal des erreurs inattendues (sans Qt) : le détail technique (pile d'appels) que
l'utilisateur ne voit jamais, gardé pour le support.

Un fichier texte `assistant-grappe.log` dans le dossier de journaux de l'utilisateur
(platformdirs `user_log_dir` : `~/.local/state/AssistantGrappe/log` sous Linux,
`%LOCALAPPDATA%\\AssistantGrappe\\Logs` sous Windows). Au-delà de 1 Mo, il est renommé en
`assistant-grappe.1.log` (le précédent est effacé) : deux fichiers au plus. Écrire le journal
ne lève jamais : s'il ne peut pas l'être (dossier protégé, disque plein), l'erreur est tout
de même dite à l'utilisateur, sans chemin de journal.
"""

import datetime
import faulthandler
import os
import traceback
from pathlib import Path
from typing import TextIO

from platformdirs import user_log_dir

NOM = "assistant-grappe.log"
PLANTAGES = "plantages.log"
"""Où un plantage du processus lui-même (erreur de segmentation dans Qt…) écrit sa pile
Python : aucun message ne peut plus être montré, mais le support saura où il s'est produit."""
_plantages: TextIO | None = None
TAILLE_MAXIMALE = 1024 * 1024


def dossier_journaux() -> Path:
    return Path(user_log_dir("AssistantGrappe", appauthor=False))


def consigner(exc: BaseException, contexte: str = "") -> Path | None:
    """Ajoute l'erreur et sa pile au journal ; renvoie le chemin du journal, None s'il n'a
    pas pu être écrit."""
    try:
        dossier = dossier_journaux()
        dossier.mkdir(parents=True, exist_ok=True)
        chemin = dossier / NOM
        if chemin.exists() and chemin.stat().st_size > TAILLE_MAXIMALE:
            os.replace(chemin, dossier / NOM.replace(".log", ".1.log"))
        pile = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        moment = datetime.datetime.now().isoformat(timespec="seconds")
        with chemin.open("a", encoding="utf-8", errors="replace") as journal:
            journal.write(f"--- {moment} {contexte}\n{pile}\n")
        return chemin
    except Exception:  # le journal ne doit jamais cacher l'erreur elle-même
        return None


def consigner_les_plantages() -> Path | None:
    """À l'ouverture de l'application : `faulthandler` écrit dans `plantages.log` (à la suite
    de ce qui y est). Le fichier reste ouvert jusqu'à `fin_des_plantages`."""
    global _plantages
    try:
        dossier = dossier_journaux()
        dossier.mkdir(parents=True, exist_ok=True)
        chemin = dossier / PLANTAGES
        _plantages = chemin.open("a", encoding="utf-8")
        faulthandler.enable(_plantages)
        return chemin
    except OSError:  # dossier protégé, disque plein : l'application s'ouvre quand même
        return None


def fin_des_plantages() -> None:
    """À la fermeture normale : plus de pile à écrire ; un journal resté vide est retiré
    (rien n'est laissé sur le disque sans raison)."""
    global _plantages
    if _plantages is None:
        return
    faulthandler.disable()
    chemin = Path(_plantages.name)
    _plantages.close()
    _plantages = None
    try:
        if chemin.stat().st_size == 0:
            chemin.unlink()
    except OSError:
        pass
