"""Refait les captures d'écran de docs/captures/ à partir de la vraie application.

Usage (sous Xvfb) : xvfb-run -a .venv/bin/python scripts/captures.py
"""

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app_bureau.ecrans.application import preparer_application
from app_bureau.ecrans.fenetre_principale import FenetrePrincipale

DOSSIER = Path(__file__).resolve().parent.parent / "docs" / "captures"


def main() -> int:
    preparer_application(sys.argv)
    DOSSIER.mkdir(parents=True, exist_ok=True)
    fenetre = FenetrePrincipale()
    fenetre.resize(1100, 760)
    fenetre.show()
    fenetre.exemples.setCurrentIndex(fenetre.exemples.findText("grappe-9-ehpad-bretagne"))
    fenetre.bouton_exemple.click()
    QApplication.processEvents()
    fenetre.grab().save(str(DOSSIER / "fenetre-principale.png"))
    print(f"Captures écrites dans {DOSSIER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
