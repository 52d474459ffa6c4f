"""Une règle, un seuil, un cas : tables tirées de l'instruction 2022/34 (II, annexe 2) et de
la FAQ CNSA du 3 février 2023."""

from decimal import Decimal as D

import pytest

from app_bureau.formats import texte_explication
from app_bureau.modele import Champ, Gravite, ModeAchat, Orientation, TypePorteur, TypeProjet
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import dossier, etab, finess, og, serie

ACQ, CONF = TypeProjet.ACQUISITION, TypeProjet.MISE_EN_CONFORMITE


def bloquants(ev) -> list[str]:
    return [a.champ for a in ev.anomalies if a.gravite is Gravite.BLOQUANT]


def avertissements(ev) -> list[str]:
    return [a.message for a in ev.anomalies if a.gravite is Gravite.AVERTISSEMENT]


# --- Montants par ESSMS (II.D.1, II.D.2, annexe 2 E cas 1 et 2) --------------------------

MONTANTS_UN_ESSMS = [
    # projet, référencée Ségur, devis, (moa, éditeur)
    (ACQ, True, None, ("7000", "14500")),
    (ACQ, False, None, ("7000", "12000")),
    (ACQ, True, D("9000"), ("7000", "9000")),
    (ACQ, True, D("14500"), ("7000", "14500")),
    (ACQ, True, D("20000"), ("7000", "14500")),
    (ACQ, False, D("12000.01"), ("7000", "12000")),
    (ACQ, False, D("0"), ("7000", "0")),
    (CONF, True, None, ("5000", "0")),
    (CONF, True, D("8000"), ("5000", "0")),
]


@pytest.mark.parametrize(("projet", "segur", "devis", "attendu"), MONTANTS_UN_ESSMS)
def test_montants_d_un_essms(projet, segur, devis, attendu) -> None:
    ev = evaluer(dossier([etab(projet=projet, devis_editeur=devis)], referencee_segur=segur))
    ligne = ev.etablissements[0]
    assert (ligne.moa, ligne.editeur) == (D(attendu[0]), D(attendu[1]))
    assert ligne.total == ligne.moa + ligne.editeur + ligne.equipement
    assert all(x.reference for x in ligne.explications)


def test_explication_du_forfait_cite_son_paragraphe() -> None:
    ligne = evaluer(dossier([etab()])).etablissements[0]
    premiere = ligne.explications[0]
    assert premiere.libelle == "Forfait maîtrise d'ouvrage, acquisition, rangs 1 à 49"
    assert premiere.montant == D("7000")
    assert premiere.parametre == "financement.forfait_moa.acquisition.rangs_1_a_49"
    assert premiere.reference == "Instruction 2022/34, II.D.1)"
    assert texte_explication(premiere) == (
        "Forfait maîtrise d'ouvrage, acquisition, rangs 1 à 49 : 7\u202f000,00\xa0€"
    )


def test_plafond_sans_devis_est_signale_comme_plafond() -> None:
    ligne = evaluer(dossier([etab()])).etablissements[0]
    assert any("plafond retenu faute de devis" in x.libelle for x in ligne.explications)


# --- Rang : du 50e ESSMS retenu, montants réduits (II.D.4, annexe 2 E cas 3 et 4) --------

RANGS = [
    # projet, Ségur, rang observé, (moa, éditeur)
    (ACQ, True, 49, ("7000", "14500")),
    (ACQ, True, 50, ("2000", "3000")),
    (ACQ, False, 49, ("7000", "12000")),
    (ACQ, False, 50, ("2000", "1000")),
    (ACQ, False, 55, ("2000", "1000")),
    (CONF, True, 49, ("5000", "0")),
    (CONF, True, 50, ("2000", "0")),
]


@pytest.mark.parametrize(("projet", "segur", "rang", "attendu"), RANGS)
def test_montants_reduits_a_partir_du_cinquantieme(projet, segur, rang, attendu) -> None:
    ev = evaluer(
        dossier(serie(rang, projet=projet), [og(nombre_essms_geres=80)], referencee_segur=segur)
    )
    ligne = ev.etablissements[rang - 1]
    assert ligne.rang == rang
    assert (ligne.moa, ligne.editeur) == (D(attendu[0]), D(attendu[1]))


