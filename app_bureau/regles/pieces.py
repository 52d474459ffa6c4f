"""Les pièces à joindre au dossier déposé, déduites du dossier et de son évaluation."""

from dataclasses import dataclass

from app_bureau.modele import Dossier, ModeAchat, TypePorteur, TypeProjet
from app_bureau.regles import references as ref
from app_bureau.regles.autodiagnostic.scores import avancement_texte, commence
from app_bureau.regles.recevabilite import motifs_segur
from app_bureau.regles.resultats import Evaluation


@dataclass(frozen=True)
class Piece:
    libelle: str
    reference: str
    concerne: str = ""
    """L'organisme ou l'établissement concerné ; vide pour le projet entier."""
    complete: bool = True
    """False si la pièce est encore à compléter dans l'application (autodiagnostic en cours) :
    son libellé dit alors ce qui manque."""


def pieces_a_joindre(dossier: Dossier, evaluation: Evaluation) -> list[Piece]:
    """Dès qu'un OG a commencé l'autodiagnostic dans l'application, celui d'un OG qui n'est
    pas complet est marqué à compléter, avec son avancement."""
    retenus = [
        e
        for e, r in zip(dossier.etablissements, evaluation.etablissements, strict=True)
        if r.retenu
    ]
    pieces: list[Piece] = []
    if len(dossier.organismes) > 1:
        pieces.append(
            Piece(
                "Convention de regroupement signée par les organismes gestionnaires (au moins "
                "pour la durée du projet, avec les moyens mis en commun)",
                f"{ref.INSTRUCTION}, II.B.4)",
            )
        )
    en_cours = commence(evaluation.autodiagnostics)
    for og, resultat in zip(dossier.organismes, evaluation.autodiagnostics, strict=True):
        nom = og.raison_sociale or og.id
        version = "responsable SI (RSI)" if og.dispose_rsi else "directeur"
        libelle = f"Autodiagnostic de maturité SI, version {version}"
        complete = resultat.complet or not en_cours
        if not complete:
            libelle += f" — à compléter : {avancement_texte(resultat)}"
        pieces.append(Piece(libelle, ref.AUTODIAGNOSTIC, nom, complete))
        if og.rattache_entite_nationale and not og.entite_nationale_dui_commun:
            pieces.append(
                Piece(
                    "Accord écrit de l'entité nationale de rattachement", ref.ENTITE_NATIONALE, nom
                )
            )
    acquisitions = [e for e in retenus if e.projet is TypeProjet.ACQUISITION]
    if acquisitions:
        pieces.append(
            Piece("Justificatifs de la mise en concurrence des éditeurs", ref.MISE_EN_CONCURRENCE)
        )
        pieces.append(
            Piece(
                f"Devis de l'éditeur ({len(acquisitions)} ESSMS en acquisition)",
                f"{ref.INSTRUCTION}, II.D.1)",
            )
        )
    if dossier.solution.mode_achat is ModeAchat.MARCHE_EXISTANT:
        pieces.append(
            Piece(
                "Pièces du marché public en cours (objet, couverture du besoin et des exigences "
                "nationales)",
                ref.SAD,
            )
        )
    if dossier.solution.referencee_segur:
        pieces.append(
            Piece(
                "Attestation du référencement Ségur de la solution (ANS)",
                f"{ref.INSTRUCTION}, II.B.3)",
            )
        )
    elif dossier.solution.referencement_segur_en_cours and motifs_segur(
        dossier, retenus, evaluation.parametres
    ):
        pieces.append(
            Piece(
                "Preuve de la demande de référencement Ségur de la solution et son calendrier : "
                "le référencement doit intervenir avant le démarrage du paramétrage du logiciel",
                ref.SEGUR_EN_COURS,
            )
        )
    for e in retenus:
        if e.part_activite_eligible < 1:
            pieces.append(
                Piece(
                    "Répartition des heures entre activités essentielles et « confort »",
                    ref.CONFORT,
                    e.nom or e.finess,
                )
            )
    if dossier.porteur.type is TypePorteur.GHT:
        pieces.append(
            Piece(
                "Document de couverture fonctionnelle du DPI au regard du cahier des charges DUI",
                ref.GHT,
            )
        )
        pieces.append(
            Piece(
                "Attestation d'absence d'autre aide européenne ou HOP'EN pour les ESSMS du projet",
                f"{ref.GHT} ; {ref.FINANCEMENT_EUROPEEN_EXCLUSIF}",
            )
        )
    elif retenus:
        pieces.append(
            Piece(
                "Attestation d'absence d'autre financement européen pour les ESSMS du projet",
                ref.FINANCEMENT_EUROPEEN_EXCLUSIF,
            )
        )
    return pieces
