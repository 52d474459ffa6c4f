"""L'évaluation en texte français, pour `app-bureau verifier` et `app-bureau estimer`."""

from app_bureau.formats import euros, texte_explication
from app_bureau.libelles import GRAVITES, compte_gravite
from app_bureau.modele import Dossier, Gravite, Orientation
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles.resultats import Evaluation, Explication


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
