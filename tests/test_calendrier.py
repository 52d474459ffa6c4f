"""Les dates de la campagne au regard du jour (regles.calendrier) : dépôt et engagement
passés, jour donné par paramètre, variable d'environnement ou option `--date`.

Les dates viennent des textes :
- instruction 2022/34, IV.B : « l'engagement sur les opérations retenues est effectué en une
  seule fois et doit intervenir avant le 30 décembre 2022 » ;
- FAQ CNSA (3 février 2023), « Les appels à projets régionaux 2023 sont-ils lancés ? » :
  « Pour l'année 2023, les appels à projets régionaux sont ouverts du 16 janvier au 15 juin
  pour les projets multirégionaux, et jusqu'au 15 septembre pour les projets régionaux » ;
- même FAQ, « Quelle est la date prévisionnelle de réponse de l'ARS ? » : « Les engagements
  financiers pour des opérations retenues en 2023 seront effectués avant le 30 décembre
  2023 ».
"""

import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app_bureau.cli import main
from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.fichier.dossier import charger
from app_bureau.modele import Gravite
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.calendrier import VARIABLE_DATE, DateInvalide, date_du_jour, lire_date
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import dossier, etab, og, serie

J = datetime.date


def constats(ev, gravite: Gravite) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.message for a in ev.anomalies if a.gravite is gravite]


def regional_2023():  # type: ignore[no-untyped-def]
    return dossier(serie(3), campagne="2023")


def multiregional_2023():  # type: ignore[no-untyped-def]
    return dossier([etab(1, "35"), etab(2, "35"), etab(3, "75")], campagne="2023")


# --- Dates de dépôt (FAQ, 2023) -------------------------------------------------------------

DEPOT = [
    # dossier, jour, passée ?
    (regional_2023, J(2023, 9, 15), False),  # « jusqu'au 15 septembre » : le 15 compte encore
    (regional_2023, J(2023, 9, 16), True),
    (multiregional_2023, J(2023, 6, 15), False),  # « du 16 janvier au 15 juin »
    (multiregional_2023, J(2023, 6, 16), True),
]


@pytest.mark.parametrize(("fabrique", "jour", "passee"), DEPOT)
def test_date_de_depot_passee_est_un_avertissement(fabrique, jour, passee) -> None:
    ev = evaluer(fabrique(), jour)
    limite = "15/09/2023" if fabrique is regional_2023 else "15/06/2023"
    averti = [m for m in constats(ev, Gravite.AVERTISSEMENT) if m.startswith("Date de dépôt")]
    informe = [m for m in constats(ev, Gravite.INFORMATION) if m.startswith("Dépôt possible")]
    if passee:
        assert len(averti) == 1 and not informe
        assert f"jusqu'au {limite}" in averti[0]
        assert f"nous sommes le {jour:%d/%m/%Y}" in averti[0]
        assert ev.campagne_etat.statut == "dépôt clos"
        assert ev.campagne_etat.dates_passees
    else:
        assert informe == [f"Dépôt possible jusqu'au {limite}."] and not averti
        assert ev.campagne_etat.statut == "en cours"
    [a] = [a for a in ev.anomalies if "15/09" in a.message or "15/06" in a.message]
    assert "Les appels à projets régionaux 2023 sont-ils lancés" in a.reference


def test_projet_national_pas_de_date_de_depot_dans_les_textes() -> None:
    d = dossier(
        [*serie(30, "35"), *serie(30, "75", depart=100)],
        [og(nombre_essms_geres=80)],
        campagne="2023",
    )
    ev = evaluer(d, J(2023, 10, 1))
    assert not any("Dépôt" in a.message for a in ev.anomalies)
    assert ev.campagne_etat.statut == "en cours"


# --- Engagement des crédits (IV.B ; FAQ 2023) -------------------------------------------------

