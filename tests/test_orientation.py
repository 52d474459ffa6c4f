"""Orientation régionale ou nationale, datée par campagne, et ARS pivot.

Campagne 2022, instruction 2022/34 :
- II.C.2) « Les projets regroupant cinquante ESSMS ou plus sont déposés au niveau national » ;
- II.C.3) « Les projets portés par un ensemble de moins de 50 ESSMS peuvent être déposés au
  niveau national dès lors qu'ils disposent d'une portée nationale ».

Campagne 2023, FAQ ESMS numérique (03/02/2023), renvoyant à l'annexe 3 de l'instruction 2023/13 :
- « Un porteur de projet réunissant 50 ESSMS ou plus situés dans plusieurs régions peut
  candidater à l'appel à projets national » ;
- « Un projet réunissant des ESSMS (quel que soit leur nombre) situés dans une seule région
  peut candidater à l'appel à projets régional ».
"""

import pytest

from app_bureau.modele import Orientation
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.orientation import regle_orientation
from app_bureau.regles.parametres import parametres
from tests.fabrique import dossier, etab, og, serie

REG, NAT = Orientation.REGIONALE, Orientation.NATIONALE
FAQ_REGIONAL = (
    "FAQ ESMS numérique (03/02/2023), renvoyant à l'instruction 2023/13, annexe 3 : « Qui peut "
    "candidater à l'appel à projets régional ? »"
)
FAQ_NATIONAL = (
    "FAQ ESMS numérique (03/02/2023), renvoyant à l'instruction 2023/13, annexe 3 : « Qui peut "
    "candidater à l'appel à projets national ? »"
)


def grappe(bretagne: int, ile_de_france: int = 0, campagne: str = "2022", **porteur: object):  # type: ignore[no-untyped-def]
    etablissements = [*serie(bretagne, "35"), *serie(ile_de_france, "75", depart=500)]
    return dossier(etablissements, [og(nombre_essms_geres=200)], campagne=campagne, **porteur)


ORIENTATION = [
    # campagne, ESSMS en Bretagne, en Île-de-France, représentativité nationale, attendu
    ("2022", 55, 0, False, NAT),  # II.C.2 : 50 ou plus, national, même dans une région
    ("2022", 49, 0, False, REG),
    ("2022", 20, 0, True, NAT),  # II.C.3 : portée nationale
    ("2022", 30, 25, False, NAT),
    ("2023", 55, 0, False, REG),  # « (quel que soit leur nombre) situés dans une seule région »
    ("2023", 20, 0, True, REG),  # la représentativité n'ouvre plus l'appel national
    ("2023", 30, 25, False, NAT),  # « 50 ESSMS ou plus situés dans plusieurs régions »
    ("2023", 30, 19, False, REG),  # 49 dans deux régions : régional, auprès de l'ARS pivot
    ("2023", 30, 19, True, REG),
    ("2023", 50, 0, False, REG),
]


@pytest.mark.parametrize(
    ("campagne", "bretagne", "idf", "representativite", "attendu"), ORIENTATION
)
def test_orientation_datee_par_campagne(campagne, bretagne, idf, representativite, attendu) -> None:
    ev = evaluer(grappe(bretagne, idf, campagne, representativite_nationale=representativite))
    assert ev.orientation is attendu


def test_2023_cinquante_cinq_ehpad_d_une_region_projet_regional_et_pourquoi() -> None:
    ev = evaluer(grappe(55, campagne="2023"))
    assert ev.orientation_explication.libelle == (
        "55 ESSMS retenus, tous en Bretagne : projet régional, quel que soit leur nombre"
    )
    assert ev.orientation_explication.reference == FAQ_REGIONAL
    assert ev.ars_pivot == "53"
    assert ev.repartition_ars == {"53": ev.totaux.total}


def test_2023_representativite_nationale_sans_effet_et_pourquoi() -> None:
    ev = evaluer(grappe(20, campagne="2023", representativite_nationale=True))
    assert "la représentativité nationale du porteur n'ouvre pas" in (
        ev.orientation_explication.libelle
    )
    assert ev.orientation_explication.reference.startswith(FAQ_NATIONAL)


def test_2023_national_dit_le_nombre_de_regions() -> None:
    ev = evaluer(grappe(30, 25, "2023"))
    assert ev.orientation_explication.libelle == (
        "55 ESSMS retenus dans 2 régions, au moins 50 : projet national"
    )
    assert ev.orientation_explication.reference == FAQ_NATIONAL


def test_2022_les_references_restent_celles_de_l_instruction() -> None:
    assert evaluer(grappe(55)).orientation_explication.reference == (
        "Instruction 2022/34, II.C.2) ; annexe 2 C"
    )
    assert evaluer(
        grappe(20, representativite_nationale=True)
    ).orientation_explication.reference == ("Instruction 2022/34, II.C.3) ; annexe 2 C")
    assert evaluer(grappe(20)).orientation_explication.reference == (
        "Instruction 2022/34, II.C.1) ; annexe 2 C"
    )


