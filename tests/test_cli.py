"""La commande `app-bureau` : vraie commande (sous-processus) et `main(argv)` en processus."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app_bureau.cli import main
from app_bureau.fichier.dossier import decoder, encoder
from app_bureau.referentiel.ressources import ressource

pytestmark = pytest.mark.lent  # sous-processus ou calculs longs


EXEMPLES = sorted(f.name for f in ressource("exemples").iterdir() if f.name.endswith(".json"))
GRAPPE = "grappe-9-ehpad-bretagne.json"

CLES_EVALUATION = {
    "campagne",
    "recevable",
    "orientation",
    "ars_pivot",
    "nombre_essms_retenus",
    "etablissements",
    "totaux",
    "versements",
    "repartition_ars",
    "anomalies",
}
CLES_ETABLISSEMENT = {
    "finess",
    "retenu",
    "rang",
    "moa",
    "editeur",
    "equipement",
    "total",
    "explications",
}
CLES_TOTAUX = {"moa", "editeur", "equipement", "amoa_marche", "amoa_projet", "total"}
CLES_VERSEMENTS = {"avance", "solde"}
CLES_ANOMALIE = {"gravite", "message", "reference"}
GRAVITES = {"bloquant", "avertissement", "information"}


def chemin_exemple(nom: str) -> Path:
    return Path(str(ressource("exemples", nom)))


def donnees_exemple(nom: str = GRAPPE) -> dict[str, Any]:
    return decoder(chemin_exemple(nom).read_text(encoding="utf-8"))


def ecrire(tmp_path: Path, donnees: Any, nom: str = "dossier.json") -> Path:
    chemin = tmp_path / nom
    chemin.write_text(encoder(donnees), encoding="utf-8")
    return chemin


def commande(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m app_bureau …` dans un vrai processus, sorties en UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "app_bureau", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def montant(valeur: Any) -> Decimal:
    """Un montant JSON : nombre (pas booléen), au plus deux décimales ; sa valeur exacte."""
    assert isinstance(valeur, int | float) and not isinstance(valeur, bool), valeur
    exact = Decimal(repr(valeur))
    assert exact == exact.quantize(Decimal("0.01")), f"plus de 2 décimales : {valeur!r}"
    return exact


def verifier_contrat(resultat: dict[str, Any]) -> None:
    """Le contrat stable de `estimer --json` et ses invariants arithmétiques."""
    assert set(resultat) == CLES_EVALUATION
    assert isinstance(resultat["campagne"], str)
    assert isinstance(resultat["recevable"], bool)
    assert resultat["orientation"] in ("regionale", "nationale")
    assert resultat["ars_pivot"] is None or isinstance(resultat["ars_pivot"], str)

    retenus = 0
    for ligne in resultat["etablissements"]:
        assert set(ligne) == CLES_ETABLISSEMENT
        assert isinstance(ligne["retenu"], bool)
        parts = [montant(ligne[c]) for c in ("moa", "editeur", "equipement")]
        assert montant(ligne["total"]) == sum(parts)
        if ligne["retenu"]:
            retenus += 1
            assert ligne["rang"] == retenus
        else:
            assert ligne["rang"] is None
            assert montant(ligne["total"]) == 0
        assert ligne["explications"], ligne["finess"]
        for explication in ligne["explications"]:
            assert set(explication) == {"texte", "reference"}
            assert explication["texte"].strip()
            assert explication["reference"].strip()
    assert resultat["nombre_essms_retenus"] == retenus

    totaux = resultat["totaux"]
    assert set(totaux) == CLES_TOTAUX
    for cle in ("moa", "editeur", "equipement"):
        assert montant(totaux[cle]) == sum(
            (montant(e[cle]) for e in resultat["etablissements"]), Decimal(0)
        )
    total = montant(totaux["total"])
    assert total == sum(montant(totaux[c]) for c in CLES_TOTAUX - {"total"})

    versements = resultat["versements"]
    assert set(versements) == CLES_VERSEMENTS
    assert montant(versements["avance"]) + montant(versements["solde"]) == total

    repartition = resultat["repartition_ars"]
    assert all(isinstance(r, str) and r for r in repartition)
    assert sum((montant(m) for m in repartition.values()), Decimal(0)) == total
    if resultat["ars_pivot"] is not None:
        assert resultat["ars_pivot"] in repartition

    for anomalie in resultat["anomalies"]:
        assert set(anomalie) == CLES_ANOMALIE
        assert anomalie["gravite"] in GRAVITES
        assert anomalie["message"].strip()
        assert anomalie["reference"].strip()
    bloquant = any(a["gravite"] == "bloquant" for a in resultat["anomalies"])
    assert resultat["recevable"] is (not bloquant)


# --- estimer --json ---------------------------------------------------------------------


@pytest.mark.parametrize("nom", EXEMPLES)
def test_estimer_json_sous_processus(nom: str, tmp_path: Path) -> None:
    r = commande("estimer", "--json", str(chemin_exemple(nom)), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    verifier_contrat(json.loads(r.stdout))


@pytest.mark.parametrize("nom", EXEMPLES)
def test_estimer_json_en_processus(nom: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimer", "--json", str(chemin_exemple(nom))]) == 0
    sortie = capsys.readouterr()
    assert sortie.err == ""
    verifier_contrat(json.loads(sortie.out))


def test_sous_processus_et_processus_identiques(capsys: pytest.CaptureFixture[str]) -> None:
    chemin = str(chemin_exemple("domicile-20-services-confort.json"))
    assert main(["estimer", "--json", chemin]) == 0
    en_processus = capsys.readouterr().out
    assert commande("estimer", "--json", chemin).stdout == en_processus


def estimer_json(chemin: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["estimer", "--json", str(chemin)]) == 0
    sortie = capsys.readouterr()
    assert sortie.err == ""
    resultat = json.loads(sortie.out)
    verifier_contrat(resultat)
    return resultat


def test_grappe_montants_calcules_a_la_main(capsys: pytest.CaptureFixture[str]) -> None:
    """9 EHPAD en acquisition, solution Ségur, 2 OG de petite taille (II.D.1, II.D.3)."""
    r = estimer_json(chemin_exemple(GRAPPE), capsys)
    assert r["campagne"] == "2022"
    assert r["recevable"] is True
    assert r["orientation"] == "regionale"
    assert r["ars_pivot"] == "53"
    assert r["nombre_essms_retenus"] == 9
    assert r["totaux"] == {
        "moa": 9 * 7000,
        "editeur": 5 * 13200 + 4 * 14500,  # devis, sinon plafond 14 500
        "equipement": 9 * 20000,
        "amoa_marche": 15000,
        "amoa_projet": 100000,
        "total": 482000,
    }
    assert r["versements"] == {"avance": 241000, "solde": 241000}
    assert r["repartition_ars"] == {"53": 482000}
    premier = r["etablissements"][0]
    assert premier["finess"] == "350012001"
    assert (premier["moa"], premier["editeur"], premier["equipement"]) == (7000, 13200, 20000)
    assert premier["total"] == 40200
    assert [a["gravite"] for a in r["anomalies"]].count("bloquant") == 0


def test_national_montants_calcules_a_la_main(capsys: pytest.CaptureFixture[str]) -> None:
    """60 mises en conformité : 49 × 5 000 puis 11 × 2 000 à partir du rang 50 (II.D.4)."""
    r = estimer_json(chemin_exemple("national-60-essms-conformite.json"), capsys)
    assert r["orientation"] == "nationale"
    assert r["nombre_essms_retenus"] == 60
    assert r["totaux"]["moa"] == 49 * 5000 + 11 * 2000
    assert r["totaux"]["editeur"] == 0
    assert r["totaux"]["total"] == 267000
    assert [e["moa"] for e in r["etablissements"][48:50]] == [5000, 2000]
    assert r["recevable"] is True


def test_avance_au_centime(capsys: pytest.CaptureFixture[str]) -> None:
    r = estimer_json(chemin_exemple("domicile-20-services-confort.json"), capsys)
    assert r["totaux"]["total"] == 582431
    assert r["versements"] == {"avance": 291215.5, "solde": 291215.5}


def test_dossier_non_recevable_sort_en_0(tmp_path: Path) -> None:
    d = donnees_exemple()
    d["solution"]["mode_achat"] = "aucun"  # ESSMS en acquisition : mise en concurrence exigée
    chemin = ecrire(tmp_path, d)
    r = commande("estimer", "--json", str(chemin))
    assert r.returncode == 0, r.stderr
    resultat = json.loads(r.stdout)
    verifier_contrat(resultat)
    assert resultat["recevable"] is False
    bloquants = [a for a in resultat["anomalies"] if a["gravite"] == "bloquant"]
    assert any("mise en concurrence" in a["message"] for a in bloquants)
    # Les montants restent estimés : seul l'AMOA marché (SAD seulement) tombe.
    assert resultat["totaux"]["amoa_marche"] == 0
    assert resultat["totaux"]["total"] == 482000 - 15000

    texte = commande("verifier", str(chemin))
    assert texte.returncode == 0
    assert "Recevable : non (2 problèmes bloquants)" in texte.stdout
    assert "[BLOQUANT]" in texte.stdout


def test_dossier_en_cours_textes_vides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = donnees_exemple()
    d["etablissements"][0]["finess"] = ""
    d["porteur"]["siret"] = ""
    d["organismes"][1]["departement"] = ""
    r = estimer_json(ecrire(tmp_path, d), capsys)
    assert r["recevable"] is False
    assert r["nombre_essms_retenus"] == 8
    assert r["etablissements"][0]["retenu"] is False
    messages = [a["message"] for a in r["anomalies"]]
    assert "SIRET du porteur à indiquer : le porteur doit disposer d'un SIRET." in messages


# --- verifier et estimer en texte ---------------------------------------------------------


def test_verifier_texte_francais() -> None:
    r = commande("verifier", str(chemin_exemple(GRAPPE)))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lignes = r.stdout.splitlines()
    assert lignes[0] == (
        "Dossier : Grappe DUI des EHPAD du pays de Rennes et du Morbihan — Campagne 2022"
    )
    assert "ESSMS retenus : 9 sur 9" in lignes
    assert "ARS pivot : ARS Bretagne" in lignes  # « Bretagne (53) » se lisait comme la Mayenne
    assert "Recevable : oui" in lignes
    assert "Établissements :" in lignes
    assert "Contrôles :" in lignes
    assert "  retenu     rang    1  350012001  EHPAD Les Ajoncs (Bretagne)" in lignes


def test_verifier_en_processus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verifier", str(chemin_exemple("national-60-essms-conformite.json"))]) == 0
    sortie = capsys.readouterr()
    assert "ESSMS retenus : 60 sur 60" in sortie.out
    assert "Orientation : nationale" in sortie.out
    assert sortie.err == ""


def test_estimer_texte(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimer", str(chemin_exemple(GRAPPE))]) == 0
    sortie = capsys.readouterr().out
    assert "Financement par ESSMS retenu :" in sortie
    assert "Totaux :" in sortie
    assert "Répartition entre ARS :" in sortie
    assert "Instruction 2022/34, II.D.1)" in sortie
    assert not sortie.lstrip().startswith("{")


# --- Entrées invalides --------------------------------------------------------------------


def dossier_finess_faux(tmp_path: Path) -> Path:
    d = donnees_exemple()
    d["etablissements"][0]["finess"] = "350012002"  # clé fausse (bonne : 350012001)
    return ecrire(tmp_path, d, "finess-faux.json")


@pytest.mark.parametrize("sous_commande", [["estimer", "--json"], ["estimer"], ["verifier"]])
def test_dossier_invalide_sous_processus(sous_commande: list[str], tmp_path: Path) -> None:
    chemin = dossier_finess_faux(tmp_path)
    r = commande(*sous_commande, str(chemin))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        f"app-bureau : dossier {chemin} invalide :",
        "  etablissements[0].finess : la clé ne correspond pas : un chiffre est probablement mal recopié",
    ]
    assert "Traceback" not in r.stderr + r.stdout


def test_dossier_invalide_en_processus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chemin = dossier_finess_faux(tmp_path)
    assert main(["estimer", "--json", str(chemin)]) == 2
    sortie = capsys.readouterr()
    assert sortie.out == ""
    assert (
        "etablissements[0].finess : la clé ne correspond pas : un chiffre est probablement mal recopié"
        in sortie.err
    )


def test_plusieurs_problemes_tous_sur_stderr(tmp_path: Path) -> None:
    d = donnees_exemple()
    d["etablissements"][3]["finess"] = "350012036"
    d["etablissements"][6]["finess"] = "560034018"
    d["porteur"]["siret"] = "31234567100018"
    r = commande("estimer", "--json", str(ecrire(tmp_path, d)))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.splitlines()[1:] == [  # dans l'ordre du fichier
        "  porteur.siret : la clé ne correspond pas : un chiffre est probablement mal recopié",
        "  etablissements[3].finess : la clé ne correspond pas : un chiffre est probablement mal recopié",
        "  etablissements[6].finess : la clé ne correspond pas : un chiffre est probablement mal recopié",
    ]


def test_fichier_introuvable(tmp_path: Path) -> None:
    chemin = tmp_path / "absent.json"
    r = commande("estimer", "--json", str(chemin))
    assert r.returncode == 2
    assert r.stdout == ""
    assert f"fichier introuvable : {chemin}" in r.stderr
    assert "Traceback" not in r.stderr


def test_json_mal_forme(tmp_path: Path) -> None:
    chemin = tmp_path / "casse.json"
    chemin.write_text('{"format": "dossier-esms-numerique",\n "version": 1\n', encoding="utf-8")
    r = commande("verifier", str(chemin))
    assert r.returncode == 2
    assert r.stdout == ""
    assert "  JSON mal formé, ligne 3, colonne 1" in r.stderr.splitlines()
    assert "Traceback" not in r.stderr


def test_campagne_vide_sans_trace(tmp_path: Path) -> None:
    d = donnees_exemple()
    d["campagne"] = ""
    r = commande("estimer", "--json", str(ecrire(tmp_path, d)))
    assert "Traceback" not in r.stderr
    assert r.returncode == 2
    assert "campagne : campagne à indiquer (connues : 2022, 2023)" in r.stderr


# --- Arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "attendu"),
    [
        (["inconnue"], "choix invalide : 'inconnue' (possibles : 'verifier', 'estimer'"),
        (["estimer"], "arguments obligatoires manquants : DOSSIER.json"),
        (["estimer", "--json"], "arguments obligatoires manquants : DOSSIER.json"),
        (["verifier"], "arguments obligatoires manquants : DOSSIER.json"),
        (["estimer", "--csv", "a.json"], "arguments non reconnus : --csv"),
    ],
)
def test_arguments_invalides(arguments: list[str], attendu: str) -> None:
    r = commande(*arguments)
    assert r.returncode == 2
    assert r.stdout == ""
    assert "erreur" in r.stderr
    assert attendu in r.stderr
    assert r.stderr.startswith("usage : app-bureau")
    assert "error:" not in r.stderr
    assert "usage:" not in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("arguments", "attendu"),
    [
        (["inconnue"], "app-bureau : erreur : argument COMMANDE : choix invalide"),
        (["verifier"], "app-bureau verifier : erreur : arguments obligatoires manquants"),
    ],
)
def test_arguments_invalides_en_processus(
    arguments: list[str], attendu: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(arguments)
    assert exc.value.code == 2
    sortie = capsys.readouterr()
    assert attendu in sortie.err
    assert "error:" not in sortie.err


def test_argparse_rendu_apres_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """La traduction d'argparse ne déborde pas sur le reste du processus."""
    import argparse

    with pytest.raises(SystemExit):
        main(["inconnue"])
    capsys.readouterr()
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_version() -> None:
    r = commande("--version")
    assert r.returncode == 0
    assert r.stdout == "app-bureau 0.1.0\n"


def test_aide_en_francais() -> None:
    r = commande("-h")
    assert r.returncode == 0
    assert "affiche cette aide et quitte" in r.stdout
    assert "show " not in r.stdout


# --- Sans Qt ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments", [["estimer", "--json"], ["estimer"], ["verifier"]], ids=" ".join
)
def test_sous_commandes_sans_pyside6(arguments: list[str]) -> None:
    argv = [*arguments, str(chemin_exemple(GRAPPE))]
    code = (
        "import sys; from app_bureau.cli import main; "
        f"rc = main({argv!r}); "
        "assert 'PySide6' not in sys.modules, 'PySide6 importé'; sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr


def test_estimer_json_n_importe_pas_pyside6_commande_du_brief() -> None:
    chemin = str(chemin_exemple(GRAPPE))
    code = (
        "import sys; from app_bureau.cli import main; "
        f"rc = main(['estimer', '--json', {chemin!r}]); "
        "assert 'PySide6' not in sys.modules; sys.exit(rc)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8"
    )
    assert r.returncode == 0, r.stderr
    verifier_contrat(json.loads(r.stdout))
