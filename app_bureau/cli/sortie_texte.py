"""L'évaluation en texte français, pour `app-bureau verifier` et `app-bureau estimer` ; le
suivi d'un projet financé, pour `app-bureau suivi`."""

from typing import TYPE_CHECKING

from app_bureau.formats import euros, texte_explication
from app_bureau.libelles import GRAVITES, compte_gravite
from app_bureau.modele import Dossier, Gravite, Orientation
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles.resultats import Evaluation, Explication

if TYPE_CHECKING:
    from app_bureau.regles.suivi import ResultatSuivi


def _ligne(explication: Explication, retrait: str) -> str:
    return f"{retrait}{texte_explication(explication)} — {explication.reference}"


def _entete(dossier: Dossier, evaluation: Evaluation) -> list[str]:
    sens = "nationale" if evaluation.orientation is Orientation.NATIONALE else "régionale"
    bloquants = evaluation.nombre(Gravite.BLOQUANT)
    recevable = (
        "oui" if evaluation.recevable else f"non ({compte_gravite(Gravite.BLOQUANT, bloquants)})"
    )
    etat = evaluation.campagne_etat
    return [
        f"Dossier : {dossier.nom or '(sans nom)'} — {evaluation.parametres.campagne.libelle}",
        f"État de la campagne : {etat.statut} — {etat.detail} ({etat.explication.reference})",
        f"Porteur : {dossier.porteur.raison_sociale or '(à indiquer)'}",
        f"ESSMS retenus : {evaluation.nombre_essms_retenus} sur {len(dossier.etablissements)}",
        f"Orientation : {sens} — {evaluation.orientation_explication.libelle} "
        f"({evaluation.orientation_explication.reference})",
        f"{evaluation.mention_pivot} : {evaluation.ars_pivot_explication.libelle}",
        f"Recevable : {recevable}",
    ]


def _anomalies(evaluation: Evaluation) -> list[str]:
    lignes = ["", "Contrôles :"]
    for a in evaluation.anomalies:
        lignes.append(f"  [{GRAVITES[a.gravite].repere}] {a.message}")
        lignes.append(f"      — {a.reference}")
    return lignes


def texte_verification(dossier: Dossier, evaluation: Evaluation) -> str:
    lignes = _entete(dossier, evaluation)
    lignes += ["", "Établissements :"]
    for r in evaluation.etablissements:
        nom = r.nom or "(sans nom)"
        region = nom_region(r.region) if r.region else "—"
        if r.retenu:
            lignes.append(f"  retenu     rang {r.rang:>4}  {r.finess}  {nom} ({region})")
        else:
            raisons = " ; ".join(m.libelle for m in r.motifs_non_retenu)
            lignes.append(f"  non retenu            {r.finess or '—':9}  {nom} : {raisons}")
    return "\n".join(lignes + _anomalies(evaluation)) + "\n"


def texte_estimation(dossier: Dossier, evaluation: Evaluation) -> str:
    lignes = _entete(dossier, evaluation)
    lignes += ["", "Financement par ESSMS retenu :"]
    for r in evaluation.etablissements:
        if not r.retenu:
            continue
        lignes.append(f"  {r.rang:>4}. {r.finess}  {r.nom or '(sans nom)'} : {euros(r.total)}")
        lignes += [_ligne(x, "        ") for x in r.explications]
    lignes += ["", "Totaux :"]
    lignes += [_ligne(x, "  ") for x in evaluation.totaux.explications]
    lignes += ["", "Versements :"]
    lignes += [_ligne(x, "  ") for x in evaluation.versements.explications]
    lignes += ["", "Répartition entre ARS :"]
    lignes += [_ligne(x, "  ") for x in evaluation.repartition_explications]
    return "\n".join(lignes + _anomalies(evaluation)) + "\n"


def texte_suivi(dossier: Dossier, resultat: "ResultatSuivi", evaluation: Evaluation) -> str:
    """Où en est le projet financé, pour `app-bureau suivi` : la grappe, le solde, chaque
    ESSMS (état et dernier taux de chaque indicateur), les dépenses, les points d'attention."""
    from app_bureau.formats import date_courte, mois, pourcentage, reste_a_justifier
    from app_bureau.libelles import (
        ETATS_CIBLE,
        ETATS_SUIVI,
        L_ARS_DECIDE,
        MONTANT_EN_JEU,
        TITRE_SOLDE_MAXIMAL,
        retiennent_le_solde,
    )
    from app_bureau.regles.suivi import etat_des_depenses

    calendrier = resultat.calendrier
    presentation = ETATS_SUIVI[resultat.etat]
    retiennent = resultat.retiennent_le_solde
    detail = retiennent_le_solde(len(retiennent), len(resultat.essms))
    lignes = [
        f"Dossier : {dossier.nom or '(sans nom)'} — suivi au {date_courte(calendrier.aujourd_hui)}",
        f"Grappe : {presentation.libelle} ({presentation.symbole}) — {detail}",
        f"Montant notifié : {euros(resultat.montant_notifie)} ; avance : {euros(resultat.avance)}",
        f"{TITRE_SOLDE_MAXIMAL} : {euros(resultat.solde_maximal)} ; {MONTANT_EN_JEU.lower()} : "
        f"{euros(resultat.montant_en_jeu)}",
        L_ARS_DECIDE,
        "",
        "Calendrier : "
        + " ; ".join(
            [
                f"début {date_courte(calendrier.debut) if calendrier.debut else '(à indiquer)'}",
                "première mesure "
                + (mois(calendrier.premiere_mesure) if calendrier.premiere_mesure else "—"),
                "fin prévue "
                + (date_courte(calendrier.fin_prevue) if calendrier.fin_prevue else "—"),
            ]
        ),
        "",
        "ESSMS :",
    ]
    for e in resultat.essms:
        etat = ETATS_CIBLE[e.etat]
        lignes.append(f"  {e.finess}  {e.nom or '(sans nom)'} : {etat.symbole} {etat.libelle}")
        indicateurs = []
        for i in e.indicateurs:
            dernier = i.dernier
            taux = pourcentage(dernier.part) if dernier and dernier.part is not None else "—"
            indicateurs.append(f"{i.indicateur.libelle} {ETATS_CIBLE[i.etat].symbole} {taux}")
        lignes.append("      " + " · ".join(indicateurs))
        if e.mois_manquants:
            lignes.append(
                "      sans mesure : "
                + ", ".join(mois(m) for m in e.mois_manquants[:6])
                + (f" et {len(e.mois_manquants) - 6} autres" if len(e.mois_manquants) > 6 else "")
            )
    lignes += ["", "Dépenses :"]
    for ligne in etat_des_depenses(resultat, evaluation):
        prevu = euros(ligne.prevu) if ligne.prevu is not None else "—"
        reste = reste_a_justifier(ligne.ecart)
        lignes.append(
            f"  {ligne.libelle} : {euros(ligne.depenses)} (prévu {prevu}, à justifier : {reste})"
        )
    if resultat.anomalies:
        lignes += ["", "Points d'attention :"]
        for a in resultat.anomalies:
            lignes.append(f"  [{GRAVITES[a.gravite].repere}] {a.message}")
            lignes.append(f"      — {a.reference}")
    return "\n".join(lignes) + "\n"