def test_la_regle_d_orientation_de_chaque_campagne_en_une_phrase() -> None:
    assert "ou pour un porteur représentatif" in regle_orientation(parametres("2022")).libelle
    phrase_2023 = regle_orientation(parametres("2023")).libelle
    assert "situés dans plusieurs régions" in phrase_2023
    assert "représentatif" not in phrase_2023


# --- 2023 : là où la FAQ renvoie à l'instruction 2023/13, la FAQ est citée --------------------


def test_2023_eligibilite_citee_par_la_faq() -> None:
    d = dossier([etab(1), etab(2, categorie="362")], campagne="2023")  # USLD : sanitaire
    [motif] = evaluer(d).etablissements[1].motifs_non_retenu
    assert motif.reference.startswith(
        "FAQ ESMS numérique (03/02/2023), renvoyant à l'instruction 2023/13, II.B : « Quels sont les "
        "ESSMS qui peuvent bénéficier"
    )
    d.campagne = "2022"
    [motif] = evaluer(d).etablissements[1].motifs_non_retenu
    assert motif.reference.startswith("Instruction 2022/34, II.A ; annexe 2 A")


def test_2023_petite_taille_citee_par_la_faq() -> None:
    d = dossier([etab()], campagne="2023")
    assert evaluer(d).organismes[0].explication.reference == (
        "FAQ ESMS numérique (03/02/2023), renvoyant à l'instruction 2023/13, II.D : « Qui peut "
        "prétendre aux financements spécifiques ? »"
    )


def test_renvoi_herite_par_les_campagnes_suivantes() -> None:
    assert parametres("2023").reference("eligibilite", "défaut").startswith("FAQ ESMS numérique")
    assert parametres("2022").reference("eligibilite", "défaut") == "défaut"


# --- Projet national : tous les crédits à l'ARS pivot (IV.A) ---------------------------------
# IV.A : « Pour ces projets, à l'issue de la phase de sélection par la CNSA et la DNS, une ARS
# pivot sera désignée pour porter le projet et les crédits supplémentaires lui seront
# alloués. » Le prorata (II.C.1, « Le financement du projet est réparti entre les ARS au
# prorata du nombre d'ESSMS de chaque région ») est celui des projets régionaux
# multirégionaux.


def test_projet_national_tous_les_credits_a_l_ars_pivot() -> None:
    ev = evaluer(grappe(30, 25))  # 2022 : 55 ESSMS, national
    assert ev.orientation is NAT
    # 55 acquisitions : 49 × (7 000 + 14 500) + 6 × (2 000 + 3 000) = 1 053 500 + 30 000.
    assert ev.totaux.total == 49 * 21500 + 6 * 5000 == 1083500
    assert ev.repartition_ars == {"53": ev.totaux.total}
    assert ev.essms_par_ars == {"53": 55}
    [explication] = ev.repartition_explications
    assert explication.montant == ev.totaux.total
    assert explication.libelle.startswith(
        "Projet national : tous les crédits à l'ARS pivot, que la CNSA et la DNS désignent "
        "après la sélection ; comptés ici pour l'ARS Bretagne, la plus probable"
    )
    assert explication.reference.startswith("Instruction 2022/34, IV.A (« à l'issue de la phase")
    assert ev.mention_pivot == "ARS pivot probable"
    assert ev.ars_pivot_explication.libelle == (
        "ARS Bretagne (sa région compte le plus d'ESSMS retenus) ; la CNSA et la DNS désignent "
        "l'ARS pivot après la sélection"
    )
    assert any(
        a.message.startswith("Projet national : dépôt à l'appel à projets national ; la CNSA et")
        for a in ev.anomalies
    )


def test_projet_national_2023_cite_aussi_la_faq_sur_la_selection() -> None:
    ev = evaluer(grappe(30, 25, "2023"))
    [explication] = ev.repartition_explications
    assert "« Qui sélectionne les projets de l'appel à projets national ? »" in (
        explication.reference
    )


def test_projet_national_a_egalite_credits_comptes_provisoirement() -> None:
    ev = evaluer(grappe(30, 30))
    assert ev.ars_pivot is None
    assert ev.repartition_ars == {"53": ev.totaux.total}
    assert "comptés provisoirement pour l'ARS Bretagne" in ev.repartition_explications[0].libelle
    assert ev.ars_pivot_explication.libelle.startswith(
        "à désigner par la CNSA et la DNS après la sélection"
    )
    assert any(a.message.startswith("Pas d'ARS pivot probable") for a in ev.anomalies)


def test_projet_regional_multiregional_toujours_au_prorata() -> None:
    ev = evaluer(grappe(2, 1))
    assert ev.orientation is REG
    assert ev.repartition_ars == {"53": 43000, "11": 21500}  # 2/3 et 1/3 de 64 500
    assert ev.essms_par_ars == {"53": 2, "11": 1}
    assert ev.ars_pivot_explication.libelle == "ARS Bretagne"
    assert ev.libelle_ars("53") == "ARS Bretagne (ARS pivot)"
    assert ev.libelle_ars("11") == "ARS Île-de-France"
