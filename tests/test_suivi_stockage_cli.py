"""Le suivi d'un projet financé, gardé et relu : la base (migration m005, base ancienne qui
s'ouvre, versions), le fichier dossier (aller-retour, fichier mal formé refusé sans rien
écrire), et la ligne de commande `app-bureau suivi` (importer des mesures, l'état en texte et
en JSON, le bilan d'usage), puis l'état dans `app-bureau dossiers`."""

import datetime
import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app_bureau.cli import main
from app_bureau.fichier.dossier import charger, decoder, encoder, texte_dossier, vers_donnees
from app_bureau.libelles import L_ARS_DECIDE
from app_bureau.modele import Depense, Dossier, EtatSuivi, Mesure, RubriqueFinancement
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.regles.calendrier import VARIABLE_DATE
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.suivi import suivi_prerempli
from tests.conftest import exemple

J = datetime.date
A, B = "350012001", "350012019"
SCHEMA_1 = Path(__file__).parent / "donnees" / "base-schema-1.sqlite"
ENTETE = (
    "FINESS;Mois;Personnes accompagnées;Messages MSSanté;DMP alimentés;Dossiers actifs;"
    "Dossiers actifs avec un projet personnalisé;Dossiers actifs avec un événement d'agenda\n"
)


def dossier_finance() -> Dossier:
    """L'exemple des 9 EHPAD, financé : convention préremplie, début le 1er janvier 2025,
    mars 2025 mesuré pour A, une facture."""
    dossier = charger(exemple())
    suivi = suivi_prerempli(dossier, evaluer(dossier))
    suivi.convention.signee_le = J(2024, 12, 1)
    suivi.convention.debut_projet = J(2025, 1, 1)
    suivi.mesures.append(Mesure(A, J(2025, 3, 1), 80, 60, 57, 76, 70, 72))
    suivi.depenses.append(
        Depense(
            J(2025, 2, 3), "Éditeur", "Licences", Decimal("1200.50"), RubriqueFinancement.EDITEUR, A
        )
    )
    suivi.preuves_gardees.append("convention")
    dossier.suivi = suivi
    return dossier


