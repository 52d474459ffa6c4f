"""Écrire en une fois les documents demandés d'un dossier : PDF, classeur, fichier dossier.

Utilisé par la commande `app-bureau exporter` et par la page Exporter. Tout ou rien : chaque
chemin est vérifié avant d'écrire (nom de fichier, dossier existant, pas deux fois le même,
pas de fichier existant sans accord pour remplacer) ; les documents sont écrits sous des noms
temporaires, puis mis en place ensemble (`fichier.ecriture.Ensemble`). Si l'un échoue, aucun
n'est laissé."""

from dataclasses import dataclass
from pathlib import Path

from app_bureau.fichier.ecriture import Ensemble
from app_bureau.modele import Dossier
from app_bureau.regles.resultats import Evaluation


@dataclass(frozen=True)
class Sorties:
    pdf: Path | None = None
    classeur: Path | None = None
    dossier: Path | None = None

    def chemins(self) -> list[Path]:
        return [c for c in (self.pdf, self.classeur, self.dossier) if c is not None]


def preparer_documents(
    dossier: Dossier, evaluation: Evaluation, sorties: Sorties, remplacer: bool = False
) -> Ensemble:
    """Vérifie les chemins puis écrit chaque document sous un nom temporaire ; rien n'est
    encore à sa place (voir `Ensemble.placer`). Sans base : peut tourner hors du fil de
    l'interface. Lève `ErreurEcriture` (et n'a rien laissé) si un document ne peut pas
    être écrit."""
    ensemble = Ensemble(remplacer)
    ensemble.verifier(sorties.chemins())
    try:
        if sorties.pdf:
            from app_bureau.exports.pdf import pdf_dans

            ensemble.preparer(sorties.pdf, lambda t: pdf_dans(dossier, evaluation, t))
        if sorties.classeur:
            from app_bureau.exports.classeur import construire_classeur

            ensemble.preparer(
                sorties.classeur, lambda t: construire_classeur(dossier, evaluation).save(t)
            )
        if sorties.dossier:
            from app_bureau.fichier.dossier import texte_dossier

            texte = texte_dossier(dossier)
            ensemble.preparer(sorties.dossier, lambda t: t.write_text(texte, encoding="utf-8"))
    except BaseException:
        ensemble.abandonner()
        raise
    return ensemble


def ecrire_documents(
    dossier: Dossier, evaluation: Evaluation, sorties: Sorties, remplacer: bool = False
) -> list[Path]:
    """Écrit tous les documents demandés, ou aucun (`ErreurEcriture` dit pourquoi)."""
    ensemble = preparer_documents(dossier, evaluation, sorties, remplacer)
    chemins = ensemble.placer()
    ensemble.confirmer()
    return chemins
