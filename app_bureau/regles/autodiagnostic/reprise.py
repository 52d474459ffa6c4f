"""Reprendre l'autodiagnostic où l'on s'était arrêté : quel OG, quelle question."""

from collections.abc import Sequence

from app_bureau.modele import Dossier
from app_bureau.regles.autodiagnostic.questionnaire import Question, ReponsesOrganisme
from app_bureau.regles.autodiagnostic.scores import ResultatAutodiagnostic


def question_de_reprise(
    questions: Sequence[Question], reponses: ReponsesOrganisme, position: str | None
) -> int:
    """L'index de la question à montrer en reprenant : celle où l'on s'était arrêté
    (`position`, la dernière affichée) si elle est encore posée ; sinon la première sans
    réponse ; sinon la première."""
    ids = [q.id for q in questions]
    if position in ids:
        return ids.index(position)
    return next((i for i, identifiant in enumerate(ids) if identifiant not in reponses), 0)


def organisme_de_reprise(
    dossier: Dossier, resultats: Sequence[ResultatAutodiagnostic], recents: Sequence[str]
) -> str | None:
    """L'OG à montrer en reprenant : le dernier vu (`recents`, du plus récent au plus ancien),
    sinon le premier dont l'autodiagnostic n'est pas complet, sinon le premier."""
    presents = {og.id for og in dossier.organismes}
    for organisme in recents:
        if organisme in presents:
            return organisme
    incomplet = next((r.organisme for r in resultats if not r.complet), None)
    if incomplet is not None:
        return incomplet
    return dossier.organismes[0].id if dossier.organismes else None
