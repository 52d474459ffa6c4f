"""Écrire en une fois les documents demandés d'un dossier : PDF, classeur, fichier dossier.

Utilisé par la commande `app-bureau exporter` et par la page Exporter. Aucun fichier n'est
écrit si l'un des fichiers visés existe déjà et que le remplacement n'a pas été accepté."""

from dataclasses import dataclass
from pathlib import Path

from app_bureau.fichier.ecriture import ErreurEcriture, ecrire_texte
from app_bureau.modele import Dossier
from app_bureau.regles.resultats import Evaluation


@dataclass(frozen=True)
class Sorties:
    pdf: Path | None = None
    classeur: Path | None = None
    dossier: Path | None = None

    def chemins(self) -> list[Path]:
        return [c for c in (self.pdf, self.classeur, self.dossier) if c is not None]


def ecrire_documents(
    dossier: Dossier, evaluation: Evaluation, sorties: Sorties, remplacer: bool = False
) -> list[Path]:
    """Écrit chaque document demandé (chacun par fichier temporaire puis renommage)."""
    existants = [c for c in sorties.chemins() if c.exists()]
    if existants and not remplacer:
        noms = ", ".join(str(c) for c in existants)
        raise ErreurEcriture(f"{noms} existe(nt) déjà : rien n'a été écrit ni remplacé")
    if sorties.pdf:
        from app_bureau.exports.pdf import ecrire_pdf

        ecrire_pdf(dossier, evaluation, sorties.pdf, remplacer=remplacer)
    if sorties.classeur:
        from app_bureau.exports.classeur import ecrire_classeur

        ecrire_classeur(dossier, evaluation, sorties.classeur, remplacer=remplacer)
    if sorties.dossier:
        from app_bureau.fichier.dossier import texte_dossier

        ecrire_texte(sorties.dossier, texte_dossier(dossier), remplacer=remplacer)
    return sorties.chemins()
