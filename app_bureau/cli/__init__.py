"""La commande `app-bureau` (sans Qt)."""

from app_bureau.cli.commandes import main

__all__ = ["main"]
