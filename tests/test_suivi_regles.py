"""Le suivi d'un projet financé, d'après l'instruction 2022/34 (I.A.2, annexe 2 F, annexe 3).

Annexe 3 : chaque indicateur se mesure « sur le mois écoulé mesuré à chaque fin de mois (avec
une période de 3 mois pour la première mesure) » ; MSSanté et DMP : 70 % ; dossiers actifs,
avec projet personnalisé, avec événement : 90 %. Annexe 2 F : le solde est versé si « tous les
ESSMS participant au projet atteignent » ces cibles ; sinon il « est modulé » (par l'ARS).
"""

import datetime
from decimal import Decimal

import pytest

from app_bureau.fichier.dossier import DossierInvalide, decoder, encoder, lire_dossier, vers_donnees
from app_bureau.modele import (
    Convention,
    Depense,
    EtatCible,
    EtatSuivi,
    Mesure,
    MontantNotifie,
    RubriqueFinancement,
    Suivi,
    TypeProjet,
)
from app_bureau.regles.parametres import parametres
from app_bureau.regles.suivi import (
    evaluer_suivi,
    fin_prevue,
    hors_convention,
    premiere_mesure,
    problemes_de_mesure,
)
from tests.fabrique import dossier, etab

J = datetime.date
JEU = parametres("2022")
DEBUT = J(2025, 1, 1)


def atteinte(finess: str, mois: datetime.date) -> Mesure:
    """100 personnes : 70 messages, 70 DMP, 90 dossiers actifs, 81 avec projet, 81 avec
    événement (81/90 = 90 %) : toutes les cibles tout juste atteintes."""
    return Mesure(finess, mois, 100, 70, 70, 90, 81, 81)


def grappe(*mesures: Mesure, debut: datetime.date | None = DEBUT):  # type: ignore[no-untyped-def]
    d = dossier([etab(1), etab(2, projet=TypeProjet.MISE_EN_CONFORMITE)])
    a, b = (e.finess for e in d.etablissements)
    d.suivi = Suivi(
        Convention(
            signee_le=J(2024, 12, 1),
            debut_projet=debut,
            montant_total=Decimal(40000),
            montants=[MontantNotifie(a, Decimal(21500)), MontantNotifie(b, Decimal(18500))],
        ),
        list(mesures),
    )
    return d, a, b


def test_la_premiere_mesure_couvre_trois_mois() -> None:
    assert premiere_mesure(J(2025, 1, 1), JEU) == J(2025, 3, 1)  # janvier à mars
    assert premiere_mesure(J(2025, 1, 15), JEU) == J(2025, 4, 1)  # trois mois entiers
    assert premiere_mesure(J(2025, 11, 30), JEU) == J(2026, 2, 1)


def test_fin_prevue_selon_le_projet_ou_la_duree_revue_par_l_ars() -> None:
    # I.A.2 : 9 mois pour une montée de version, 18 mois pour une acquisition ; FAQ :
    # « délais indicatifs pouvant être révisés par l'ARS ».
    assert fin_prevue(DEBUT, TypeProjet.MISE_EN_CONFORMITE, 0, JEU) == J(2025, 10, 1)
    assert fin_prevue(DEBUT, TypeProjet.ACQUISITION, 0, JEU) == J(2026, 7, 1)
    assert fin_prevue(DEBUT, TypeProjet.ACQUISITION, 24, JEU) == J(2027, 1, 1)


def test_avant_la_premiere_mesure_rien_n_est_du() -> None:
    d, _, _ = grappe()
    resultat = evaluer_suivi(d, J(2025, 3, 20))
    assert resultat is not None
    assert {e.etat for e in resultat.essms} == {EtatCible.PAS_DUE}
    assert resultat.etat is EtatSuivi.EN_COURS
    assert not resultat.anomalies
    # La mesure de mars est due à la fin de mars : le 1er avril, elle manque.
    resultat = evaluer_suivi(d, J(2025, 4, 1))
    assert {e.etat for e in resultat.essms} == {EtatCible.SANS_MESURE}
    assert [e.mois_manquants for e in resultat.essms] == [(J(2025, 3, 1),), (J(2025, 3, 1),)]
    assert "mesure manquante pour mars 2025" in resultat.anomalies[0].message


def test_un_mois_sous_la_cible_n_est_pas_atteint() -> None:
    d, a, b = grappe()
    sous = Mesure(a, J(2025, 3, 1), 100, 69, 70, 90, 81, 81)  # MSSanté 69 % < 70 %
    d.suivi.mesures = [sous, atteinte(b, J(2025, 3, 1))]
    resultat = evaluer_suivi(d, J(2025, 4, 10))
    ligne_a, ligne_b = resultat.essms
    ms_sante = ligne_a.indicateurs[0]
    assert ms_sante.indicateur.cle == "ms_sante" and ms_sante.dernier.part == Decimal("0.69")
    assert ms_sante.etat is EtatCible.PAS_ENCORE
    assert ligne_a.etat is EtatCible.PAS_ENCORE and ligne_b.etat is EtatCible.ATTEINTE
    assert [i.etat for i in ligne_b.indicateurs] == [EtatCible.ATTEINTE] * 5
    assert resultat.etat is EtatSuivi.EN_COURS


