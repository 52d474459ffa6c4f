"""Les commandes de la base : dossiers, importer, exporter, sauvegarder, restaurer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app_bureau.fichier.dossier import decoder
from app_bureau.referentiel.ressources import ressource

pytestmark = pytest.mark.lent  # sous-processus ou calculs longs

EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))


def app(*arguments: str, base: Path | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    options = ["--base", str(base)] if base else []
    return subprocess.run(
        [sys.executable, "-m", "app_bureau", *arguments, *options],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_importer_lister_exporter(base: Path, tmp_path: Path) -> None:
    importe = app("importer", str(EXEMPLE), base=base)
    assert importe.returncode == 0 and importe.stdout.strip() == "1"
    liste = app("dossiers", base=base)
    assert liste.returncode == 0
    assert "Association Les Ajoncs — 9 ESSMS — 482\u202f000,00\xa0€" in liste.stdout
    sortie = tmp_path / "export.json"
    assert app("exporter", "1", "--json", str(sortie), base=base).returncode == 0
    assert decoder(sortie.read_text(encoding="utf-8")) == decoder(
        EXEMPLE.read_text(encoding="utf-8")
    )
    assert "(archivé)" not in app("dossiers", "--tous", base=base).stdout


def test_exporter_ne_remplace_pas_sans_accord(base: Path, tmp_path: Path) -> None:
    app("importer", str(EXEMPLE), base=base)
    sortie = tmp_path / "export.json"
    sortie.write_text("à garder", encoding="utf-8")
    refus = app("exporter", "1", "--json", str(sortie), base=base)
    assert refus.returncode == 2
    assert "export.json existe déjà : rien n'a été écrit ni remplacé" in refus.stderr
    assert sortie.read_text(encoding="utf-8") == "à garder"
    accord = app("exporter", "1", "--json", str(sortie), "--remplacer", base=base)
    assert accord.returncode == 0
    assert decoder(sortie.read_text(encoding="utf-8"))["nom"].startswith("Grappe DUI")


def test_exporter_enregistre_une_version(base: Path, tmp_path: Path) -> None:
    from app_bureau.operations.depot import ouvrir_depot

    app("importer", str(EXEMPLE), base=base)
    app("exporter", "1", "--json", str(tmp_path / "a.json"), base=base)
    depot = ouvrir_depot(base)
    [version] = depot.versions(1)
    assert version.automatique and version.libelle == "Export a.json"
    depot.db.close()


def test_importer_un_fichier_invalide_n_ecrit_rien(base: Path, tmp_path: Path) -> None:
    faux = tmp_path / "faux.json"
    faux.write_text(EXEMPLE.read_text(encoding="utf-8").replace('"siret": "3', '"siret": "4', 1))
    r = app("importer", str(faux), base=base)
    assert r.returncode == 2
    assert (
        "rien n'a été importé" in r.stderr
        and "porteur.siret : la clé ne correspond pas : un chiffre est probablement mal recopié"
        in r.stderr
    )
    assert "Traceback" not in r.stderr
    assert app("dossiers", base=base).stdout == "Aucun dossier dans la base.\n"


def test_dossier_inconnu_et_base_endommagee(base: Path) -> None:
    r = app("exporter", "7", "--json", "x.json", base=base)
    assert (r.returncode, r.stderr) == (2, "app-bureau : Aucun dossier n° 7 dans la base.\n")
    base.write_bytes(b"pas une base" * 100)
    r = app("dossiers", base=base)
    assert r.returncode == 2 and "endommagée" in r.stderr and "Traceback" not in r.stderr
    assert app("dossiers", base=base).returncode == 0


def test_variable_d_environnement_et_sauvegarde(tmp_path: Path) -> None:
    base = tmp_path / "par-variable.sqlite"
    env = {"APP_BUREAU_BASE": str(base)}
    assert app("importer", str(EXEMPLE), env=env).returncode == 0
    assert base.exists()
    copie = tmp_path / "copie.sqlite"
    assert app("sauvegarder", str(copie), env=env).returncode == 0
    assert "482\u202f000,00\xa0€" in app("dossiers", base=copie).stdout
    restauree = app("restaurer", str(copie), env=env)
    assert restauree.returncode == 0 and "avant-restauration" in restauree.stdout
