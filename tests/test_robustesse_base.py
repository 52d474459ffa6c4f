"""La base face aux pannes (issue 16, cas 1 à 4, 6 et 10) : copies jamais écrasées, base
occupée ou en lecture seule laissée en place, base étrangère intacte, restauration contrôlée,
disque plein, créations simultanées. De vrais fichiers, de vrais processus, de vrais disques
(tmpfs montés pour le disque plein et la lecture seule : root seulement)."""

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app_bureau.operations.depot import ouvrir_depot
from app_bureau.stockage.base import BaseEndommagee, horodatage, ouvrir_base
from app_bureau.stockage.sauvegarde import restaurer, sauvegarder
from tests.robustesse import EXEMPLE, app, sans_trace

pytestmark = pytest.mark.lent  # sous-processus, disques, verrous

EXEMPLES = sorted(EXEMPLE.parent.glob("*.json"))


def empreinte(fichier: Path) -> str:
    return hashlib.sha256(fichier.read_bytes()).hexdigest()


@contextlib.contextmanager
def disque(dossier: Path, taille: str = "1m") -> Iterator[Path]:
    """Un petit disque (tmpfs) monté sur `dossier` ; le test est sauté sans droit de monter."""
    dossier.mkdir()
    monte = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={taille}", "tmpfs", str(dossier)],
        capture_output=True,
        check=False,
    )
    if monte.returncode != 0:
        pytest.skip("monter un tmpfs demande root")
    try:
        yield dossier
    finally:
        subprocess.run(["umount", "-l", str(dossier)], check=False)


def en_lecture_seule(dossier: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(dossier)], check=True)


def remplir(dossier: Path) -> None:
    """Remplit le disque jusqu'au dernier octet."""
    with contextlib.suppress(OSError), (dossier / "remplissage").open("wb") as f:
        while True:
            f.write(b"\0" * 4096)
            f.flush()


VERROU = """
import sqlite3, sys, time
connexion = sqlite3.connect(sys.argv[1], isolation_level=None)
connexion.execute("PRAGMA locking_mode = EXCLUSIVE" if sys.argv[3] == "exclusif" else "SELECT 1")
connexion.execute("BEGIN EXCLUSIVE" if sys.argv[3] == "exclusif" else "BEGIN IMMEDIATE")
connexion.execute("SELECT count(*) FROM dossiers").fetchall()
print("pret", flush=True)
time.sleep(float(sys.argv[2]))
connexion.execute("ROLLBACK")
"""