ENGAGEMENT = [
    ("2022", J(2022, 12, 29), False),
    ("2022", J(2022, 12, 30), True),  # « avant le 30 décembre 2022 » : le 30 est trop tard
    ("2023", J(2023, 12, 29), False),
    ("2023", J(2026, 11, 30), True),
]


@pytest.mark.parametrize(("campagne", "jour", "close"), ENGAGEMENT)
def test_engagement_des_credits_passe_la_campagne_est_close(campagne, jour, close) -> None:
    ev = evaluer(dossier(serie(2), campagne=campagne), jour)
    annee = int(campagne)
    if close:
        [alerte] = [m for m in constats(ev, Gravite.AVERTISSEMENT) if "close" in m]
        assert alerte.startswith(f"Campagne {campagne} close : les ARS devaient engager")
        assert f"avant le 30/12/{annee}" in alerte
        assert ev.campagne_etat.statut == "close"
        assert ev.campagne_etat.texte.startswith(f"Campagne {campagne} — close : ")
        assert ev.campagne_etat.alertes[-1].message == alerte
    else:
        assert f"Les ARS engagent les crédits avant le 30/12/{annee}." in constats(
            ev, Gravite.INFORMATION
        )
        assert ev.campagne_etat.statut != "close"
    reference = next(a.reference for a in ev.anomalies if f"30/12/{annee}" in a.message)
    assert reference == (
        "Instruction 2022/34, IV.B"
        if campagne == "2022"
        else "FAQ ESMS numérique (03/02/2023), « Quelle est la date prévisionnelle de "
        "réponse de l'ARS ? »"
    )


def test_les_dates_passees_viennent_en_tete_des_avertissements() -> None:
    d = dossier(serie(3), campagne="2023")  # 3 ESSMS : avertissement de taille aussi
    ev = evaluer(d, J(2026, 11, 30))
    avertissements = constats(ev, Gravite.AVERTISSEMENT)
    assert avertissements[0].startswith("Date de dépôt passée")
    assert avertissements[1].startswith("Campagne 2023 close")
    assert ev.recevable  # un avertissement ne bloque pas


# --- Le jour : paramètre, variable d'environnement, horloge ----------------------------------


def test_le_parametre_l_emporte_sur_la_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VARIABLE_DATE, "2026-11-30")
    d = dossier(serie(2))
    assert evaluer(d).campagne_etat.aujourd_hui == J(2026, 11, 30)
    assert evaluer(d, J(2022, 3, 1)).campagne_etat.aujourd_hui == J(2022, 3, 1)


def test_sans_variable_l_horloge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VARIABLE_DATE)
    assert date_du_jour() == datetime.date.today()


@pytest.mark.parametrize("texte", ["bof", "2026-13-01", "30/11/2026", "20261130", "2026-2-1"])
def test_date_invalide_dite_en_francais(texte: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DateInvalide, match="n'est pas une date AAAA-MM-JJ"):
        lire_date(texte)
    monkeypatch.setenv(VARIABLE_DATE, texte)
    with pytest.raises(DateInvalide, match=VARIABLE_DATE):
        date_du_jour()


# --- Ligne de commande ----------------------------------------------------------------------

GRAPPE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))


