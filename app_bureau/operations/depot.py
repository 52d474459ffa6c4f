"""Le dépôt de dossiers de l'application : la base, avec le total estimé par les règles et
l'état du suivi d'un dossier financé (gardés pour la liste des dossiers)."""

from decimal import Decimal
from pathlib import Path

from app_bureau.modele import Dossier
from app_bureau.stockage.base import ouvrir_base
from app_bureau.stockage.depot import DepotDossiers
from app_bureau.stockage.emplacement import chemin_base


def ouvrir_depot(option_base: str | Path | None = None) -> DepotDossiers:
    """Ouvre (crée, contrôle, migre) la base désignée ; lève `ErreurBase` sinon."""
    db = ouvrir_base(chemin_base(option_base))
    return DepotDossiers(db, estimer=total_estime, suivre=etat_du_suivi)


def total_estime(dossier: Dossier) -> Decimal:
    """Le total des règles (importées au premier besoin : la liste des dossiers s'en passe)."""
    from app_bureau.regles.evaluation import evaluer

    return evaluer(dossier).totaux.total


def etat_du_suivi(dossier: Dossier) -> str | None:
    """L'état du suivi d'un dossier financé, ce jour, pour la liste des dossiers."""
    if dossier.suivi is None:
        return None
    from app_bureau.regles.calendrier import date_du_jour
    from app_bureau.regles.suivi import evaluer_suivi

    resultat = evaluer_suivi(dossier, date_du_jour())
    return None if resultat is None else resultat.etat.value
