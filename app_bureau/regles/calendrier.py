"""Les dates de la campagne au regard du jour : dépôt et engagement des crédits, passés ou non.

Le jour vient de l'horloge de l'ordinateur, sauf s'il est donné : paramètre `aujourd_hui`
d'`evaluation.evaluer`, option `--date AAAA-MM-JJ` de la ligne de commande, ou variable
d'environnement `APP_BUREAU_DATE` (essais, captures, dossier relu à une date donnée).

Une date de dépôt (« jusqu'au 15 septembre ») est passée le lendemain ; une date
d'engagement (« avant le 30 décembre ») l'est le jour même.
"""

import datetime
import os
import re
from dataclasses import dataclass

from app_bureau.formats import date_courte
from app_bureau.modele import Gravite, Orientation
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import Anomalie, Explication

VARIABLE_DATE = "APP_BUREAU_DATE"
"""La variable d'environnement qui fixe le jour (AAAA-MM-JJ) à la place de l'horloge."""

_FORME = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateInvalide(ValueError):
    """Une date donnée (option, variable d'environnement) qui n'est pas AAAA-MM-JJ."""


def lire_date(texte: str, origine: str = "date") -> datetime.date:
    """« 2026-11-30 » → la date ; sinon `DateInvalide`, en français, qui nomme l'origine."""
    propre = texte.strip()
    try:
        if _FORME.fullmatch(propre):
            return datetime.date.fromisoformat(propre)
    except ValueError:
        pass
    raise DateInvalide(f"{origine} : « {propre[:40]} » n'est pas une date AAAA-MM-JJ (2026-11-30)")


def date_du_jour() -> datetime.date:
    """Le jour de l'évaluation : `APP_BUREAU_DATE` si elle est définie, sinon l'horloge."""
    texte = os.environ.get(VARIABLE_DATE, "")
    return lire_date(texte, VARIABLE_DATE) if texte.strip() else datetime.date.today()


@dataclass(frozen=True)
class EtatCampagne:
    """Où en est la campagne du dossier le jour de l'évaluation."""

    aujourd_hui: datetime.date
    statut: str
    """« en cours », « dépôt clos » ou « close »."""
    detail: str
    """« les ARS devaient engager les crédits avant le 30/12/2022 (date passée au 30/11/2026) »."""
    explication: Explication
    """« Campagne 2022 — close : » puis le détail, avec la référence de la date en cause."""
    alertes: tuple[Anomalie, ...]
    """Les avertissements des dates passées (ils sont aussi parmi les constats)."""

    @property
    def dates_passees(self) -> bool:
        return bool(self.alertes)

    @property
    def texte(self) -> str:
        return self.explication.libelle


def etat_campagne(
    jeu: JeuParametres, orientation: Orientation, multiregional: bool, aujourd_hui: datetime.date
) -> tuple[EtatCampagne, list[Anomalie]]:
    """Le statut de la campagne et, pour chaque date du calendrier, un constat : information
    tant qu'elle n'est pas passée, avertissement ensuite."""
    campagne = jeu.campagne.libelle
    constats: list[Anomalie] = []
    depot = None
    if orientation is Orientation.REGIONALE:
        depot = jeu.get(
            "calendrier.depot_multiregional_jusqu_au"
            if multiregional
            else "calendrier.depot_regional_jusqu_au"
        )
    quels = "projets multirégionaux" if multiregional else "projets régionaux"
    depot_passe = depot is not None and aujourd_hui > depot.valeur
    if depot is not None:
        if depot_passe:
            message = (
                f"Date de dépôt passée : les {quels} de la {campagne.lower()} se déposaient "
                f"jusqu'au {date_courte(depot.valeur)} (nous sommes le "
                f"{date_courte(aujourd_hui)}). Vérifiez auprès de l'ARS la campagne en cours "
                "et ses textes."
            )
            constats.append(Anomalie(Gravite.AVERTISSEMENT, message, depot.reference))
        else:
            message = f"Dépôt possible jusqu'au {date_courte(depot.valeur)}."
            constats.append(Anomalie(Gravite.INFORMATION, message, depot.reference))

    engagement = jeu["calendrier.engagement_avant"]
    engagement_passe = aujourd_hui >= engagement.valeur
    if engagement_passe:
        message = (
            f"{campagne} close : les ARS devaient engager les crédits avant le "
            f"{date_courte(engagement.valeur)} (nous sommes le {date_courte(aujourd_hui)}) ; "
            "ceux de cette campagne ne peuvent plus être engagés. Vérifiez auprès de l'ARS la "
            "campagne en cours et ses textes."
        )
        constats.append(Anomalie(Gravite.AVERTISSEMENT, message, engagement.reference))
    else:
        message = f"Les ARS engagent les crédits avant le {date_courte(engagement.valeur)}."
        constats.append(Anomalie(Gravite.INFORMATION, message, engagement.reference))

    le_jour = f"au {date_courte(aujourd_hui)}"
    if engagement_passe:
        statut, reference = "close", engagement.reference
        detail = (
            f"les ARS devaient engager les crédits avant le {date_courte(engagement.valeur)} "
            f"(date passée {le_jour})"
        )
    elif depot_passe:
        assert depot is not None
        statut, reference = "dépôt clos", depot.reference
        detail = (
            f"les {quels} se déposaient jusqu'au {date_courte(depot.valeur)} "
            f"(date passée {le_jour})"
        )
    else:
        statut = "en cours"
        reference = depot.reference if depot is not None else engagement.reference
        limite = f"dépôt jusqu'au {date_courte(depot.valeur)}, " if depot is not None else ""
        detail = (
            f"{le_jour}, {limite}engagement des crédits avant le {date_courte(engagement.valeur)}"
        )
    etat = EtatCampagne(
        aujourd_hui,
        statut,
        detail,
        Explication(f"{campagne} — {statut} : {detail}", reference),
        tuple(a for a in constats if a.gravite is Gravite.AVERTISSEMENT),
    )
    return etat, constats
