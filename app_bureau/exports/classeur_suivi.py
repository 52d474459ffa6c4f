"""Le classeur du suivi, pour l'ARS (openpyxl, sans Qt) : une ligne par ESSMS et par mois.

Feuilles : « Grappe » (chiffres clés, calendrier, et que l'ARS décide de la modulation du
solde), « États » (un ESSMS par ligne : dernier taux et état de chaque indicateur),
« Mesures » (une ligne par ESSMS et par mois : les six comptes, puis les cinq taux en
pourcentages), « Dépenses » (chaque poste face à l'estimation, le total face au montant
notifié) et « Factures ».

Tout vient du `ResultatSuivi` des règles : les taux sont ceux de `regles.suivi` (des
nombres, au format pourcentage), aucune cellule ne contient de formule, et tout texte passe
par `classeur_commun.ecrire_texte` (jamais lu comme une formule).
"""

from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app_bureau.champs_dossier import MESURE, libelle
from app_bureau.exports.classeur_commun import (
    CENTRE,
    DATE,
    ENTIER,
    EUROS,
    MOIS,
    POURCENT,
    Colonne,
    Formate,
    TableauFeuille,
)
from app_bureau.formats import mois
from app_bureau.libelles import (
    ETATS_CIBLE,
    ETATS_SUIVI,
    L_ARS_DECIDE,
    MONTANT_EN_JEU,
    PROJETS,
    RUBRIQUES,
    TITRE_SOLDE_MAXIMAL,
    retiennent_le_solde,
)
from app_bureau.modele import Dossier
from app_bureau.referentiel.territoires import nom_ars
from app_bureau.regles.resultats import Evaluation
from app_bureau.regles.suivi import (
    INDICATEURS_D_USAGE,
    ResultatSuivi,
    campagne_du_suivi,
    etat_des_depenses,
)

FEUILLES = ("Grappe", "États", "Mesures", "Dépenses", "Factures")
_COMPTES = ("personnes_accompagnees", "messages_mssante", "dmp_alimentes", "dossiers_actifs",
            "dossiers_avec_projet", "dossiers_avec_evenement")  # fmt: skip
_TITRES_COMPTES = {d.attribut: d.libelle_long for d in MESURE}


def _feuille_grappe(feuille: Any, dossier: Dossier, resultat: ResultatSuivi) -> None:
    convention = dossier.suivi.convention if dossier.suivi else None
    calendrier = resultat.calendrier
    etat = ETATS_SUIVI[resultat.etat].libelle
    retiennent = resultat.retiennent_le_solde
    lignes: list[tuple[str, Any, str]] = [
        ("Dossier", dossier.nom, ""),
        ("Porteur", dossier.porteur.raison_sociale, dossier.porteur.siret),
        ("ARS signataire", nom_ars(convention.ars) if convention and convention.ars else "",
         convention.ars if convention else ""),
        ("Convention signée le", convention.signee_le if convention else None, ""),
        ("Montant notifié", Formate(resultat.montant_notifie, EUROS), ""),
        ("Avance", Formate(resultat.avance, EUROS),
         f"reçue le {convention.avance_recue_le:%d/%m/%Y}"
         if convention and convention.avance_recue_le else ""),
        (TITRE_SOLDE_MAXIMAL, Formate(resultat.solde_maximal, EUROS), "sur atteinte des cibles d'usage"),
        (MONTANT_EN_JEU, Formate(resultat.montant_en_jeu, EUROS),
         "la part du solde des ESSMS qui n'atteignent pas encore leurs cibles"),
        ("Modulation du solde", "décidée par l'ARS", L_ARS_DECIDE),
        ("État de la grappe", etat,
         retiennent_le_solde(len(retiennent), len(resultat.essms)) if retiennent else ""),
        ("Début du projet", calendrier.debut, ""),
        ("Première mesure", Formate(calendrier.premiere_mesure, MOIS)
         if calendrier.premiere_mesure else None, "due à la fin du mois"),
        ("Fin prévue du déploiement", calendrier.fin_prevue,
         f"durée revue par l'ARS : {convention.duree_revue_mois} mois"
         if convention and convention.duree_revue_mois else ""),
        ("Bilan établi le", calendrier.aujourd_hui, ""),
        ("ESSMS suivis", Formate(len(resultat.essms), ENTIER), ""),
        (libelle("suivi.convention.campagne"), campagne_du_suivi(dossier).libelle, ""),
    ]  # fmt: skip
    tableau = TableauFeuille(
        feuille, [Colonne("Rubrique"), Colonne("Valeur", DATE), Colonne("Précision", renvoi=True)]
    )
    for rubrique, valeur, precision in lignes:
        tableau.ligne([rubrique, valeur, precision])
    tableau.terminer()