def test_le_rang_ne_compte_que_les_essms_retenus() -> None:
    etablissements = serie(50, champ=Champ.PA)
    etablissements.insert(10, etab(99, deja_finance=True))
    ev = evaluer(dossier(etablissements, [og(nombre_essms_geres=80)]))
    rangs = [ligne.rang for ligne in ev.etablissements]
    assert rangs[10] is None
    assert rangs[-1] == 50
    assert ev.etablissements[-1].moa == D("2000")
    assert ev.etablissements[-2].moa == D("7000")


# --- Activité de « confort » (II.A, FAQ) : chaque montant × la part éligible ------------

CONFORT = [
    # part, devis, équipement, (moa, éditeur, équipement)
    (D("0.625"), None, True, ("4375.00", "9062.50", "12500.00")),
    (D("1"), None, True, ("7000.00", "14500.00", "20000.00")),
    (D("0.5"), D("1000.01"), False, ("3500.00", "500.01", "0.00")),  # 500,005 : arrondi au-dessus
    (D("0.3333"), None, False, ("2333.10", "4832.85", "0.00")),
    (D("0.001"), D("5"), False, ("7.00", "0.01", "0.00")),  # 0,005 → 0,01
]


@pytest.mark.parametrize(("part", "devis", "equipement", "attendu"), CONFORT)
def test_part_d_activite_eligible(part, devis, equipement, attendu) -> None:
    e = etab(
        champ=Champ.DOMICILE,
        part_activite_eligible=part,
        devis_editeur=devis,
        equipement=equipement,
    )
    ligne = evaluer(dossier([e])).etablissements[0]
    assert (ligne.moa, ligne.editeur, ligne.equipement) == tuple(D(x) for x in attendu)


# --- OG de petite taille (II.D.3) : moins de 15 ESSMS, moins de 8 en Corse et outre-mer --

PETITE_TAILLE = [
    (14, "35", True),
    (15, "35", False),
    (8, "35", True),
    (7, "2A", True),
    (8, "2A", False),
    (8, "2B", False),
    (7, "974", True),
    (8, "974", False),
    (7, "976", True),
    (8, "971", False),
    (1, "75", True),
    (14, "", True),  # siège non indiqué : seuil de métropole, et un avertissement
]


@pytest.mark.parametrize(("geres", "departement", "petit"), PETITE_TAILLE)
def test_organisme_de_petite_taille(geres, departement, petit) -> None:
    ev = evaluer(
        dossier([etab(equipement=True)], [og(nombre_essms_geres=geres, departement=departement)])
    )
    assert ev.organismes[0].petite_taille is petit
    assert ev.etablissements[0].equipement == (D("20000") if petit else D("0"))
    assert ev.organismes[0].explication.reference == "Instruction 2022/34, II.D.3)"


def test_equipement_demande_pour_un_grand_og_est_signale() -> None:
    ev = evaluer(dossier([etab(equipement=True)], [og(nombre_essms_geres=30)]))
    assert ev.etablissements[0].equipement == 0
    assert any("équipement demandé mais non finançable" in m for m in avertissements(ev))


# --- AMOA marché et AMOA projet, par projet (II.D.3, annexe 2 E) -------------------------

AMOA = [
    # AMOA marché, AMOA projet, OG géré, mode d'achat, (marché, projet)
    (True, True, 5, ModeAchat.SAD, ("15000", "100000")),
    (True, False, 5, ModeAchat.SAD, ("15000", "0")),
    (False, True, 5, ModeAchat.SAD, ("0", "100000")),
    (True, True, 5, ModeAchat.MISE_EN_CONCURRENCE, ("0", "100000")),
    (True, True, 30, ModeAchat.SAD, ("0", "0")),
    (False, False, 5, ModeAchat.SAD, ("0", "0")),
]


@pytest.mark.parametrize(("marche", "projet", "geres", "mode", "attendu"), AMOA)
def test_financements_par_projet(marche, projet, geres, mode, attendu) -> None:
    etablissements = [etab(1, champ=Champ.AHI), etab(2, champ=Champ.AHI)]
    d = dossier(
        etablissements,
        [og(nombre_essms_geres=geres)],
        mode_achat=mode,
        amoa_marche=marche,
        amoa_projet=projet,
    )
    ev = evaluer(d)
    assert (ev.totaux.amoa_marche, ev.totaux.amoa_projet) == (D(attendu[0]), D(attendu[1]))
    refuses = (marche and attendu[0] == "0") + (projet and attendu[1] == "0")
    assert sum("demandée mais non finançable" in m for m in avertissements(ev)) == refuses


