"""Écritures de fichiers : jamais d'écrasement par course, tout ou rien pour plusieurs
documents, pas de temporaire laissé après un arrêt brutal (issue 16, cas 8 ; issue 11)."""

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app_bureau.fichier.ecriture import (
    Ensemble,
    ErreurEcriture,
    ecrire_atomiquement,
    nettoyer_partiels,
)
from tests.robustesse import EXEMPLE, app, fichier_geant, sans_trace

pytestmark = pytest.mark.lent  # sous-processus, gros fichiers ou propriétés


def partiels(dossier: Path) -> list[Path]:
    return sorted(dossier.glob(".*.partiel"))


def test_un_fichier_cree_pendant_l_ecriture_n_est_pas_ecrase(tmp_path: Path) -> None:
    """Un autre programme crée le fichier entre la vérification et la mise en place."""
    cible = tmp_path / "synthese.pdf"

    def ecrire(temporaire: Path) -> None:
        temporaire.write_text("notre contenu", encoding="utf-8")
        cible.write_text("écrit par un autre programme", encoding="utf-8")

    with pytest.raises(ErreurEcriture, match="existe déjà"):
        ecrire_atomiquement(cible, ecrire)
    assert cible.read_text(encoding="utf-8") == "écrit par un autre programme"
    assert partiels(tmp_path) == []


def test_remplacer_reste_permis_et_atomique(tmp_path: Path) -> None:
    cible = tmp_path / "a.json"
    cible.write_text("ancien", encoding="utf-8")
    ecrire_atomiquement(cible, lambda t: t.write_text("nouveau", encoding="utf-8"), True)
    assert cible.read_text(encoding="utf-8") == "nouveau"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_ensemble_annule_rend_les_fichiers_remplaces(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("ancien a", encoding="utf-8")
    ensemble = Ensemble(remplacer=True)
    ensemble.verifier([a, b])
    ensemble.preparer(a, lambda t: t.write_text("nouveau a", encoding="utf-8"))
    ensemble.preparer(b, lambda t: t.write_text("nouveau b", encoding="utf-8"))
    ensemble.placer()
    assert a.read_text(encoding="utf-8") == "nouveau a" and b.exists()
    ensemble.annuler()
    assert a.read_text(encoding="utf-8") == "ancien a" and not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# --- La commande (cas 8) ----------------------------------------------------------------


def test_deux_documents_dont_le_second_echoue_n_ecrivent_rien(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    r = app("exporter", str(EXEMPLE), "--pdf", str(pdf), "--xlsx", str(tmp_path / "absent/a.xlsx"))
    assert sans_trace(r), r.stderr
    assert "n'existe pas" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_le_meme_chemin_deux_fois_est_refuse(tmp_path: Path) -> None:
    meme = tmp_path / "a.pdf"
    r = app("exporter", str(EXEMPLE), "--pdf", str(meme), "--json", str(meme))
    assert sans_trace(r) and "demandé deux fois" in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_chemin_de_sortie_vide(tmp_path: Path) -> None:
    r = app("exporter", str(EXEMPLE), "--pdf", "")
    assert r.returncode == 2 and "existe(nt) déjà" not in r.stderr, r.stderr
    assert "chemin vide" in r.stderr and "Traceback" not in r.stderr


def test_version_impossible_donc_aucun_document(tmp_path: Path) -> None:
    """La base refuse la version (ici un déclencheur ; en vrai disque plein, base occupée) :
    les documents déjà écrits sont retirés, le fichier remplacé est rendu."""
    base = tmp_path / "b.sqlite"
    assert app("importer", str(EXEMPLE), base=base).returncode == 0
    with sqlite3.connect(base) as connexion:
        connexion.execute(
            "CREATE TRIGGER refus BEFORE INSERT ON versions "
            "BEGIN SELECT RAISE(ABORT, 'refus simulé'); END"
        )
    connexion.close()
    sorties = tmp_path / "sorties"
    sorties.mkdir()
    (sorties / "a.json").write_text("à garder", encoding="utf-8")
    r = app(
        "exporter", "1", "--pdf", str(sorties / "a.pdf"), "--json", str(sorties / "a.json"),
        "--remplacer", base=base,
    )  # fmt: skip
    assert sans_trace(r), r.stderr
    assert sorted(p.name for p in sorties.iterdir()) == ["a.json"]
    assert (sorties / "a.json").read_text(encoding="utf-8") == "à garder"


def test_un_export_tue_ne_laisse_pas_de_partiel_a_la_fois_suivante(tmp_path: Path) -> None:
    geant = fichier_geant(tmp_path / "geant.json")
    sorties = tmp_path / "sorties"
    sorties.mkdir()
    processus = subprocess.Popen(
        [sys.executable, "-m", "app_bureau", "exporter", str(geant), "--pdf",
         str(sorties / "a.pdf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    fin = time.monotonic() + 30
    while not partiels(sorties) and time.monotonic() < fin:
        time.sleep(0.05)
    assert partiels(sorties), "l'export n'a pas commencé à écrire"
    processus.send_signal(signal.SIGKILL)
    processus.wait()
    assert partiels(sorties)  # l'arrêt brutal laisse son temporaire…
    r = app("exporter", str(EXEMPLE), "--json", str(sorties / "b.json"))
    assert r.returncode == 0, r.stderr
    assert partiels(sorties) == []  # … que l'écriture suivante efface


def test_le_temporaire_d_un_ecrivain_vivant_n_est_pas_efface(tmp_path: Path) -> None:
    cible = tmp_path / "a.txt"
    vus: list[list[Path]] = []

    def ecrire(temporaire: Path) -> None:
        temporaire.write_text("contenu", encoding="utf-8")
        vus.append(nettoyer_partiels(tmp_path))  # un autre écrivain fait le ménage

    ecrire_atomiquement(cible, ecrire)
    assert vus == [[]] and cible.read_text(encoding="utf-8") == "contenu"
