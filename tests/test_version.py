"""Une seule version : celle de pyproject.toml, que portent aussi `app_bureau.__version__`
(« À propos », nom de l'installeur) et la ressource de version de l'exécutable Windows."""

import tomllib
from pathlib import Path

from app_bureau import __version__


def test_version_du_paquet_egale_a_celle_de_pyproject():
    projet = Path(__file__).resolve().parent.parent / "pyproject.toml"
    with open(projet, "rb") as fichier:
        assert tomllib.load(fichier)["project"]["version"] == __version__