@pytest.fixture
def jour(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(VARIABLE_DATE, "2025-06-10")


@pytest.fixture
def fichier(tmp_path: Path) -> Path:
    chemin = tmp_path / "finance.json"
    chemin.write_text(texte_dossier(dossier_finance()), encoding="utf-8")
    return chemin


# --- stockage ------------------------------------------------------------------------------


def test_le_suivi_fait_l_aller_retour_par_la_base_et_les_versions(tmp_path: Path) -> None:
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    try:
        dossier = dossier_finance()
        identifiant = depot.creer(dossier)
        assert depot.charger(identifiant).dossier.suivi == dossier.suivi
        version = depot.creer_version(identifiant, "avant les mesures d'avril")
        enregistre = depot.charger(identifiant)
        enregistre.dossier.suivi.mesures.append(Mesure(A, J(2025, 4, 1), 80, 60, 57, 76, 70, 72))
        depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
        assert len(depot.charger(identifiant).dossier.suivi.mesures) == 2
        depot.restaurer_version(version)
        assert depot.charger(identifiant).dossier.suivi == dossier.suivi
        # La liste des dossiers garde l'état du suivi (au jour de l'enregistrement).
        [resume] = depot.lister()
        assert resume.etat_suivi in {e.value for e in EtatSuivi}
        # Un dossier qui n'est plus financé (Annuler) n'a plus de suivi ni d'état.
        enregistre = depot.charger(identifiant)
        enregistre.dossier.suivi = None
        depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
        assert depot.charger(identifiant).dossier.suivi is None
        assert depot.lister()[0].etat_suivi is None
        lignes = depot.db.execute("SELECT count(*) FROM mesures").fetchone()[0]
        assert lignes == 0  # aucune mesure orpheline
    finally:
        depot.db.close()


def test_une_base_ancienne_s_ouvre_et_recoit_les_tables_du_suivi(tmp_path: Path) -> None:
    base = tmp_path / "ancienne.sqlite"
    shutil.copy(SCHEMA_1, base)
    depot = ouvrir_depot(base)
    try:
        tables = set(depot.db.table_names())
        assert {"mesures", "depenses", "montants_notifies"} <= tables
        anciens = depot.lister()
        assert anciens and all(r.etat_suivi is None for r in anciens)
        for r in anciens:
            assert depot.charger(r.id).dossier.suivi is None
        identifiant = depot.creer(dossier_finance())
        assert depot.charger(identifiant).dossier.suivi is not None
    finally:
        depot.db.close()
    migrations = sqlite3.connect(base).execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert ("m005_suivi",) in migrations


def test_un_fichier_au_suivi_mal_forme_est_refuse_sans_rien_ecrire(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    donnees = vers_donnees(dossier_finance())
    donnees["suivi"]["mesures"][0]["dmp_alimentes"] = 99  # 99 > 80 personnes accompagnées
    mauvais = tmp_path / "mauvais.json"
    mauvais.write_text(encoder(donnees), encoding="utf-8")
    base = tmp_path / "b.sqlite"
    assert main(["importer", str(mauvais), "--base", str(base)]) != 0
    erreur = capsys.readouterr().err
    assert "suivi.mesures[0].dmp_alimentes" in erreur and "rien n'a été importé" in erreur
    depot = ouvrir_depot(base)
    try:
        assert depot.lister() == []
    finally:
        depot.db.close()
    bilan = tmp_path / "bilan.pdf"
    assert main(["suivi", str(mauvais), "--pdf", str(bilan)]) != 0
    assert not bilan.exists()


# --- ligne de commande ---------------------------------------------------------------------


def test_suivi_d_un_fichier_en_texte(fichier: Path, jour: None, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["suivi", str(fichier)]) == 0
    sortie = capsys.readouterr().out
    assert "suivi au 10/06/2025" in sortie
    assert "9 ESSMS sur 9 retiennent le solde" in sortie
    assert L_ARS_DECIDE in sortie
    assert "EHPAD Les Ajoncs" in sortie


def test_suivi_json_et_date(fichier: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["suivi", str(fichier), "--json", "--date", "2025-04-10"]) == 0
    resultat = json.loads(capsys.readouterr().out)
    assert resultat["aujourd_hui"] == "2025-04-10"
    assert resultat["etat"] == "en_cours"
    assert resultat["calendrier"]["premiere_mesure"] == "2025-03-01"
    assert resultat["modulation"] == L_ARS_DECIDE
    # Au 10 avril, seule la mesure de mars était due : A l'a, les 8 autres non.
    assert len(resultat["retiennent_le_solde"]) == 8 and A not in resultat["retiennent_le_solde"]
    assert Decimal(str(resultat["solde_maximal"])) == Decimal("241000")


def test_importer_des_mesures_puis_le_bilan(
    tmp_path: Path,
    fichier: Path,
    jour: None,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    base = tmp_path / "b.sqlite"
    assert main(["importer", str(fichier), "--base", str(base)]) == 0
    identifiant = capsys.readouterr().out.strip()
    mesures = tmp_path / "mesures.csv"
    lignes = [f"{f};{m}/2025;80;60;57;76;70;72\n" for f in (A, B) for m in ("04", "05")]
    mesures.write_text(ENTETE + f"{B};03/2025;80;60;57;76;70;72\n" + "".join(lignes), "utf-8")
    pdf, xlsx = tmp_path / "bilan.pdf", tmp_path / "suivi.xlsx"
    code = main(
        [
            "suivi",
            identifiant,
            "--importer",
            str(mesures),
            "--pdf",
            str(pdf),
            "--xlsx",
            str(xlsx),
            "--json",
            "--base",
            str(base),
        ]
    )
    sorties = capsys.readouterr()
    assert code == 0, sorties.err
    assert "5 mesures ajoutées" in sorties.err and f"Écrit : {pdf}" in sorties.err
    resultat = json.loads(sorties.out)
    assert set(resultat["retiennent_le_solde"]).isdisjoint({A, B})
    assert len(resultat["retiennent_le_solde"]) == 7
    assert pdf.read_bytes().startswith(b"%PDF")
    classeur = load_workbook(xlsx)
    assert classeur["Mesures"].max_row == 1 + 6  # une ligne par ESSMS et par mois
    # Une version est gardée ; la liste des dossiers dit l'état du projet financé.
    assert main(["dossiers", "--base", str(base)]) == 0
    assert "projet financé : en cours" in capsys.readouterr().out


def test_importer_des_mesures_en_erreur_n_ajoute_rien(
    tmp_path: Path, fichier: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    base = tmp_path / "b.sqlite"
    main(["importer", str(fichier), "--base", str(base)])
    identifiant = capsys.readouterr().out.strip()
    mesures = tmp_path / "mesures.csv"
    mesures.write_text(
        ENTETE + f"{B};03/2025;80;60;57;76;70;72\n{A};04/2025;80;60;-3;76;70;72\n", "utf-8"
    )
    code = main(["suivi", identifiant, "--importer", str(mesures), "--base", str(base)])
    erreur = capsys.readouterr().err
    assert code != 0 and "rien n'a été importé" in erreur and "ligne 3" in erreur
    depot = ouvrir_depot(base)
    try:
        assert len(depot.charger(int(identifiant)).dossier.suivi.mesures) == 1
    finally:
        depot.db.close()


def test_un_dossier_non_finance_est_dit(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["suivi", str(exemple())]) != 0
    assert "n'est pas suivi" in capsys.readouterr().err


def test_le_fichier_dossier_garde_le_suivi(fichier: Path) -> None:
    relu = charger(fichier)
    assert relu.suivi == dossier_finance().suivi
    assert decoder(fichier.read_text(encoding="utf-8"))["suivi"]["preuves_gardees"] == [
        "convention"
    ]


def test_le_bilan_ne_remplace_rien_sans_accord_et_s_ecrit_tout_ou_rien(
    tmp_path: Path,
    fichier: Path,
    jour: None,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    pdf, xlsx = tmp_path / "bilan.pdf", tmp_path / "suivi.xlsx"
    pdf.write_text("à garder", encoding="utf-8")
    code = main(["suivi", str(fichier), "--pdf", str(pdf), "--xlsx", str(xlsx)])
    erreur = capsys.readouterr().err
    assert code == 2 and "existe déjà" in erreur and "Traceback" not in erreur
    assert pdf.read_text(encoding="utf-8") == "à garder" and not xlsx.exists()
    assert main(["suivi", str(fichier), "--pdf", str(pdf), "--xlsx", str(xlsx), "--remplacer"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.exists()
