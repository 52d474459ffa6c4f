"""La navigation de l'assistant, sans Qt : l'ordre des pages, ce qui manque à chacune, la
page d'un champ à corriger. Les pages Qt ne font que l'afficher."""

from enum import IntEnum

from app_bureau.modele import Gravite
from app_bureau.regles.resultats import Anomalie, Evaluation


class Page(IntEnum):
    PORTEUR = 0
    ORGANISMES = 1
    ETABLISSEMENTS = 2
    SOLUTION = 3
    AUTODIAGNOSTIC = 4
    ELIGIBILITE = 5
    FINANCEMENT = 6
    EXPORTER = 7


TITRES = {
    Page.PORTEUR: "Porteur du projet",
    Page.ORGANISMES: "Organismes gestionnaires",
    Page.ETABLISSEMENTS: "Établissements",
    Page.SOLUTION: "Solution DUI et achat",
    Page.AUTODIAGNOSTIC: "Autodiagnostic",
    Page.ELIGIBILITE: "Éligibilité",
    Page.FINANCEMENT: "Financement",
    Page.EXPORTER: "Exporter",
}

_PREFIXES = (
    ("porteur", Page.PORTEUR),
    ("organismes", Page.ORGANISMES),
    ("etablissements", Page.ETABLISSEMENTS),
    ("solution", Page.SOLUTION),
    ("financements_specifiques", Page.SOLUTION),
)


def page_du_champ(chemin: str) -> Page | None:
    """La page où se corrige un champ (`etablissements[3].finess` → Établissements)."""
    for prefixe, page in _PREFIXES:
        if chemin == prefixe or chemin.startswith((f"{prefixe}.", f"{prefixe}[")):
            return page
    return None


def bloquants_de_la_page(evaluation: Evaluation, page: Page) -> list[Anomalie]:
    return [
        a
        for a in evaluation.anomalies
        if a.gravite is Gravite.BLOQUANT and page_du_champ(a.champ) is page
    ]


def page_suivante(page: Page) -> Page | None:
    return Page(page + 1) if page + 1 < len(Page) else None
