"""Organisme gestionnaire « de petite taille » (II.D.3) : moins de 15 ESSMS, moins de 8
quand son siège est en Corse ou outre-mer.

Le nombre d'ESSMS est celui que l'OG déclare gérer, mais jamais moins que ses ESSMS du
dossier : un OG qui déclare 10 ESSMS et en a 16 dans le dossier n'est pas de petite taille.
"""

from collections import Counter

from app_bureau.modele import Dossier, Gravite, OrganismeGestionnaire
from app_bureau.referentiel.territoires import territoire
from app_bureau.regles.parametres import JeuParametres, Parametre
from app_bureau.regles.resultats import Anomalie, Explication
from app_bureau.regles.retenue import est_un_essms


def essms_du_dossier(dossier: Dossier) -> Counter[str]:
    """Les établissements de chaque OG dans le dossier, sauf ceux que leur catégorie FINESS
    dit hors du champ des ESSMS (un centre hospitalier, une USLD)."""
    return Counter(e.organisme for e in dossier.etablissements if est_un_essms(e))


def _seuil(og: OrganismeGestionnaire, jeu: JeuParametres) -> tuple[Parametre, str]:
    siege = territoire(og.departement) if og.departement else None
    if siege and siege.corse_ou_outre_mer:
        return (
            jeu["seuils.petite_taille.corse_outre_mer"],
            f"siège en Corse ou outre-mer ({siege.nom})",
        )
    lieu = f"siège en métropole ({siege.nom})" if siege else "département du siège non indiqué"
    return jeu["seuils.petite_taille.metropole"], lieu


def petite_taille(
    og: OrganismeGestionnaire, jeu: JeuParametres, dans_le_dossier: int = 0
) -> tuple[bool, Explication]:
    seuil, lieu = _seuil(og, jeu)
    declares = og.nombre_essms_geres
    n = max(declares, dans_le_dossier)
    if dans_le_dossier > declares:
        gere = f"gère au moins {n} ESSMS ({declares} déclarés, {dans_le_dossier} dans le dossier)"
    else:
        gere = f"gère {n} ESSMS"
    petit = n < seuil.valeur
    if petit:
        texte = f"{gere}, moins de {seuil.valeur} ({lieu}) : organisme de petite taille"
    else:
        texte = f"{gere}, au moins {seuil.valeur} ({lieu}) : pas de petite taille"
    return petit, Explication(texte, seuil.reference)


def anomalies_nombre_declare(
    dossier: Dossier, jeu: JeuParametres, comptes: Counter[str]
) -> list[Anomalie]:
    """Un OG qui déclare gérer moins d'ESSMS qu'il n'en a dans le dossier : à corriger."""
    anomalies = []
    for i, og in enumerate(dossier.organismes):
        dans_le_dossier = comptes[og.id]
        if dans_le_dossier <= og.nombre_essms_geres:
            continue
        seuil, _ = _seuil(og, jeu)
        consequence = ""
        if og.nombre_essms_geres < seuil.valeur <= dans_le_dossier:
            consequence = (
                " : il n'est donc pas de petite taille (équipements, AMOA marché et AMOA projet "
                "ne lui sont pas ouverts)"
            )
        message = (
            f"{og.raison_sociale or og.id} déclare gérer {og.nombre_essms_geres} ESSMS mais en "
            f"a {dans_le_dossier} dans le dossier ; corrigez le nombre d'ESSMS gérés (tous ceux "
            f"que l'OG gère). Le seuil de petite taille (moins de {seuil.valeur}) s'apprécie sur "
            f"au moins {dans_le_dossier} ESSMS{consequence}."
        )
        anomalies.append(
            Anomalie(
                Gravite.AVERTISSEMENT,
                message,
                seuil.reference,
                f"organismes[{i}].nombre_essms_geres",
            )
        )
    return anomalies
