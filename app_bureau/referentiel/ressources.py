"""Accès en lecture aux fichiers de `ressources/` (données, polices, exemples)."""

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def ressource(*chemin: str) -> Traversable:
    """Le fichier `ressources/<chemin>`, qu'il soit installé ou dans le dépôt."""
    return files("app_bureau.ressources").joinpath(*chemin)


@cache
def donnees_json(nom: str) -> Any:
    """Le contenu d'un fichier JSON de `ressources/`, lu une seule fois."""
    return json.loads(ressource(nom).read_text(encoding="utf-8"))
