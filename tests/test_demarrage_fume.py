"""L'essai de démarrage `app-bureau --smoke` : celui que lance aussi le paquet construit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app_bureau.ecrans import application
from app_bureau.stockage.emplacement import VARIABLE

pytestmark = pytest.mark.lent  # sous-processus ou calculs longs


def fichiers_sous(dossier: Path) -> list[Path]:
    """Les fichiers laissés (hors cache de fontconfig, que le système peut vouloir refaire)."""
    return sorted(
        p
        for p in dossier.rglob("*")
        if p.is_file() and "fontconfig" not in p.relative_to(dossier).parts
    )


def test_app_bureau_smoke_ouvre_la_fenetre_et_ne_laisse_rien(tmp_path: Path) -> None:
    maison, temporaire, courant = (tmp_path / nom for nom in ("maison", "tmp", "courant"))
    for dossier in (maison, temporaire, courant):
        dossier.mkdir()
    base_de_l_utilisateur = tmp_path / "base-de-l-utilisateur.sqlite"
    environnement = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONUTF8": "1",
        "HOME": str(maison),
        "XDG_CONFIG_HOME": str(maison / ".config"),
        "XDG_DATA_HOME": str(maison / ".local" / "share"),
        "XDG_CACHE_HOME": str(maison / ".cache"),
        "TMPDIR": str(temporaire),
        VARIABLE: str(base_de_l_utilisateur),
    }
    resultat = subprocess.run(
        [sys.executable, "-m", "app_bureau", "--smoke"],
        env=environnement,
        cwd=courant,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    sorties = resultat.stdout + resultat.stderr
    assert resultat.returncode == 0, sorties
    assert "Traceback" not in sorties
    assert "Essai de démarrage réussi" in resultat.stdout
    assert "482\u202f000,00\xa0€" in resultat.stdout
    # Rien hors du dossier temporaire de l'essai, lui-même supprimé.
    assert fichiers_sous(tmp_path) == []
    assert not base_de_l_utilisateur.exists()


def test_un_essai_rate_se_dit_et_rend_1(
    qapp, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def rate(_fenetre: object, dossier: Path) -> list[str]:
        assert os.environ[VARIABLE] == str(dossier / "dossiers.sqlite")
        raise application.EssaiRate("l'accueil n'est pas montré sur une base vide")

    monkeypatch.setattr(application, "_essai", rate)
    monkeypatch.setenv(VARIABLE, str(tmp_path / "a-garder.sqlite"))
    assert application.fumee() == 1
    assert "ÉCHEC\nl'accueil n'est pas montré sur une base vide" in capsys.readouterr().err
    assert os.environ[VARIABLE] == str(tmp_path / "a-garder.sqlite")
    assert fichiers_sous(tmp_path) == []