def test_un_essms_retient_le_solde_de_toute_la_grappe() -> None:
    # Annexe 2 F : « tous les ESSMS participant au projet atteignent » les cibles.
    d, a, b = grappe()
    d.suivi.mesures = [
        atteinte(a, J(2025, 3, 1)),
        Mesure(b, J(2025, 3, 1), 100, 70, 70, 89, 81, 81),
    ]
    resultat = evaluer_suivi(d, J(2025, 11, 2))  # après la fin prévue de b (9 mois)
    # a n'a plus mesuré depuis mars : la mesure d'octobre manque, a retient aussi le solde.
    assert [e.finess for e in resultat.retiennent_le_solde] == [a, b]
    assert resultat.essms[0].etat is EtatCible.SANS_MESURE
    assert [i.etat for i in resultat.essms[0].indicateurs] == [EtatCible.ATTEINTE] * 5
    d.suivi.mesures.append(atteinte(a, J(2025, 10, 1)))  # octobre, la dernière due
    resultat = evaluer_suivi(d, J(2025, 11, 2))
    assert [e.finess for e in resultat.retiennent_le_solde] == [b]
    assert resultat.essms[1].etat is EtatCible.EN_RETARD
    assert resultat.etat is EtatSuivi.EN_RETARD
    # Solde maximal : 50 % du montant notifié ; en jeu : la part du solde de b.
    assert resultat.solde_maximal == Decimal("20000.00")
    assert resultat.montant_en_jeu == Decimal("9250.00")  # 50 % × 18 500
    assert any("l'ARS peut moduler le solde" in a.message for a in resultat.anomalies)
    # Quand b atteint à son tour ses cibles, toute la grappe les atteint.
    d.suivi.mesures.append(atteinte(b, J(2025, 10, 1)))
    resultat = evaluer_suivi(d, J(2025, 11, 2))
    assert resultat.etat is EtatSuivi.CIBLES_ATTEINTES and resultat.montant_en_jeu == 0


def test_seuls_les_essms_de_la_convention_sont_suivis() -> None:
    # La convention fixe le montant de chaque ESSMS financé : un ESSMS du dossier qu'elle ne
    # nomme pas (non retenu à l'estimation) ne retient pas le solde.
    d, a, b = grappe()
    d.suivi.convention.montants = [MontantNotifie(a, Decimal(21500))]
    resultat = evaluer_suivi(d, J(2025, 4, 10))
    assert [e.finess for e in resultat.essms] == [a]
    assert hors_convention(d) == [b]  # l'écran propose de l'ajouter à la convention
    d.suivi.convention.montants = []  # aucune ligne : tous les ESSMS du dossier
    assert [e.finess for e in evaluer_suivi(d, J(2025, 4, 10)).essms] == [a, b]


def test_les_taux_se_calculent_des_comptes() -> None:
    d, a, _ = grappe()
    d.suivi.mesures = [Mesure(a, J(2025, 3, 1), 80, 120, 60, 72, 65, 70)]
    [ms, dmp, actifs, projet, evenement] = evaluer_suivi(d, J(2025, 4, 2)).essms[0].indicateurs
    assert ms.dernier.part == Decimal("1.5000")  # messages / personnes : peut dépasser 100 %
    assert dmp.dernier.part == Decimal("0.7500")  # 60 / 80
    assert actifs.dernier.part == Decimal("0.9000")  # 72 / 80
    assert projet.dernier.part == Decimal("0.9028")  # 65 / 72
    assert evenement.dernier.part == Decimal("0.9722")  # 70 / 72


@pytest.mark.parametrize(
    ("mesure", "attendu"),
    [
        (Mesure("x", J(2025, 3, 1), 80, 200, 60, 72, 65, 70), []),  # MSSanté non bornée
        (Mesure("x", J(2025, 3, 1), 80, 10, 81, 72, 65, 70), ["dmp_alimentes"]),
        (Mesure("x", J(2025, 3, 1), 80, 10, 60, 90, 65, 70), ["dossiers_actifs"]),
        (Mesure("x", J(2025, 3, 1), 80, 10, 60, 72, 73, 70), ["dossiers_avec_projet"]),
        (Mesure("x", J(2024, 12, 1), 80, 10, 60, 72, 65, 70), ["mois"]),
    ],
)
def test_une_mesure_qui_ne_tient_pas_debout(mesure: Mesure, attendu: list[str]) -> None:
    assert [champ for champ, _ in problemes_de_mesure(mesure, DEBUT)] == attendu


