"""La part de la grappe dans une région au-delà de l'enveloppe de son ARS.

Instruction 2022/34, annexe 1, « Répartition régionale des crédits Ségur pour l'année
2022 » : « La Réunion 500 000 € » ; « Bretagne 2 406 713 € ». IV.A : « 44,5 M€ sont délégués
aux ARS pour financer les projets sélectionnés à l'issue des appels à projets régionaux
pilotés par les ARS ».
"""

from decimal import Decimal as D

from app_bureau.modele import Gravite
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import dossier, og, serie


def alertes(ev) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        a.message
        for a in ev.anomalies
        if a.gravite is Gravite.AVERTISSEMENT and a.message.startswith("Part de la grappe")
    ]


def test_la_reunion_au_dela_de_ses_500_000_euros() -> None:
    # 27 acquisitions à La Réunion : 27 × (7 000 + 14 500) = 580 500 € > 500 000 €.
    d = dossier(serie(27, "974"), [og(nombre_essms_geres=40, departement="974")])
    ev = evaluer(d)
    assert ev.totaux.total == 27 * D(21500) == D(580500)
    assert ev.repartition_ars == {"04": D(580500)}
    [alerte] = alertes(ev)
    assert alerte == (
        "Part de la grappe pour l'ARS La Réunion : 580\u202f500,00\xa0€, au-delà de l'enveloppe "
        "2022 de cette ARS pour tous ses projets, 500\u202f000,00\xa0€ : l'ARS ne pourra pas la "
        "financer entière sur cette enveloppe."
    )
    [a] = [a for a in ev.anomalies if a.message == alerte]
    assert a.reference == "Instruction 2022/34, annexe 1"
    assert ev.recevable  # un point d'attention, pas un blocage


def test_sous_l_enveloppe_pas_d_alerte() -> None:
    # 23 × 21 500 = 494 500 € ≤ 500 000 €.
    ev = evaluer(dossier(serie(23, "974"), [og(nombre_essms_geres=40, departement="974")]))
    assert ev.totaux.total == D(494500)
    assert not alertes(ev)


def test_grappe_multiregionale_chaque_part_comparee_a_son_enveloppe() -> None:
    # 20 en Bretagne, 24 à La Réunion : 44 × 21 500 = 946 000 € ; La Réunion : 24/44 × 946 000
    # = 516 000 € > 500 000 € ; Bretagne : 430 000 € ≤ 2 406 713 €.
    etablissements = [*serie(20, "35"), *serie(24, "974", depart=100)]
    ev = evaluer(dossier(etablissements, [og(nombre_essms_geres=60)]))
    assert ev.repartition_ars == {"53": D("430000.00"), "04": D("516000.00")}
    [alerte] = alertes(ev)
    assert alerte.startswith("Part de la grappe pour l'ARS La Réunion : 516\u202f000,00\xa0€")


def test_2023_pas_d_enveloppe_dans_les_textes_pas_d_alerte() -> None:
    d = dossier(serie(27, "974"), [og(nombre_essms_geres=40, departement="974")], campagne="2023")
    assert not alertes(evaluer(d))


def test_projet_national_finance_sur_l_enveloppe_nationale() -> None:
    d = dossier([*serie(30, "974"), *serie(25, "35", depart=100)], [og(nombre_essms_geres=80)])
    ev = evaluer(d)
    assert ev.orientation.value == "nationale"
    assert not alertes(ev)
