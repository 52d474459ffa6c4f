"""Page « eligibilite » de l'assistant (à compléter)."""

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.navigation import Page


class PageEligibilite(PageDossier):
    PAGE = Page.ELIGIBILITE
