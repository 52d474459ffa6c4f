"""Imports hostiles (issue 16, cas 5, 11 et 13) : guillemet non refermé, classeurs qui se
décompressent en Go, feuilles démesurées, extrait FINESS abîmé. Refus en français, temps et
mémoire bornés."""

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app_bureau.bornes import LONGUEUR_MAX_TEXTE
from app_bureau.saisie.collage import lire_collage
from app_bureau.saisie.extrait_finess import chercher
from app_bureau.saisie.import_fichier import FichierIllisible, lire_fichier
from tests.robustesse import EXEMPLE, app, sans_trace

pytestmark = pytest.mark.lent  # sous-processus, gros fichiers ou propriétés

DONNEES = Path(__file__).parent / "donnees" / "import"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    base = tmp_path / "dossiers.sqlite"
    assert app("importer", str(EXEMPLE), base=base).returncode == 0
    return base


# --- 5 : un guillemet non refermé ---------------------------------------------------------


def test_un_guillemet_non_referme_est_refuse_avec_sa_ligne(base: Path, tmp_path: Path) -> None:
    csv = tmp_path / "guillemet.csv"
    lignes = ["FINESS;Nom;Catégorie", '350013025;"SSIAD du Pays de Rennes;354']
    lignes += [f"35001{3033 + 8 * i:04d};ESSMS ouvert;500" for i in range(9)]
    csv.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    with pytest.raises(FichierIllisible, match="Ligne 2 : une cellule s'étend sur plusieurs"):
        lire_fichier(csv)
    r = app("importer-etablissements", "1", str(csv), base=base)
    assert sans_trace(r) and "Ligne 2" in r.stderr, r.stderr
    assert "9 ESSMS" in app("dossiers", base=base).stdout  # rien d'ajouté


def test_une_cellule_sur_plusieurs_lignes_est_refusee(tmp_path: Path) -> None:
    csv = tmp_path / "multiligne.csv"
    csv.write_text('FINESS;Nom\n350013025;"SSIAD\ndu Pays"\n', encoding="utf-8")
    with pytest.raises(FichierIllisible, match="Ligne 2"):
        lire_fichier(csv)


def test_une_cellule_enorme_n_est_pas_citee_en_entier(tmp_path: Path) -> None:
    collage = lire_collage("FINESS\tNom\n350013025\t" + "A" * 100_000 + "\n")
    [ligne] = collage.lignes
    [erreur] = ligne.erreurs
    assert "texte trop long" in erreur and len(erreur) < 200
    collage = lire_collage("FINESS\tNom\n35001302" + "5" * 100_000 + "\tEHPAD\n")
    assert all(len(e) < 200 for ligne in collage.lignes for e in ligne.erreurs)


def test_un_caractere_de_controle_est_refuse(tmp_path: Path) -> None:
    collage = lire_collage("FINESS\tNom\n350013025\tEHPAD\x01 Les Pins\n")
    [ligne] = collage.lignes
    assert ligne.etablissement is None and "caractère de contrôle U+0001" in ligne.erreurs[0]


def test_un_nom_de_la_longueur_permise_passe() -> None:
    collage = lire_collage("FINESS\tNom\n350013025\t" + "A" * LONGUEUR_MAX_TEXTE + "\n")
    assert collage.lignes[0].etablissement is not None


def test_un_million_de_lignes_est_refuse_vite(tmp_path: Path) -> None:
    csv = tmp_path / "million.csv"
    csv.write_text("FINESS;Nom\n" + "350013025;EHPAD\n" * 1_000_000, encoding="utf-8")
    debut = time.perf_counter()
    with pytest.raises(FichierIllisible, match="plus de 10\u202f000 lignes"):
        lire_fichier(csv)
    assert time.perf_counter() - debut < 10  # garde-fou large ; la mesure est dans benchmarks/


