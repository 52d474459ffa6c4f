"""Les paramètres du programme, données datées par campagne (`ressources/parametres/`).

Chaque feuille d'un fichier YAML porte une description, une unité et des valeurs par
campagne ; chaque valeur a sa référence au texte et la date de sa dernière vérification
(`verifie_le`), à la manière des paramètres d'OpenFisca. Une valeur vaut pour sa campagne
et les suivantes, jusqu'à la prochaine valeur datée ; `valeur: null` signifie « pas de
valeur pour cette campagne ».
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any

import yaml

from app_bureau.referentiel.ressources import ressource

DOSSIER = "parametres"


class Unite(StrEnum):
    """Les unités permises dans les fichiers de paramètres : une unité inconnue est refusée au
    chargement, et chaque sortie sait écrire chaque unité (`formats.valeur_parametre`)."""

    EUROS = "EUR"
    EUROS_PAR_REGION = "EUR par région"
    ESSMS = "ESSMS"
    MOIS = "mois"
    CHAMPS = "champs"
    DATE = "date"
    OUI_NON = "oui/non"
    PART = "part"
    RANG = "rang"
    TAUX = "taux"
    ANNEE = "année"


@dataclass(frozen=True)
class Parametre:
    nom: str
    description: str
    unite: Unite
    valeur: Any
    reference: str
    verifie_le: datetime.date
    campagne_de_la_valeur: str


@dataclass(frozen=True)
class Campagne:
    code: str
    libelle: str
    textes: tuple[str, ...]
    renvois: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Les paragraphes cités autrement à partir de cette campagne (`JeuParametres.reference`) :
    en 2023, la FAQ renvoie à l'instruction 2023/13, que l'application ne reprend pas."""
    appel: bool = True
    """False : l'application ne détient pas l'appel à projets de cette campagne (2024, 2025) ;
    elle ne sert qu'au suivi d'un projet financé, jamais à préparer un dossier."""


def _lire_yaml(nom: str) -> Any:
    return yaml.safe_load(ressource(DOSSIER, nom).read_text(encoding="utf-8"))


def _en_decimal(valeur: Any) -> Any:
    """Nombres YAML → `Decimal` exacts (les booléens, dates et textes restent tels quels)."""
    if isinstance(valeur, bool):
        return valeur
    if isinstance(valeur, int | float):
        return Decimal(str(valeur))
    if isinstance(valeur, dict):
        return {k: _en_decimal(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_en_decimal(v) for v in valeur]
    return valeur


def _feuilles(arbre: dict[str, Any], prefixe: str) -> dict[str, dict[str, Any]]:
    feuilles: dict[str, dict[str, Any]] = {}
    for cle, noeud in arbre.items():
        nom = f"{prefixe}.{cle}"
        if "valeurs" in noeud:
            feuilles[nom] = noeud
        else:
            feuilles.update(_feuilles(noeud, nom))
    return feuilles


@cache
def definitions() -> dict[str, dict[str, Any]]:
    """Toutes les feuilles de paramètres, par nom complet (`financement.forfait_moa…`)."""
    resultat: dict[str, dict[str, Any]] = {}
    for fichier in sorted(ressource(DOSSIER).iterdir(), key=lambda f: f.name):
        if fichier.name.endswith(".yaml") and fichier.name != "campagnes.yaml":
            resultat.update(_feuilles(_lire_yaml(fichier.name), fichier.name[: -len(".yaml")]))
    for nom, feuille in resultat.items():
        if feuille.get("unite") not in set(Unite):
            connues = ", ".join(f"« {u} »" for u in Unite)
            raise ValueError(
                f"paramètre {nom} : unité « {feuille.get('unite')} » inconnue (connues : {connues})"
            )
    return resultat


@cache
def campagnes() -> dict[str, Campagne]:
    return {
        str(code): Campagne(
            str(code),
            c["libelle"],
            tuple(c["textes"]),
            dict(c.get("renvois", {})),
            bool(c.get("appel", True)),
        )
        for code, c in _lire_yaml("campagnes.yaml").items()
    }


def campagnes_d_appel() -> dict[str, Campagne]:
    """Les campagnes dont l'application détient l'appel à projets : celles d'un dossier."""
    return {code: c for code, c in campagnes().items() if c.appel}


class JeuParametres:
    """Les valeurs en vigueur pour une campagne : `jeu["financement.rang_premier_montant_reduit"]`."""

    def __init__(self, campagne: str) -> None:
        if campagne not in campagnes():
            raise KeyError(f"campagne inconnue : {campagne}")
        self.campagne = campagnes()[campagne]
        self._parametres: dict[str, Parametre] = {}
        for nom, definition in definitions().items():
            datees = sorted(c for c in definition["valeurs"] if str(c) <= campagne)
            if not datees:
                continue
            valeur = definition["valeurs"][datees[-1]]
            if valeur["valeur"] is None:
                continue
            self._parametres[nom] = Parametre(
                nom=nom,
                description=definition["description"],
                unite=Unite(definition["unite"]),
                valeur=_en_decimal(valeur["valeur"]),
                reference=valeur["reference"],
                verifie_le=valeur["verifie_le"],
                campagne_de_la_valeur=str(datees[-1]),
            )

    def __getitem__(self, nom: str) -> Parametre:
        return self._parametres[nom]

    def get(self, nom: str) -> Parametre | None:
        return self._parametres.get(nom)

    def reference(self, cle: str, defaut: str) -> str:
        """Le paragraphe à citer pour `cle` (`eligibilite`…) : celui de la dernière campagne
        jusqu'à celle-ci qui le redéfinit (`renvois` de `campagnes.yaml`), sinon `defaut`
        (l'instruction 2022/34, `regles.references`)."""
        for code in sorted((c for c in campagnes() if c <= self.campagne.code), reverse=True):
            if cle in campagnes()[code].renvois:
                return campagnes()[code].renvois[cle]
        return defaut

    def tous(self) -> list[Parametre]:
        return list(self._parametres.values())


@cache
def parametres(campagne: str) -> JeuParametres:
    return JeuParametres(campagne)
