"""Les mesures d'usage collées depuis un tableur ou importées d'un CSV ou XLSX : une ligne par
ESSMS et par mois, six comptes (annexe 3) ; les erreurs dites ligne par ligne, en français ;
tout ou rien."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app_bureau.modele import Convention, Mesure, MontantNotifie, Suivi
from app_bureau.saisie.import_fichier import lire_fichier
from app_bureau.saisie.mesures import (
    ORDRE,
    attribut_entete,
    lire_collage_mesures,
    lire_tableau_mesures,
)
from tests.fabrique import dossier, etab

J = datetime.date


def grappe():  # type: ignore[no-untyped-def]
    d = dossier([etab(1), etab(2), etab(3)])
    a, b, c = (e.finess for e in d.etablissements)
    d.suivi = Suivi(
        Convention(
            debut_projet=J(2025, 1, 1),
            montants=[MontantNotifie(a, Decimal(20000)), MontantNotifie(b, Decimal(20000))],
        )
    )
    return d, a, b, c


def test_sans_titres_les_colonnes_dans_l_ordre() -> None:
    d, a, b, _ = grappe()
    texte = f"{a}\t03/2025\t100\t70\t70\t90\t81\t81\n{b}\tmars 2025\t50\t40\t10\t45\t40\t45\n"
    lecture = lire_collage_mesures(texte, d)
    assert lecture.acceptable and not lecture.entete
    assert lecture.valides == [
        Mesure(a, J(2025, 3, 1), 100, 70, 70, 90, 81, 81),
        Mesure(b, J(2025, 3, 1), 50, 40, 10, 45, 40, 45),
    ]
    assert [ligne.nom for ligne in lecture.lignes] == ["ESSMS 1", "ESSMS 2"]
    assert lecture.lignes[0].mois == "mars 2025"


def test_avec_titres_l_ordre_est_libre_et_les_autres_colonnes_ignorees() -> None:
    d, a, _, _ = grappe()
    texte = (
        "Établissement\tMois\tFINESS\tDossiers actifs avec un projet personnalisé\t"
        "Dossiers actifs avec un événement d'agenda\tDossiers actifs\tDMP alimentés\t"
        "Messages MSSanté\tPersonnes accompagnées (file active)\n"
        f"EHPAD Les Tilleuls\t2025-04\t{a}\t81\t80\t90\t70\t75\t100\n"
    )
    lecture = lire_collage_mesures(texte, d)
    assert lecture.entete and lecture.colonnes_ignorees == ("Établissement",)
    assert lecture.valides == [Mesure(a, J(2025, 4, 1), 100, 75, 70, 90, 81, 80)]


@pytest.mark.parametrize(
    ("titre", "attribut"),
    [
        ("N° FINESS", "finess"),
        ("Période", "mois"),
        ("File active", "personnes_accompagnees"),
        ("MS Santé", "messages_mssante"),
        ("Nb DMP", "dmp_alimentes"),
        ("Dossiers", "dossiers_actifs"),
        ("Projet personnalisé", "dossiers_avec_projet"),
        ("Agenda", "dossiers_avec_evenement"),
        ("Nom", ""),
    ],
)
def test_titres_reconnus(titre: str, attribut: str) -> None:
    assert attribut_entete(titre) == attribut


def test_chaque_erreur_dite_sur_sa_ligne_et_rien_n_est_acceptable() -> None:
    d, a, b, c = grappe()
    d.suivi.mesures = [Mesure(a, J(2025, 3, 1), 100, 70, 70, 90, 81, 81)]
    lignes = [
        f"{a}\t03/2025\t100\t70\t70\t90\t81\t81",  # déjà dans le dossier
        f"{b}\t03/2025\t80\t10\t81\t72\t65\t70",  # 81 DMP pour 80 personnes
        f"{b}\t04/2025\t80\t-3\t60\t72\t65\t70",  # compte négatif
        f"{b}\t12/2024\t80\t10\t60\t72\t65\t70",  # avant le début du projet
        "350000998\t05/2025\t80\t10\t60\t72\t65\t70",  # FINESS hors du dossier
        f"{b}\tbientôt\t80\t10\t60\t72\t65\t70",  # pas un mois
        f"{b}\t05/2025\t80\t\t60\t72\t65\t70",  # compte vide
        f"{b}\t06/2025\t80\t10\t60\t72\t65\t70",
        f"{b}\t2025-06\t80\t10\t60\t72\t65\t70",  # doublon dans le collage
        f"{c}\t06/2025\t80\t10\t60\t72\t65\t70",  # hors convention : gardée, signalée
    ]
    lecture = lire_collage_mesures("\n".join(lignes), d)
    assert not lecture.acceptable and lecture.nombre_erreurs == 8
    erreurs = {ligne.numero: " ; ".join(ligne.erreurs) for ligne in lecture.lignes}
    assert "Mois : mars 2025 est déjà mesuré pour cet ESSMS dans le dossier" in erreurs[1]
    assert (
        "DMP alimentés : 81 dépasse les 80 personnes accompagnées (file active) du mois"
        in erreurs[2]
    )
    assert "Messages MSSanté : ne peut pas être négatif" in erreurs[3]
    assert "Mois : mois avant le début du projet (01/01/2025)" in erreurs[4]
    assert "FINESS : 350000998 n'est pas un établissement du dossier" in erreurs[5]
    assert "Mois : « bientôt » n'est pas un mois" in erreurs[6]
    assert "Messages MSSanté : à indiquer (0 s'il n'y en a pas)" in erreurs[7]
    assert erreurs[8] == ""
    assert "déjà mesuré pour cet ESSMS plus haut dans le collage (ligne 8)" in erreurs[9]
    assert erreurs[10] == "" and "pas dans la convention" in lecture.lignes[-1].avertissements[0]
    assert lecture.problemes()[0].startswith(f"ligne 1 (FINESS {a}) : Mois : mars 2025")


def test_une_colonne_de_comptes_absente_empeche_toute_lecture() -> None:
    d, a, _, _ = grappe()
    texte = f"FINESS\tMois\tPersonnes accompagnées\tDMP\n{a}\t03/2025\t100\t70\n"
    lecture = lire_collage_mesures(texte, d)
    assert not lecture.acceptable and not lecture.lignes
    assert lecture.erreurs[0].startswith(
        "Colonnes introuvables : Messages MSSanté, Dossiers actifs, Avec projet personnalisé, "
        "Avec événement d'agenda."
    )


def test_import_csv_et_xlsx_comme_un_collage(tmp_path: Path) -> None:
    d, a, b, _ = grappe()
    titres = ["FINESS", "Mois", *(t for t in ORDRE[2:])]
    csv = tmp_path / "mesures.csv"
    csv.write_text(";".join(titres) + "\n" + f"{a};03/2025;100;70;70;90;81;81\n", encoding="cp1252")
    tableau = lire_fichier(csv)
    lecture = lire_tableau_mesures(tableau.lignes, tableau.description, tableau.remarques, d)
    assert lecture.acceptable, lecture.problemes()
    assert lecture.remarques[0].startswith("Fichier lu : CSV")

    classeur = Workbook()
    feuille = classeur.active
    feuille.append(["Nom", "FINESS", "Mois", "Personnes", "MSSanté", "DMP", "Actifs",
                    "Projet", "Événement"])  # fmt: skip
    feuille.append(["ESSMS 2", int(b), datetime.datetime(2025, 3, 31), 50, 40, 10, 45, 40, 45])
    xlsx = tmp_path / "mesures.xlsx"
    classeur.save(xlsx)
    tableau = lire_fichier(xlsx)
    lecture = lire_tableau_mesures(tableau.lignes, tableau.description, tableau.remarques, d)
    assert lecture.valides == [Mesure(b, J(2025, 3, 1), 50, 40, 10, 45, 40, 45)]
