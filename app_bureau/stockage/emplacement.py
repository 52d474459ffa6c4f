"""Où est la base : `--base CHEMIN`, sinon la variable `APP_BUREAU_BASE`, sinon le dossier de
données de l'utilisateur (platformdirs)."""

import os
from pathlib import Path

from platformdirs import user_data_dir

VARIABLE = "APP_BUREAU_BASE"
NOM_FICHIER = "dossiers.sqlite"


def chemin_base(option: str | Path | None = None) -> Path:
    if option:
        return Path(option)
    if variable := os.environ.get(VARIABLE):
        return Path(variable)
    return Path(user_data_dir("AssistantGrappe", appauthor=False)) / NOM_FICHIER
