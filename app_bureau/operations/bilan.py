"""Écrire les documents du suivi pour l'ARS, en une fois : le bilan d'usage (PDF) et le
classeur du suivi (XLSX).

Utilisé par l'étape « Suivi » et par `app-bureau suivi … --pdf/--xlsx`. Comme les autres
documents (`operations.documents`) : chaque chemin est vérifié avant d'écrire, les documents
sont écrits sous des noms temporaires puis mis en place ensemble ; si l'un échoue, aucun n'est
laissé. Depuis la base, une version du dossier est gardée ensuite
(`operations.exporter.placer_et_garder_version`)."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from app_bureau.fichier.ecriture import Ensemble
from app_bureau.modele import Dossier
from app_bureau.regles.resultats import Evaluation
from app_bureau.regles.suivi import ResultatSuivi


@dataclass(frozen=True)
class SortiesBilan:
    pdf: Path | None = None
    classeur: Path | None = None

    def chemins(self) -> list[Path]:
        return [c for c in (self.pdf, self.classeur) if c is not None]


def preparer_bilan(
    dossier: Dossier,
    evaluation: Evaluation,
    resultat: ResultatSuivi,
    sorties: SortiesBilan,
    remplacer: bool = False,
) -> Ensemble:
    """Vérifie les chemins puis écrit chaque document sous un nom temporaire ; rien n'est
    encore à sa place (`Ensemble.placer`). Sans base : peut tourner hors du fil de
    l'interface. Lève `ErreurEcriture` (et n'a rien laissé) si un document ne peut pas être
    écrit."""
    ensemble = Ensemble(remplacer)
    ensemble.verifier(sorties.chemins())
    try:
        if sorties.pdf:
            from app_bureau.exports.bilan_usage import pdf_bilan_dans

            ensemble.preparer(
                sorties.pdf, lambda t: pdf_bilan_dans(dossier, evaluation, resultat, t)
            )
        if sorties.classeur:
            from app_bureau.exports.classeur_suivi import construire_classeur_suivi

            ensemble.preparer(
                sorties.classeur,
                lambda t: construire_classeur_suivi(dossier, evaluation, resultat).save(t),
            )
    except BaseException:
        ensemble.abandonner()
        raise
    return ensemble


def ecrire_bilan(
    dossier: Dossier,
    evaluation: Evaluation,
    resultat: ResultatSuivi,
    sorties: SortiesBilan,
    remplacer: bool = False,
) -> list[Path]:
    """Écrit tous les documents demandés, ou aucun (`ErreurEcriture` dit pourquoi)."""
    ensemble = preparer_bilan(dossier, evaluation, resultat, sorties, remplacer)
    chemins = ensemble.placer()
    ensemble.confirmer()
    return chemins


def evaluer_pour_le_bilan(
    dossier: Dossier, aujourd_hui: datetime.date | None = None
) -> tuple[Evaluation, ResultatSuivi | None]:
    """L'évaluation du dossier et son suivi au même jour (par défaut celui de
    `calendrier.date_du_jour`) ; None pour le suivi d'un dossier qui n'est pas financé."""
    from app_bureau.regles.evaluation import evaluer
    from app_bureau.regles.suivi import evaluer_suivi, montants_estimes

    evaluation = evaluer(dossier, aujourd_hui)
    jour = evaluation.campagne_etat.aujourd_hui
    return evaluation, evaluer_suivi(dossier, jour, montants_estimes(evaluation))