def test_un_tube_n_est_pas_attendu(tmp_path: Path) -> None:
    import os

    tube = tmp_path / "tube.csv"
    os.mkfifo(tube)
    with pytest.raises(FichierIllisible, match="fichier ordinaire"):
        lire_fichier(tube)


# --- 13 : classeurs démesurés ---------------------------------------------------------------


def classeur_bombe(chemin: Path, genre: str) -> Path:
    """Un vrai classeur (fait par openpyxl) dont la feuille est remplacée par un contenu
    démesuré, très compressible."""
    modele = chemin.with_suffix(".modele.xlsx")
    classeur = Workbook()
    classeur.active.append(["FINESS", "Nom"])
    classeur.save(modele)
    with (
        zipfile.ZipFile(modele) as source,
        zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as cible,
    ):
        for membre in source.infolist():
            if membre.filename != "xl/worksheets/sheet1.xml":
                cible.writestr(membre, source.read(membre))
                continue
            with cible.open(membre.filename, "w", force_zip64=True) as feuille:
                feuille.write(
                    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                if genre == "espaces":  # 200 Mo de blancs
                    for _ in range(200):
                        feuille.write(b" " * (1024 * 1024))
                elif genre == "lignes":  # 10 millions de lignes vides
                    for _ in range(1000):
                        feuille.write(b"<row/>" * 10_000)
                elif genre == "cellule":  # une cellule de 100 Mo
                    feuille.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
                    for _ in range(100):
                        feuille.write(b"A" * (1024 * 1024))
                    feuille.write(b"</t></is></c></row>")
                elif genre == "cellules":  # 250 000 cellules, sous la borne de taille
                    for i in range(2500):
                        cellules = b"".join(b"<c><v>1</v></c>" for _ in range(100))
                        feuille.write(b'<row r="%d">%s</row>' % (i + 1, cellules))
                feuille.write(b"</sheetData></worksheet>")
    modele.unlink()
    return chemin


@pytest.mark.parametrize("genre", ["espaces", "lignes", "cellule"])
def test_une_bombe_xlsx_est_refusee_sans_etre_lue(base: Path, tmp_path: Path, genre: str) -> None:
    bombe = classeur_bombe(tmp_path / f"{genre}.xlsx", genre)
    assert bombe.stat().st_size < 5 * 1024 * 1024
    debut = time.perf_counter()
    r = app(
        "importer-etablissements", "1", str(bombe), base=base, delai=30, memoire=700 * 1024 * 1024
    )
    assert time.perf_counter() - debut < 30
    assert sans_trace(r) and "se décompresse en" in r.stderr, r.stderr
    assert "9 ESSMS" in app("dossiers", base=base).stdout


def test_trop_de_cellules_sous_la_borne_de_taille(tmp_path: Path) -> None:
    classeur = classeur_bombe(tmp_path / "cellules.xlsx", "cellules")
    with pytest.raises(FichierIllisible, match="trop de cellules"):
        lire_fichier(classeur)


# --- 11 : extrait FINESS abîmé ---------------------------------------------------------------


def test_un_retour_chariot_egare_dans_l_extrait(tmp_path: Path) -> None:
    lignes = (DONNEES / "extrait-finess.csv").read_bytes().split(b"\n")
    # Un champ entre guillemets (toute ligne qui en a est examinée à chaque recherche) et un
    # retour chariot égaré dans un champ sans guillemets : le module csv refusait la ligne.
    lignes[1] = lignes[1].replace(
        b"EHPAD LES AJONCS;EHPAD LES AJONCS", b'"EHPAD LES AJONCS";EHPAD\rLES AJONCS'
    )
    abime = tmp_path / "extrait.csv"
    abime.write_bytes(b"\n".join(lignes))
    for requete in ("ajoncs", "350012001", "rennes"):
        recherche = chercher(abime, requete)
        assert recherche.structures, requete
    [ajoncs] = chercher(abime, "350012001").structures
    assert ajoncs.nom == "EHPAD LES AJONCS"