def test_message_d_un_numerateur_au_dessus_de_son_denominateur() -> None:
    [(_, message)] = problemes_de_mesure(Mesure("x", J(2025, 3, 1), 80, 1, 81, 1, 1, 1), DEBUT)
    assert message == "81 dépasse les 80 personnes accompagnées (file active) du mois"


def test_depenses_et_pieces_a_garder() -> None:
    d, a, _ = grappe(atteinte("x", J(2025, 3, 1)))
    d.suivi.mesures = []
    d.suivi.depenses = [
        Depense(
            J(2025, 2, 1), "Éditeur", "Licences", Decimal("12000"), RubriqueFinancement.EDITEUR, a
        ),
        Depense(
            J(2025, 2, 1), "Conseil", "AMOA", Decimal("3000.50"), RubriqueFinancement.AMOA_PROJET
        ),
    ]
    d.suivi.preuves_gardees = ["convention"]
    resultat = evaluer_suivi(d, J(2025, 2, 10))
    assert resultat.depenses == Decimal("15000.50")
    assert resultat.depenses_par_rubrique[RubriqueFinancement.EDITEUR] == Decimal("12000")
    assert resultat.essms[0].depenses == Decimal("12000")
    pieces = {p.identifiant: p for p in resultat.preuves}
    assert pieces["convention"].gardee and not pieces["factures"].gardee
    assert "jusqu'en 2036" in pieces["pieces_marche"].libelle  # FAQ 2023
    assert "2036" in pieces["pieces_marche"].reference


def test_sans_date_de_debut_le_suivi_le_demande() -> None:
    d, _, _ = grappe(debut=None)
    resultat = evaluer_suivi(d, J(2025, 6, 1))
    assert resultat.etat is EtatSuivi.A_DEMARRER
    assert resultat.anomalies[0].champ == "suivi.convention.debut_projet"
    assert evaluer_suivi(dossier([etab(1)]), J(2025, 6, 1)) is None  # pas financé


# --- Le suivi voyage dans le fichier dossier, et un fichier mal formé est refusé -------------


def test_le_suivi_fait_l_aller_retour_par_le_fichier() -> None:
    d, a, _ = grappe()
    d.suivi.mesures = [atteinte(a, J(2025, 3, 1))]
    d.suivi.depenses = [Depense(J(2025, 2, 1), "Éditeur", "", Decimal("10"))]
    donnees = vers_donnees(d)
    assert donnees["suivi"]["mesures"][0]["mois"] == "2025-03-01"
    assert lire_dossier(decoder(encoder(donnees))).suivi == d.suivi


@pytest.mark.parametrize(
    ("modifier", "chemin", "message"),
    [
        (lambda s: s["mesures"][0].update(mois="mars"), "suivi.mesures[0].mois", "AAAA-MM-JJ"),
        (
            lambda s: s["mesures"][0].update(mois="2025-03-15"),
            "suivi.mesures[0].mois",
            "premier jour",
        ),
        (
            lambda s: s["mesures"][0].update(dmp_alimentes=101),
            "suivi.mesures[0].dmp_alimentes",
            "dépasse",
        ),
        (
            lambda s: s["mesures"][0].update(dmp_alimentes=-1),
            "suivi.mesures[0].dmp_alimentes",
            "au moins 0",
        ),
        (
            lambda s: s["mesures"][0].update(mois="2024-11-01"),
            "suivi.mesures[0].mois",
            "avant le début",
        ),
        (
            lambda s: s["mesures"][0].update(finess="350099998"),
            "suivi.mesures[0].finess",
            "aucun établissement",
        ),
        (
            lambda s: s["mesures"].append(dict(s["mesures"][0])),
            "suivi.mesures[1].mois",
            "déjà mesuré",
        ),
    ],
)
def test_un_suivi_mal_forme_est_refuse(modifier, chemin: str, message: str) -> None:  # type: ignore[no-untyped-def]
    d, a, _ = grappe(atteinte("x", J(2025, 3, 1)))
    d.suivi.mesures = [atteinte(a, J(2025, 3, 1))]
    donnees = decoder(encoder(vers_donnees(d)))
    modifier(donnees["suivi"])
    with pytest.raises(DossierInvalide) as erreur:
        lire_dossier(donnees)
    problemes = {e.chemin: e.message for e in erreur.value.erreurs}
    assert chemin in problemes and message in problemes[chemin], problemes


def test_un_poste_depasse_se_dit_depasse() -> None:
    from app_bureau.formats import euros, reste_a_justifier

    assert reste_a_justifier(Decimal("45148.50")) == euros(Decimal("45148.50"))
    assert reste_a_justifier(Decimal("-7350.80")) == f"dépassé de {euros(Decimal('7350.80'))}"
    assert reste_a_justifier(None) == "—"