def test_un_petit_og_sans_essms_retenu_n_ouvre_pas_l_amoa() -> None:
    organismes = [og("grand", 40), og("petit", 3)]
    etablissements = [etab(1, organisme="grand"), etab(2, organisme="petit", deja_finance=True)]
    ev = evaluer(dossier(etablissements, organismes, amoa_projet=True))
    assert ev.totaux.amoa_projet == 0


def test_les_montants_par_projet_ne_sont_comptes_qu_une_fois() -> None:
    organismes = [og("a", 3), og("b", 4)]
    etablissements = [etab(1, organisme="a"), etab(2, organisme="b")]
    ev = evaluer(dossier(etablissements, organismes, amoa_marche=True, amoa_projet=True))
    assert ev.totaux.total == 2 * D("21500") + D("115000")


# --- Orientation régionale ou nationale (II.C, annexe 2 C) ------------------------------

ORIENTATION = [
    (49, False, Orientation.REGIONALE),
    (50, False, Orientation.NATIONALE),
    (51, False, Orientation.NATIONALE),
    (10, True, Orientation.NATIONALE),
    (1, False, Orientation.REGIONALE),
]


@pytest.mark.parametrize(("nombre", "representativite", "attendu"), ORIENTATION)
def test_orientation(nombre, representativite, attendu) -> None:
    d = dossier(
        serie(nombre), [og(nombre_essms_geres=80)], representativite_nationale=representativite
    )
    assert evaluer(d).orientation is attendu


def test_les_essms_non_retenus_ne_comptent_pas_pour_l_orientation() -> None:
    etablissements = [*serie(49), etab(60, deja_finance=True)]
    ev = evaluer(dossier(etablissements, [og(nombre_essms_geres=80)]))
    assert ev.nombre_essms_retenus == 49
    assert ev.orientation is Orientation.REGIONALE


# --- ARS pivot et répartition au prorata (II.C.1) ---------------------------------------


def test_ars_pivot_region_qui_compte_le_plus_d_essms() -> None:
    etablissements = [*serie(2, "35"), etab(5, "75")]
    ev = evaluer(dossier(etablissements))
    assert ev.ars_pivot == "53"
    assert ev.repartition_ars == {"53": D("43000.00"), "11": D("21500.00")}


def test_egalite_pas_d_ars_pivot_et_un_avertissement() -> None:
    ev = evaluer(dossier([etab(1, "75"), etab(2, "35")]))
    assert ev.ars_pivot is None
    assert any("Pas d'ARS pivot" in m for m in avertissements(ev))
    assert sum(ev.repartition_ars.values()) == ev.totaux.total


def test_arrondi_de_la_repartition_affecte_a_l_ars_pivot() -> None:
    # Total 85 999,99 € : 1/2 → 42 999,995 arrondi à 43 000,00 ; 1/4 → 21 499,9975 → 21 500,00 ;
    # la somme dépasse d'un centime, retiré à l'ARS pivot (Bretagne).
    etablissements = [
        etab(1, "35"),
        etab(2, "35", devis_editeur=D("14499.99")),
        etab(3, "75"),
        etab(4, "69"),
    ]
    ev = evaluer(dossier(etablissements))
    assert ev.totaux.total == D("85999.99")
    assert ev.repartition_ars == {"53": D("42999.99"), "11": D("21500.00"), "84": D("21500.00")}
    assert any("Arrondi" in x.libelle for x in ev.repartition_explications)


# --- Taille du projet (II.B.4, annexe 2 D, FAQ) : avertissement, jamais bloquant ---------

TAILLE = [
    (14, "35", True),
    (15, "35", False),
    (7, "974", True),
    (8, "974", False),
    (7, "2A", True),
    (8, "2B", False),
]


@pytest.mark.parametrize(("nombre", "departement", "averti"), TAILLE)
def test_taille_minimale_du_projet(nombre, departement, averti) -> None:
    ev = evaluer(
        dossier(serie(nombre, departement), [og(nombre_essms_geres=40, departement=departement)])
    )
    assert any("attendus idéalement" in m for m in avertissements(ev)) is averti
    assert ev.recevable


# --- ESSMS retenus ou non (II.A, II.B.1, II.B.2, mention Outre-mer, FAQ) ------------------