@contextlib.contextmanager
def verrou(base: Path, secondes: float, genre: str = "exclusif") -> Iterator[None]:
    """Un autre programme tient la base pendant `secondes`."""
    processus = subprocess.Popen(
        [sys.executable, "-c", VERROU, str(base), str(secondes), genre],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert processus.stdout is not None and processus.stdout.readline() == "pret\n"
    try:
        yield
    finally:
        processus.kill()
        processus.wait()


@pytest.fixture
def base_remplie(tmp_path: Path) -> Path:
    base = tmp_path / "dossiers.sqlite"
    assert app("importer", str(EXEMPLE), base=base).returncode == 0
    return base


# --- 1, 2 : des copies jamais écrasées ----------------------------------------------------


def test_deux_restaurations_dans_la_meme_seconde_gardent_deux_copies(tmp_path: Path) -> None:
    chemin = tmp_path / "dossiers.sqlite"
    depot = ouvrir_depot(chemin)
    sauvegarde = tmp_path / "vide.sqlite"
    vide = ouvrir_depot(tmp_path / "autre.sqlite")
    sauvegarder(vide.db, sauvegarde)
    vide.db.close()
    while True:  # recommencé si la seconde a changé entre les deux restaurations
        depot.importer(EXEMPLES[0])  # (la précédente tentative a laissé la base vide)
        seconde = horodatage()
        premiere = restaurer(depot.db, chemin, sauvegarde)  # garde le dossier importé
        seconde_copie = restaurer(depot.db, chemin, sauvegarde)  # garde la base vide
        if horodatage() == seconde:
            break
    depot.db.close()
    assert premiere != seconde_copie and premiere.exists() and seconde_copie.exists()
    originale = ouvrir_depot(premiere)
    assert len(originale.lister()) == 1  # le dossier d'origine existe toujours
    originale.db.close()


def test_deux_bases_endommagees_dans_la_meme_seconde(tmp_path: Path) -> None:
    chemin = tmp_path / "dossiers.sqlite"
    while True:
        seconde = horodatage()
        mises_de_cote = []
        for contenu in (b"premier tableur " * 100, b"second tableur " * 100):
            chemin.write_bytes(contenu)
            with pytest.raises(BaseEndommagee) as erreur:
                ouvrir_base(chemin)
            mises_de_cote.append((erreur.value.mise_de_cote, contenu))
        if horodatage() == seconde:
            break
    for mise_de_cote, contenu in mises_de_cote:
        assert mise_de_cote.read_bytes() == contenu


# --- 3 : occupée ou en lecture seule n'est pas endommagée ----------------------------------


def test_une_base_verrouillee_n_est_pas_mise_de_cote(base_remplie: Path) -> None:
    avant = empreinte(base_remplie)
    with verrou(base_remplie, 30):
        r = app("dossiers", base=base_remplie)
    assert sans_trace(r), r.stderr
    assert "utilisée par un autre programme" in r.stderr
    assert empreinte(base_remplie) == avant
    assert [p.name for p in base_remplie.parent.glob("*endommagee*")] == []
    assert "Association Les Ajoncs" in app("dossiers", base=base_remplie).stdout


def test_un_verrou_bref_est_attendu(base_remplie: Path) -> None:
    with verrou(base_remplie, 1, genre="ecriture"):
        r = app("importer", str(EXEMPLE), base=base_remplie)
    assert r.returncode == 0, r.stderr


def test_base_occupee_pendant_un_import(base_remplie: Path) -> None:
    with verrou(base_remplie, 30, genre="ecriture"):
        r = app("importer", str(EXEMPLE), base=base_remplie)
    assert sans_trace(r) and "utilisée par un autre programme" in r.stderr, r.stderr
    assert app("dossiers", base=base_remplie).stdout.count("Ajoncs") == 1


def test_une_base_sur_un_disque_en_lecture_seule(tmp_path: Path) -> None:
    with disque(tmp_path / "disque") as dossier:
        base = dossier / "dossiers.sqlite"
        assert app("importer", str(EXEMPLE), base=base).returncode == 0
        en_lecture_seule(dossier)
        r = app("importer", str(EXEMPLE), base=base)
        assert sans_trace(r) and "lecture seule" in r.stderr, r.stderr
        assert sorted(p.name for p in dossier.iterdir() if "endommagee" in p.name) == []
        assert base.exists()


# --- 4 : restaurer contrôle la sauvegarde --------------------------------------------------


def test_une_sauvegarde_sans_nos_tables_est_refusee(base_remplie: Path, tmp_path: Path) -> None:
    fausse = tmp_path / "migrations-seules.sqlite"
    shutil_copie = sqlite3.connect(base_remplie)
    shutil_copie.backup(destination := sqlite3.connect(fausse))
    shutil_copie.close()
    for (table,) in destination.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'"
    ).fetchall():
        destination.execute(f"DROP TABLE {table}")
    destination.commit()
    destination.close()
    avant = empreinte(base_remplie)
    r = app("restaurer", str(fausse), base=base_remplie)
    assert sans_trace(r) and "manque" in r.stderr and "dossiers" in r.stderr, r.stderr
    assert empreinte(base_remplie) == avant
    assert list(tmp_path.glob("*avant-restauration*")) == []
    assert "Ajoncs" in app("dossiers", base=base_remplie).stdout


def test_restaurer_un_dossier(base_remplie: Path, tmp_path: Path) -> None:
    r = app("restaurer", str(tmp_path), base=base_remplie)
    assert sans_trace(r) and "est un dossier" in r.stderr, r.stderr


def test_restaurer_une_sauvegarde_en_pages_de_1024(base_remplie: Path, tmp_path: Path) -> None:
    ancienne = tmp_path / "pages-1024.sqlite"
    source = sqlite3.connect(base_remplie)
    cible = sqlite3.connect(ancienne)
    source.backup(cible)
    source.close()
    cible.execute("PRAGMA journal_mode = DELETE")
    cible.execute("PRAGMA page_size = 1024")
    cible.execute("VACUUM")
    assert cible.execute("PRAGMA page_size").fetchone() == (1024,)
    cible.close()
    nouvelle = tmp_path / "nouvelle.sqlite"
    assert app("importer", str(EXEMPLES[1]), base=nouvelle).returncode == 0
    r = app("restaurer", str(ancienne), base=nouvelle)
    assert r.returncode == 0, r.stderr
    assert "Ajoncs" in app("dossiers", base=nouvelle).stdout


