"""Organisme gestionnaire « de petite taille » (II.D.3) : moins de 15 ESSMS, moins de 8
quand son siège est en Corse ou outre-mer."""

from app_bureau.modele import OrganismeGestionnaire
from app_bureau.referentiel.territoires import territoire
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import Explication


def petite_taille(og: OrganismeGestionnaire, jeu: JeuParametres) -> tuple[bool, Explication]:
    siege = territoire(og.departement) if og.departement else None
    if siege and siege.corse_ou_outre_mer:
        seuil = jeu["seuils.petite_taille.corse_outre_mer"]
        lieu = f"siège en Corse ou outre-mer ({siege.nom})"
    else:
        seuil = jeu["seuils.petite_taille.metropole"]
        lieu = f"siège en métropole ({siege.nom})" if siege else "département du siège non indiqué"
    n = og.nombre_essms_geres
    petit = n < seuil.valeur
    if petit:
        texte = f"gère {n} ESSMS, moins de {seuil.valeur} ({lieu}) : organisme de petite taille"
    else:
        texte = f"gère {n} ESSMS, au moins {seuil.valeur} ({lieu}) : pas de petite taille"
    return petit, Explication(texte, seuil.reference)
