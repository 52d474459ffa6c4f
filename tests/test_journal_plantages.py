"""Un plantage du processus (erreur de segmentation dans Qt, vu une fois par un directeur) ne
laissait aucune trace : `consigner_les_plantages` fait écrire sa pile Python au journal."""

import os
import subprocess
import sys
from pathlib import Path


def test_un_plantage_laisse_sa_pile_dans_le_journal(tmp_path: Path) -> None:
    code = (
        "import faulthandler\n"
        "from app_bureau.journal import consigner_les_plantages\n"
        "print(consigner_les_plantages())\n"
        "faulthandler._sigsegv()\n"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "HOME": str(tmp_path)}
    sortie = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert sortie.returncode != 0
    journal = Path(sortie.stdout.strip())
    assert journal.is_relative_to(tmp_path) and journal.name == "plantages.log"
    texte = journal.read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in texte


def test_une_fermeture_normale_ne_laisse_pas_de_journal_vide(tmp_path: Path) -> None:
    code = (
        "from app_bureau.journal import consigner_les_plantages, fin_des_plantages\n"
        "print(consigner_les_plantages())\n"
        "fin_des_plantages()\n"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "HOME": str(tmp_path)}
    sortie = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert sortie.returncode == 0, sortie.stderr
    assert not Path(sortie.stdout.strip()).exists()
