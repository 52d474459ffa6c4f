"""Évaluer un dossier : le résultat unique que lisent l'écran, les exports et la ligne de
commande."""

import datetime
from collections import Counter

from app_bureau.modele import Dossier, Etablissement, Gravite
from app_bureau.regles import calendrier, financement, orientation, recevabilite
from app_bureau.regles import references as ref
from app_bureau.regles.autodiagnostic.recommandations import evaluer_autodiagnostics
from app_bureau.regles.parametres import parametres
from app_bureau.regles.petite_taille import (
    anomalies_nombre_declare,
    essms_du_dossier,
    petite_taille,
)
from app_bureau.regles.resultats import (
    Anomalie,
    Evaluation,
    ResultatEtablissement,
    ResultatOrganisme,
)
from app_bureau.regles.retenue import motifs_non_retenu, territoire_etablissement

_ORDRE_GRAVITE = {Gravite.BLOQUANT: 0, Gravite.AVERTISSEMENT: 1, Gravite.INFORMATION: 2}


def evaluer(dossier: Dossier, aujourd_hui: datetime.date | None = None) -> Evaluation:
    """Tout ce que disent les règles du dossier, autodiagnostic de chaque OG compris.

    `aujourd_hui` : le jour auquel les dates de la campagne sont comparées ; par défaut celui
    de `calendrier.date_du_jour` (variable `APP_BUREAU_DATE`, sinon l'horloge)."""
    aujourd_hui = aujourd_hui or calendrier.date_du_jour()
    jeu = parametres(dossier.campagne)
    organismes_par_id = {og.id: og for og in dossier.organismes}
    comptes = essms_du_dossier(dossier)
    taille = {og.id: petite_taille(og, jeu, comptes[og.id]) for og in dossier.organismes}

    lignes: list[ResultatEtablissement] = []
    retenus: list[Etablissement] = []
    regions_retenus: list[str] = []
    for index, e in enumerate(dossier.etablissements):
        motifs = motifs_non_retenu(e, organismes_par_id.get(e.organisme), jeu)
        lieu = territoire_etablissement(e)
        region = lieu.region.code if lieu and lieu.region else None
        if motifs:
            zero = financement.ZERO
            lignes.append(
                ResultatEtablissement(
                    index, e.finess, e.nom, False, tuple(motifs), None, region,
                    zero, zero, zero, zero, tuple(motifs),
                )
            )  # fmt: skip
            continue
        retenus.append(e)
        regions_retenus.append(region or "")
        rang = len(retenus)
        petit = taille.get(e.organisme, (False, None))[0]
        m = financement.montants_essms(e, rang, petit, dossier.solution, jeu)
        lignes.append(
            ResultatEtablissement(
                index, e.finess, e.nom, True, (), rang, region,
                m.moa, m.editeur, m.equipement, m.moa + m.editeur + m.equipement, m.explications,
            )
        )  # fmt: skip

    retenus_par_og = Counter(e.organisme for e in retenus)
    organismes = [
        ResultatOrganisme(
            og.id, og.raison_sociale, taille[og.id][0], taille[og.id][1], retenus_par_og[og.id]
        )
        for og in dossier.organismes
    ]
    petits_engages = [og for og in organismes if og.petite_taille and og.nombre_essms_retenus]
    amoa_marche, amoa_projet, lignes_projet, anomalies_projet = financement.financements_par_projet(
        dossier, petits_engages, jeu
    )
    totaux = financement.totaux(lignes, amoa_marche, amoa_projet, lignes_projet)
    sens, sens_explication = orientation.orientation(regions_retenus, dossier.porteur, jeu)
    en_tete = orientation.regions_en_tete(regions_retenus)
    pivot, pivot_explication = orientation.ars_pivot(sens, en_tete, regions_retenus, jeu)
    repartition, repartition_explications = orientation.repartition_ars(
        totaux.total, regions_retenus, pivot, sens, jeu
    )

    autodiagnostics = evaluer_autodiagnostics(dossier, jeu)
    etat, constats_calendrier = calendrier.etat_campagne(
        jeu, sens, len(set(regions_retenus)) > 1, aujourd_hui
    )

    anomalies: list[Anomalie] = [*constats_calendrier]
    if dossier.etablissements and not retenus:
        message = "Aucun ESSMS n'est retenu : le projet n'est pas éligible."
        reference = jeu.reference("eligibilite", ref.AUCUN_RETENU)
        anomalies.append(Anomalie(Gravite.BLOQUANT, message, reference, "etablissements"))
    anomalies += recevabilite.anomalies_dossier_incomplet(dossier, jeu)
    anomalies += anomalies_nombre_declare(dossier, jeu, comptes)
    anomalies += recevabilite.anomalies_segur_sad(dossier, retenus, jeu)
    anomalies += recevabilite.anomalies_commande_publique(dossier, retenus)
    anomalies += recevabilite.anomalies_porteur_et_son_og(dossier)
    anomalies += recevabilite.anomalies_etablissements(dossier, lignes, organismes, jeu)
    anomalies += anomalies_projet
    anomalies += recevabilite.anomalie_taille(len(retenus), en_tete, jeu, autodiagnostics)
    anomalies += recevabilite.anomalies_pivot(en_tete, sens)
    anomalies += recevabilite.anomalies_enveloppes(repartition, sens, jeu)
    anomalies += recevabilite.informations(
        dossier, retenus, organismes, sens, pivot, regions_retenus, jeu, autodiagnostics
    )
    anomalies.sort(key=lambda a: _ORDRE_GRAVITE[a.gravite])

    return Evaluation(
        campagne=dossier.campagne,
        parametres=jeu,
        orientation=sens,
        orientation_explication=sens_explication,
        ars_pivot=pivot,
        ars_pivot_explication=pivot_explication,
        nombre_essms_retenus=len(retenus),
        organismes=tuple(organismes),
        etablissements=tuple(lignes),
        totaux=totaux,
        versements=financement.versements(totaux.total, jeu),
        repartition_ars=repartition,
        essms_par_ars=orientation.essms_par_ars(repartition, regions_retenus, sens),
        repartition_explications=repartition_explications,
        anomalies=tuple(anomalies),
        autodiagnostics=autodiagnostics,
        campagne_etat=etat,
    )
