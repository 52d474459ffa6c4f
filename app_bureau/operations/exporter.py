"""Exporter un dossier de la base puis garder une version : écrit une seule fois, pour la
commande `app-bureau exporter` et pour la page Exporter.

Tout ou rien : les documents sont écrits sous des noms temporaires (`preparer_documents`,
qui peut tourner hors du fil de l'interface), mis en place, puis une version automatique
« Export NOM… » est gardée. Si la version ne peut pas être gardée (base occupée, disque
plein), les documents sont retirés et les fichiers remplacés rendus : l'utilisateur ne croit
pas avoir une version qui n'existe pas."""

import datetime
from pathlib import Path

from app_bureau.fichier.ecriture import Ensemble
from app_bureau.operations.documents import Sorties, preparer_documents
from app_bureau.stockage.depot import DepotDossiers


def libelle_export(chemins: list[Path]) -> str:
    return "Export " + ", ".join(c.name for c in chemins)


def placer_et_garder_version(
    depot: DepotDossiers, identifiant: int, ensemble: Ensemble
) -> list[Path]:
    """Met les documents préparés en place et garde une version ; tout ou rien. Renvoie les
    chemins écrits ; lève `ErreurEcriture`, `ErreurBase` ou `sqlite3.Error` sinon."""
    chemins = ensemble.placer()
    try:
        depot.creer_version(identifiant, libelle_export(chemins), automatique=True)
    except BaseException:
        ensemble.annuler()
        raise
    ensemble.confirmer()
    return chemins


def exporter_et_garder_version(
    depot: DepotDossiers,
    identifiant: int,
    sorties: Sorties,
    remplacer: bool = False,
    aujourd_hui: datetime.date | None = None,
) -> list[Path]:
    """Les documents demandés du dossier `identifiant`, écrits puis une version gardée ;
    `aujourd_hui` : le jour de l'évaluation (par défaut, `regles.calendrier.date_du_jour`)."""
    from app_bureau.regles.evaluation import evaluer

    dossier = depot.charger(identifiant).dossier
    evaluation = evaluer(dossier, aujourd_hui)
    ensemble = preparer_documents(dossier, evaluation, sorties, remplacer)
    try:
        return placer_et_garder_version(depot, identifiant, ensemble)
    finally:
        ensemble.abandonner()
