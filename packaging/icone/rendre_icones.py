"""Rend l'icône SVG en PNG 48, 128 et 256 pixels (Qt), et en .ico pour Windows (Pillow).

Usage : python packaging/icone/rendre_icones.py DOSSIER_DE_SORTIE
Seul le SVG est gardé dans le dépôt ; les rendus sont refaits à chaque construction du paquet.
"""

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = Path(__file__).resolve().parent / "assistant-grappe.svg"
NOM = "assistant-grappe"
TAILLES = (48, 128, 256)
TAILLES_ICO = (16, 24, 32, 48, 64, 128, 256)


def rendre(rendu: QSvgRenderer, taille: int) -> QImage:
    image = QImage(taille, taille, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    peintre = QPainter(image)
    peintre.setRenderHint(QPainter.RenderHint.Antialiasing)
    rendu.render(peintre)
    peintre.end()
    return image


def main(sortie: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _application = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    rendu = QSvgRenderer(str(SOURCE))
    if not rendu.isValid():
        print(f"icône illisible : {SOURCE}", file=sys.stderr)
        return 1
    sortie.mkdir(parents=True, exist_ok=True)
    for taille in TAILLES:
        chemin = sortie / f"{NOM}-{taille}.png"
        if not rendre(rendu, taille).save(str(chemin)):
            print(f"impossible d'écrire {chemin}", file=sys.stderr)
            return 1
    # Windows : un .ico à plusieurs tailles (Pillow, déjà là pour reportlab).
    from PIL import Image

    with Image.open(sortie / f"{NOM}-256.png") as grande:
        grande.save(sortie / f"{NOM}.ico", sizes=[(t, t) for t in TAILLES_ICO])
    print(f"Icônes écrites dans {sortie}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/icone")))