def _feuille_etats(feuille: Any, resultat: ResultatSuivi) -> None:
    colonnes = [
        Colonne("FINESS"),
        Colonne("ESSMS"),
        Colonne("Projet"),
        Colonne("Montant notifié", EUROS),
        Colonne("Fin prévue", DATE),
    ]
    for ind in INDICATEURS_D_USAGE:
        colonnes += [
            Colonne(f"{ind.libelle} : dernier taux", POURCENT),
            Colonne(f"{ind.libelle} : état"),
        ]
    colonnes += [
        Colonne("État de l'ESSMS"),
        Colonne("Mois sans mesure", ENTIER, alignement=CENTRE),
        Colonne("Dépenses rattachées", EUROS),
    ]
    tableau = TableauFeuille(feuille, colonnes)
    for e in resultat.essms:
        valeurs: list[Any] = [
            e.finess,
            e.nom,
            PROJETS[e.projet],
            e.montant_notifie,
            e.fin_prevue,
        ]
        for suivi in e.indicateurs:
            dernier = suivi.dernier
            valeurs += [dernier.part if dernier else None, ETATS_CIBLE[suivi.etat].libelle]
        valeurs += [ETATS_CIBLE[e.etat].libelle, len(e.mois_manquants), e.depenses]
        tableau.ligne(valeurs)
    tableau.terminer()


def _feuille_mesures(feuille: Any, resultat: ResultatSuivi) -> None:
    colonnes = [
        Colonne("FINESS"),
        Colonne("ESSMS"),
        Colonne("Mois", MOIS),
        *(Colonne(_TITRES_COMPTES[a], ENTIER) for a in _COMPTES),
        *(Colonne(f"{ind.libelle} (taux)", POURCENT) for ind in INDICATEURS_D_USAGE),
    ]
    tableau = TableauFeuille(feuille, colonnes)
    tableau.ajouter_en_bloc(
        [
            e.finess,
            e.nom,
            mesure.mois,
            *(getattr(mesure, a) for a in _COMPTES),
            *(serie[rang].part for serie in series),
        ]
        for e in resultat.essms
        for series in ([s.serie for s in e.indicateurs],)
        for rang, mesure in enumerate(e.indicateurs[0].mesures)
    )
    tableau.terminer()


def _feuille_depenses(feuille: Any, evaluation: Evaluation, resultat: ResultatSuivi) -> None:
    tableau = TableauFeuille(
        feuille,
        [
            Colonne("Poste"),
            Colonne("Dépenses justifiées", EUROS),
            Colonne("Prévu", EUROS),
            Colonne("Reste à justifier", EUROS),
        ],
    )
    for ligne in etat_des_depenses(resultat, evaluation):
        tableau.ligne(
            [ligne.libelle, ligne.depenses, ligne.prevu, ligne.ecart], gras=ligne.rubrique is None
        )
    tableau.terminer()


def _feuille_factures(feuille: Any, dossier: Dossier) -> None:
    noms = {e.finess: e.nom or e.finess for e in dossier.etablissements}
    postes = {r.cle: r.long for r in RUBRIQUES}
    tableau = TableauFeuille(
        feuille,
        [
            Colonne("Date", DATE),
            Colonne("Fournisseur"),
            Colonne("Objet", renvoi=True),
            Colonne("Poste"),
            Colonne("FINESS"),
            Colonne("ESSMS"),
            Colonne("Montant TTC", EUROS),
        ],
    )
    for d in dossier.suivi.depenses if dossier.suivi else []:
        tableau.ligne(
            [
                d.date,
                d.fournisseur,
                d.objet,
                postes.get(d.rubrique.value, d.rubrique.value),
                d.finess,
                noms.get(d.finess, "") if d.finess else "Tout le projet",
                d.montant_ttc,
            ]
        )
    tableau.terminer()


def construire_classeur_suivi(
    dossier: Dossier, evaluation: Evaluation, resultat: ResultatSuivi
) -> Workbook:
    """Le classeur en mémoire (sans l'écrire)."""
    classeur = Workbook()
    feuilles = [classeur.active] + [classeur.create_sheet() for _ in FEUILLES[1:]]
    for feuille, titre in zip(feuilles, FEUILLES, strict=True):
        feuille.title = titre
    grappe, etats, mesures, depenses, factures = feuilles
    _feuille_grappe(grappe, dossier, resultat)
    _feuille_etats(etats, resultat)
    _feuille_mesures(mesures, resultat)
    _feuille_depenses(depenses, evaluation, resultat)
    _feuille_factures(factures, dossier)
    proprietes = classeur.properties
    titre = ILLEGAL_CHARACTERS_RE.sub("", dossier.nom) or "sans nom"
    proprietes.title = f"Suivi du projet ESMS numérique — {titre}"
    proprietes.subject = f"Bilan d'usage au {mois(resultat.calendrier.aujourd_hui)}"
    proprietes.creator = "Assistant Grappe"
    proprietes.language = "fr-FR"
    return classeur
