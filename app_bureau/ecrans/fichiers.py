"""Les fichiers de l'utilisateur vus de l'écran : où s'ouvrent les boîtes de fichiers (son
dossier « Documents »), et ouvrir un document écrit ou le dossier qui le contient avec le
programme du système (QDesktopServices)."""

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices


def dossier_documents() -> str:
    """Le dossier « Documents » de l'utilisateur (Mes Documents sous Windows) ; s'il n'existe
    pas, le dossier personnel (jamais celui du programme, où la boîte s'ouvrirait sinon)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)


def dans_documents(nom: str) -> str:
    """Le nom proposé par une boîte d'enregistrement : dans « Documents »."""
    return str(Path(dossier_documents()) / nom)


def url_de(chemin: Path) -> QUrl:
    return QUrl.fromLocalFile(str(chemin))


def ouvrir_avec_le_systeme(chemin: Path) -> bool:
    """Ouvre le fichier (ou le dossier) avec le programme que le système lui associe ;
    False si le système n'a pas pu."""
    return QDesktopServices.openUrl(url_de(chemin))