NON_RETENUS = [
    ({"deja_finance": True}, "Instruction 2022/34, II.B.1) ; annexe 2 B"),
    ({"commande_sons_autre_logiciel": True}, "II.B.1)"),
    ({"categorie": "355"}, "II.A"),
    ({"categorie": "362"}, "USLD"),
    ({"finess": ""}, "sans numéro FINESS"),
    ({"finess": finess("975", 3)}, "mention Outre-mer"),
    ({"finess": finess("986", 3)}, "mention Outre-mer"),
]


@pytest.mark.parametrize(("modification", "reference"), NON_RETENUS)
def test_essms_non_retenu_et_pourquoi(modification, reference) -> None:
    e = etab(2)
    for cle, valeur in modification.items():
        setattr(e, cle, valeur)
    ev = evaluer(dossier([etab(1), e]))
    ligne = ev.etablissements[1]
    assert not ligne.retenu
    assert ligne.rang is None and ligne.total == 0
    assert any(reference in m.reference for m in ligne.motifs_non_retenu)
    assert any("n'est pas retenu" in m for m in avertissements(ev))
    assert ev.nombre_essms_retenus == 1


def test_entite_nationale_sans_accord_ecrit() -> None:
    organismes = [og("og1"), og("og2", rattache_entite_nationale=True)]
    ev = evaluer(dossier([etab(1), etab(2, organisme="og2")], organismes))
    assert [ligne.retenu for ligne in ev.etablissements] == [True, False]
    assert "II.B.2)" in ev.etablissements[1].motifs_non_retenu[0].reference


def test_entite_nationale_avec_accord_ecrit_retenu_et_piece_a_joindre() -> None:
    organismes = [og(rattache_entite_nationale=True, accord_entite_nationale=True)]
    ev = evaluer(dossier([etab()], organismes))
    assert ev.etablissements[0].retenu
    assert any(
        "accord écrit" in a.message for a in ev.anomalies if a.gravite is Gravite.INFORMATION
    )


def test_categorie_inconnue_retenue_avec_avertissement() -> None:
    ev = evaluer(dossier([etab(categorie="999")]))
    assert ev.etablissements[0].retenu
    assert any("catégorie FINESS 999 inconnue" in m for m in avertissements(ev))


def test_categorie_et_champ_incoherents() -> None:
    ev = evaluer(dossier([etab(categorie="500", champ=Champ.PH)]))
    assert any("relève du champ « personnes âgées »" in m for m in avertissements(ev))


def test_aucun_essms_retenu_bloque() -> None:
    ev = evaluer(dossier([etab(deja_finance=True)]))
    assert not ev.recevable
    assert "etablissements" in bloquants(ev)
    assert ev.totaux.total == 0 and ev.repartition_ars == {}


# --- Solution Ségur, SAD et mise en concurrence (II.B.3, II.D.1-2, annexe 2 D, FAQ) ------