def test_verifier_date_donnee_campagne_close(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verifier", "--date", "2026-11-30", str(GRAPPE)]) == 0
    lignes = capsys.readouterr().out.splitlines()
    assert lignes[1] == (
        "État de la campagne : close — les ARS devaient engager les crédits avant le "
        "30/12/2022 (date passée au 30/11/2026) (Instruction 2022/34, IV.B)"
    )
    assert any(ligne.startswith("  [attention] Campagne 2022 close : ") for ligne in lignes)


def test_verifier_pendant_la_campagne(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verifier", "--date", "2022-05-01", str(GRAPPE)]) == 0
    sortie = capsys.readouterr().out
    assert "État de la campagne : en cours — au 01/05/2022" in sortie
    assert "[info] Les ARS engagent les crédits avant le 30/12/2022." in sortie
    assert "close" not in sortie


def test_estimer_json_suit_la_date(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["estimer", "--json", "--date", "2023-01-02", str(GRAPPE)]) == 0
    resultat = json.loads(capsys.readouterr().out)
    assert any(
        a["gravite"] == "avertissement" and a["message"].startswith("Campagne 2022 close")
        for a in resultat["anomalies"]
    )


@pytest.mark.parametrize("sous_commande", ["verifier", "estimer"])
def test_date_invalide_en_ligne_de_commande(
    sous_commande: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as sortie:
        main([sous_commande, "--date", "31/12/2022", str(GRAPPE)])
    assert sortie.value.code == 2
    erreur = capsys.readouterr().err
    assert "argument --date : « 31/12/2022 » n'est pas une date AAAA-MM-JJ" in erreur
    assert "Traceback" not in erreur


def test_variable_invalide_en_ligne_de_commande(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(VARIABLE_DATE, "demain")
    assert main(["verifier", str(GRAPPE)]) == 2
    erreur = capsys.readouterr().err
    assert erreur == (
        "app-bureau : APP_BUREAU_DATE : « demain » n'est pas une date AAAA-MM-JJ (2026-11-30)\n"
    )


def test_exporter_date_donnee(tmp_path: Path) -> None:
    sortie = tmp_path / "synthese.pdf"
    assert main(["exporter", str(GRAPPE), "--pdf", str(sortie), "--date", "2026-11-30"]) == 0
    couverture = PdfReader(sortie).pages[0].extract_text()
    assert "Établi le 30/11/2026" in couverture


# --- Couverture de la synthèse PDF --------------------------------------------------------------


def _couverture(tmp_path: Path, jour: datetime.date) -> str:
    d = charger(GRAPPE)
    chemin = tmp_path / f"synthese-{jour}.pdf"
    ecrire_pdf(d, evaluer(d, jour), chemin)
    return " ".join(PdfReader(chemin).pages[0].extract_text().replace("\u202f", " ").split())


def test_couverture_recevable_toujours_avec_la_campagne_et_son_statut(tmp_path: Path) -> None:
    close = _couverture(tmp_path, J(2026, 11, 30))
    assert "Recevable — Campagne 2022, close" in close
    assert close.count("Recevable") == 1
    assert "Attention : Campagne 2022 close : les ARS devaient engager les crédits" in close
    en_cours = _couverture(tmp_path, J(2022, 5, 1))
    assert "Recevable — Campagne 2022, en cours" in en_cours
    assert "Attention" not in en_cours


# --- Page Éligibilité ---------------------------------------------------------------------------


def test_eligibilite_dit_en_tete_que_la_campagne_est_close(
    depot, application_fr, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app_bureau.ecrans.page_eligibilite import PageEligibilite
    from app_bureau.ecrans.session import SessionDossier
    from app_bureau.libelles import ORANGE

    monkeypatch.setenv(VARIABLE_DATE, "2026-11-30")
    page = PageEligibilite(SessionDossier(depot, depot.importer(GRAPPE)))
    assert page.campagne.text().startswith(
        "Campagne 2022 close : les ARS devaient engager les crédits avant le 30/12/2022"
    )
    assert ORANGE in page.campagne.styleSheet()
    disposition = page.layout()
    assert disposition.indexOf(page.campagne) == 0  # en tête de la page
    premier_avertissement = page.liste.topLevelItem(0)  # aucun bloquant : les avertissements
    assert premier_avertissement.child(0).text(0) == page.campagne.text()


def test_eligibilite_pendant_la_campagne(depot, application_fr) -> None:  # type: ignore[no-untyped-def]
    from app_bureau.ecrans.page_eligibilite import PageEligibilite
    from app_bureau.ecrans.session import SessionDossier

    page = PageEligibilite(SessionDossier(depot, depot.importer(GRAPPE)))
    assert page.campagne.text() == (
        "Campagne 2022 — en cours : au 01/06/2022, engagement des crédits avant le 30/12/2022."
    )
