"""Départements, régions et territoires hors programme (codes INSEE).

Données : `ressources/territoires.json`.
"""

from dataclasses import dataclass
from functools import cache

from app_bureau.referentiel.ressources import donnees_json


@dataclass(frozen=True)
class Region:
    code: str
    nom: str
    corse_ou_outre_mer: bool


@dataclass(frozen=True)
class Territoire:
    """Le territoire d'un ESSMS ou du siège d'un OG (département, ou collectivité hors programme)."""

    code: str
    nom: str
    region: Region | None
    hors_programme: bool

    @property
    def corse_ou_outre_mer(self) -> bool:
        return self.hors_programme or (self.region is not None and self.region.corse_ou_outre_mer)


@cache
def regions() -> dict[str, Region]:
    return {
        code: Region(code, r["nom"], r["corse_ou_outre_mer"])
        for code, r in donnees_json("territoires.json")["regions"].items()
    }


@cache
def territoires() -> dict[str, Territoire]:
    donnees = donnees_json("territoires.json")
    resultat = {
        code: Territoire(code, d["nom"], regions()[d["region"]], False)
        for code, d in donnees["departements"].items()
    }
    for code, nom in donnees["hors_programme"]["territoires"].items():
        resultat[code] = Territoire(code, nom, None, True)
    return resultat


def reference_hors_programme() -> str:
    return donnees_json("territoires.json")["hors_programme"]["reference"]


def prefixes_finess_outre_mer() -> dict[str, str]:
    return donnees_json("territoires.json")["finess_outre_mer"]["prefixes"]


def territoire(code: str) -> Territoire | None:
    return territoires().get(code)


def nom_region(code: str) -> str:
    region = regions().get(code)
    return region.nom if region else code


def nom_ars(code: str) -> str:
    """« ARS Bretagne » : l'agence d'une région, sans son code (qui se lirait comme un
    département : « Bretagne (53) » n'est pas la Mayenne)."""
    return f"ARS {nom_region(code)}"