PA3 = (Champ.PA, Champ.PA, Champ.PA)
AHI2_PA = (Champ.AHI, Champ.AHI, Champ.PA)
EGALITE = (Champ.PA, Champ.AHI)
SAD, EXISTANT, CONCURRENCE, AUCUN = (
    ModeAchat.SAD,
    ModeAchat.MARCHE_EXISTANT,
    ModeAchat.MISE_EN_CONCURRENCE,
    ModeAchat.AUCUN,
)
SEGUR_SAD = [
    # campagne, champs, projet, Ségur, mode, référencée SAD, soumis CCP, champs bloquants
    ("2022", PA3, ACQ, False, SAD, True, False, []),
    ("2022", PA3, ACQ, True, SAD, True, False, []),
    ("2022", PA3, ACQ, True, SAD, False, False, ["solution.referencee_sad"]),
    ("2022", PA3, ACQ, True, CONCURRENCE, False, False, ["solution.mode_achat"]),
    ("2022", PA3, ACQ, True, EXISTANT, False, True, []),
    ("2022", PA3, ACQ, False, EXISTANT, True, True, []),
    ("2022", PA3, ACQ, False, EXISTANT, False, True, ["solution.referencee_sad"]),
    ("2022", PA3, ACQ, True, EXISTANT, True, False, ["solution.mode_achat"]),
    ("2022", PA3, ACQ, True, AUCUN, False, False, ["solution.mode_achat", "solution.mode_achat"]),
    ("2022", AHI2_PA, ACQ, False, CONCURRENCE, False, False, ["solution.referencee_segur"]),
    ("2022", AHI2_PA, ACQ, True, CONCURRENCE, False, False, []),
    ("2022", AHI2_PA, ACQ, True, AUCUN, False, False, ["solution.mode_achat"]),
    ("2022", EGALITE, ACQ, False, CONCURRENCE, False, False, ["solution.referencee_segur"]),
    ("2022", EGALITE, ACQ, True, CONCURRENCE, False, False, []),
    ("2022", PA3, CONF, False, AUCUN, False, False, ["solution.referencee_segur"]),
    ("2022", PA3, CONF, True, AUCUN, False, False, []),
    ("2022", AHI2_PA, CONF, True, AUCUN, False, False, []),
    ("2023", PA3, ACQ, False, SAD, True, False, ["solution.referencee_segur"]),
    ("2023", PA3, ACQ, True, SAD, True, False, []),
    # FAQ : « la solution DUI retenue doit obligatoirement être une solution référencée
    # Ségur » ; la dispense AHI / PJM vient d'un texte que l'application ne détient pas.
    (
        "2023",
        (Champ.AHI, Champ.PJM),
        ACQ,
        False,
        CONCURRENCE,
        False,
        False,
        ["solution.referencee_segur"],
    ),
    (
        "2023",
        (Champ.AHI, Champ.PDE),
        ACQ,
        False,
        CONCURRENCE,
        False,
        False,
        ["solution.referencee_segur"],
    ),
    (
        "2023",
        (Champ.AHI,),
        ACQ,
        False,
        AUCUN,
        False,
        False,
        ["solution.mode_achat", "solution.referencee_segur"],
    ),
    ("2023", PA3, CONF, False, AUCUN, False, False, ["solution.referencee_segur"]),
]


@pytest.mark.parametrize(
    ("campagne", "champs", "projet", "segur", "mode", "sad", "ccp", "attendu"), SEGUR_SAD
)
def test_segur_sad_et_mise_en_concurrence(
    campagne, champs, projet, segur, mode, sad, ccp, attendu
) -> None:
    etablissements = [etab(i + 1, champ=c, projet=projet) for i, c in enumerate(champs)]
    d = dossier(
        etablissements,
        campagne=campagne,
        referencee_segur=segur,
        referencee_sad=sad,
        mode_achat=mode,
        soumis_commande_publique=ccp,
    )
    ev = evaluer(d)
    assert sorted(bloquants(ev)) == sorted(attendu)
    assert ev.recevable is (not attendu)


def test_motif_segur_2023_cite_la_faq() -> None:
    ev = evaluer(dossier([etab()], campagne="2023", referencee_segur=False))
    [segur] = [a for a in ev.anomalies if a.champ == "solution.referencee_segur"]
    assert segur.reference.startswith("FAQ ESMS numérique (03/02/2023)")


def test_regroupement_mixte_et_ght_informations() -> None:
    d = dossier([etab(1), etab(2, projet=CONF)], type=TypePorteur.GHT)
    messages = [a.message for a in evaluer(d).anomalies if a.gravite is Gravite.INFORMATION]
    assert any(m.startswith("Regroupement mixte") for m in messages)
    assert any(m.startswith("Porteur GHT") for m in messages)


# --- Dossier incomplet : les règles disent ce qui manque ----------------------------------


def test_dossier_vide_dit_ce_qui_manque() -> None:
    d = dossier([], [])
    d.porteur.siret = ""
    d.solution.editeur = ""
    ev = evaluer(d)
    assert {"porteur.siret", "solution.editeur", "etablissements"} <= set(bloquants(ev))
    assert ev.totaux.total == 0


# --- Versements (I.A.2, annexe 2 F) ------------------------------------------------------

VERSEMENTS = [
    (None, "10750.00", "10750.00"),
    (D("14499.99"), "10750.00", "10749.99"),  # 21 499,99 / 2 = 10 749,995 → avance 10 750,00
    (D("14499.97"), "10749.99", "10749.98"),
]


@pytest.mark.parametrize(("devis", "avance", "solde"), VERSEMENTS)
def test_avance_et_solde(devis, avance, solde) -> None:
    ev = evaluer(dossier([etab(devis_editeur=devis)]))
    assert (ev.versements.avance, ev.versements.solde) == (D(avance), D(solde))
    assert ev.versements.avance + ev.versements.solde == ev.totaux.total
