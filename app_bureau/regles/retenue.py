"""Quels ESSMS sont retenus, et pourquoi les autres ne le sont pas (II.A, II.B.1, II.B.2)."""

from functools import lru_cache

from app_bureau.identifiants import code_territoire_finess
from app_bureau.modele import Etablissement, OrganismeGestionnaire
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.territoires import Territoire, reference_hors_programme, territoire
from app_bureau.regles import references as ref
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import Explication


def territoire_etablissement(etablissement: Etablissement) -> Territoire | None:
    """Le territoire donné par le FINESS géographique (None sans FINESS)."""
    return _territoire_du_finess(etablissement.finess) if etablissement.finess else None


@lru_cache(maxsize=16384)
def _territoire_du_finess(finess: str) -> Territoire | None:
    code = code_territoire_finess(finess)
    return territoire(code) if code else None


def est_un_essms(etablissement: Etablissement) -> bool:
    """Faux seulement si la catégorie FINESS le dit hors du champ de l'article L.312-1 du CASF
    (centre hospitalier, USLD) ; une catégorie absente ou inconnue laisse le doute au dossier."""
    cat = categorie(etablissement.categorie) if etablissement.categorie else None
    return not (cat and not cat.essms)


def motifs_non_retenu(
    etablissement: Etablissement, organisme: OrganismeGestionnaire | None, jeu: JeuParametres
) -> list[Explication]:
    """Les raisons pour lesquelles l'ESSMS ne peut pas être financé ; vide s'il est retenu."""
    motifs: list[Explication] = []
    if not etablissement.finess:
        motifs.append(Explication("pas de numéro FINESS géographique", ref.SANS_FINESS))
    cat = categorie(etablissement.categorie) if etablissement.categorie else None
    if cat and not cat.essms:
        motifs.append(
            Explication(
                f"catégorie FINESS {cat.code} ({cat.libelle}) : pas un ESSMS de l'article "
                "L.312-1 du CASF",
                f"{jeu.reference('eligibilite', ref.ELIGIBILITE_L312_1)} ; {cat.reference}",
            )
        )
    lieu = territoire_etablissement(etablissement)
    if lieu and lieu.hors_programme:
        motifs.append(
            Explication(
                f"{lieu.nom} n'est pas couvert par le programme", reference_hors_programme()
            )
        )
    if etablissement.deja_finance:
        motifs.append(
            Explication(
                "déjà financé par ESMS numérique (un seul financement par ESSMS)",
                ref.NON_REDONDANCE,
            )
        )
    if etablissement.commande_sons_autre_logiciel:
        motifs.append(
            Explication(
                "a commandé la « Prestation Ségur » (SONS) pour un autre logiciel de DUI",
                ref.SONS_AUTRE_LOGICIEL,
            )
        )
    if organisme and organisme.rattache_entite_nationale and not organisme.accord_entite_nationale:
        motifs.append(
            Explication(
                f"son organisme gestionnaire ({organisme.raison_sociale or organisme.id}) est "
                "rattaché à une entité nationale dont l'accord écrit manque",
                ref.ENTITE_NATIONALE,
            )
        )
    if organisme and organisme.rattache_entite_nationale and organisme.entite_nationale_dui_commun:
        motifs.append(
            Explication(
                f"son organisme gestionnaire ({organisme.raison_sociale or organisme.id}) est "
                "rattaché à une entité nationale qui propose un DUI commun à tous ses ESSMS",
                ref.ENTITE_NATIONALE,
            )
        )
    return motifs
