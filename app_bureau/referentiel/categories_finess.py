"""Catégories d'établissement du FINESS : champ suggéré, ESSMS de l'art. L.312-1 CASF ou non.

Données : `ressources/categories_finess.json`.
"""

from dataclasses import dataclass
from functools import cache

from app_bureau.modele import Champ
from app_bureau.referentiel.ressources import donnees_json


@dataclass(frozen=True)
class CategorieFiness:
    code: str
    libelle: str
    champ: Champ
    essms: bool
    reference: str


@cache
def categories() -> dict[str, CategorieFiness]:
    return {
        c["code"]: CategorieFiness(
            c["code"], c["libelle"], Champ(c["champ"]), c["essms"], c["reference"]
        )
        for c in donnees_json("categories_finess.json")["categories"]
    }


def categorie(code: str) -> CategorieFiness | None:
    return categories().get(code)
