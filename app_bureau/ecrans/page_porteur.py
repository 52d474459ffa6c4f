"""Page « porteur » de l'assistant (à compléter)."""

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.navigation import Page


class PagePorteur(PageDossier):
    PAGE = Page.PORTEUR