# --- 6 : une base étrangère n'est pas touchée ---------------------------------------------


@pytest.mark.parametrize("table", ["clients", "dossiers"])
def test_une_base_etrangere_est_refusee_sans_etre_modifiee(tmp_path: Path, table: str) -> None:
    etrangere = tmp_path / "compta.sqlite"
    with sqlite3.connect(etrangere) as connexion:
        connexion.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, nom TEXT)")
        connexion.execute(f"INSERT INTO {table} (nom) VALUES ('Dupont')")
    connexion.close()
    avant = empreinte(etrangere)
    for commande in (["dossiers"], ["importer", str(EXEMPLE)]):
        r = app(*commande, base=etrangere)
        assert sans_trace(r) and "n'appartient pas à l'Assistant Grappe" in r.stderr, r.stderr
    assert empreinte(etrangere) == avant
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compta.sqlite"]


# --- 10 : indisponibilités diverses ---------------------------------------------------------


def test_six_commandes_creent_la_meme_base_en_meme_temps(tmp_path: Path) -> None:
    for essai in range(4):
        base = tmp_path / f"neuve-{essai}.sqlite"
        processus = [
            subprocess.Popen(
                [sys.executable, "-m", "app_bureau", "dossiers", "--base", str(base)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        for p in processus:
            sortie, erreur = p.communicate(timeout=60)
            assert p.returncode == 0, erreur
            assert sortie == "Aucun dossier dans la base.\n"
    assert list(tmp_path.glob(".*partiel*")) == []


def test_disque_plein_a_la_creation_ne_laisse_pas_de_fichier_vide(tmp_path: Path) -> None:
    with disque(tmp_path / "disque", "64k") as dossier:
        remplir(dossier)
        base = dossier / "dossiers.sqlite"
        r = app("importer", str(EXEMPLE), base=base)
        assert sans_trace(r), r.stderr
        assert not base.exists() and sorted(p.name for p in dossier.iterdir()) == ["remplissage"]


def test_disque_plein_pendant_import_sauvegarde_et_export(tmp_path: Path) -> None:
    with disque(tmp_path / "disque", "2m") as dossier:
        base = dossier / "dossiers.sqlite"
        assert app("importer", str(EXEMPLE), base=base).returncode == 0
        remplir(dossier)
        for commande in (
            ["importer", str(EXEMPLE)],
            ["sauvegarder", str(dossier / "copie.sqlite")],
            ["exporter", "1", "--json", str(tmp_path / "export.json")],
        ):
            r = app(*commande, base=base)
            assert sans_trace(r) and "plein" in r.stderr, (commande, r.stderr)
        assert not (tmp_path / "export.json").exists()  # pas de document sans sa version
        assert not (dossier / "copie.sqlite").exists()
        (dossier / "remplissage").unlink()
        assert app("dossiers", base=base).stdout.count("Ajoncs") == 1


def test_un_dossier_ou_un_peripherique_comme_base(tmp_path: Path) -> None:
    r = app("dossiers", base=tmp_path)
    assert sans_trace(r) and "dossier" in r.stderr, r.stderr
    r = app("dossiers", base=Path(os.devnull))
    assert sans_trace(r) and "fichier ordinaire" in r.stderr, r.stderr


def test_dossier_personnel_non_inscriptible(tmp_path: Path) -> None:
    with disque(tmp_path / "maison") as maison:
        en_lecture_seule(maison)
        env = {"HOME": str(maison), "XDG_DATA_HOME": "", "APP_BUREAU_BASE": ""}
        env_propre = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
        r = subprocess.run(
            [sys.executable, "-m", "app_bureau", "dossiers"],
            capture_output=True,
            text=True,
            env={**env_propre, **{k: v for k, v in env.items() if v}, "APP_BUREAU_BASE": ""},
            timeout=60,
            check=False,
        )
        assert sans_trace(r) and "--base" in r.stderr, r.stderr
