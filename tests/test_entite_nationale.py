"""ESSMS rattaché à une entité nationale.

FAQ ESMS numérique (03/02/2023), « Est-ce qu'un ESSMS rattaché à une entité nationale peut
déposer un projet dans le cadre d'un regroupement régional ? » : « Oui, s'il obtient un accord
écrit de cette entité pour déposer un projet et si cette entité ne propose pas de DUI commun à
tous ses ESSMS. Il devra fournir cet accord dans le projet déposé. »

Instruction 2022/34, II.B.2) : « il devra obtenir un accord écrit de cette entité pour déposer
un projet et fournir cet accord dans le projet déposé ».
"""

from decimal import Decimal

from app_bureau.modele import Gravite
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.pieces import pieces_a_joindre
from tests.fabrique import dossier, etab, og

ACCORD = "Accord écrit de l'entité nationale de rattachement"


def grappe(**entite: bool):  # type: ignore[no-untyped-def]
    organismes = [og("a", 3), og("b", 4, **entite)]
    return dossier([etab(1, organisme="a"), etab(2, organisme="b")], organismes)


def test_entite_qui_propose_un_dui_commun_essms_non_retenus() -> None:
    d = grappe(
        rattache_entite_nationale=True,
        accord_entite_nationale=True,
        entite_nationale_dui_commun=True,
    )
    ev = evaluer(d)
    assert [ligne.retenu for ligne in ev.etablissements] == [True, False]
    [motif] = ev.etablissements[1].motifs_non_retenu
    assert motif.libelle == (
        "son organisme gestionnaire (Organisme b) est rattaché à une entité nationale qui propose "
        "un DUI commun à tous ses ESSMS"
    )
    assert "« ESSMS rattaché à une entité nationale »" in motif.reference
    # Un seul ESSMS retenu : 7 000 € de maîtrise d'ouvrage + 14 500 € (plafond Ségur).
    assert ev.totaux.total == Decimal("21500.00")
    assert ACCORD not in [p.libelle for p in pieces_a_joindre(d, ev)]
    assert not [a for a in ev.anomalies if "joindre l'accord écrit" in a.message]


def test_entite_sans_dui_commun_avec_accord_retenu_et_accord_a_joindre() -> None:
    d = grappe(rattache_entite_nationale=True, accord_entite_nationale=True)
    ev = evaluer(d)
    assert all(ligne.retenu for ligne in ev.etablissements)
    assert ACCORD in [p.libelle for p in pieces_a_joindre(d, ev)]


def test_dui_commun_coche_sans_rattachement_sans_effet_mais_dit() -> None:
    ev = evaluer(grappe(entite_nationale_dui_commun=True))
    assert all(ligne.retenu for ligne in ev.etablissements)
    [a] = [a for a in ev.anomalies if a.champ == "organismes[1].entite_nationale_dui_commun"]
    assert a.gravite is Gravite.AVERTISSEMENT
    assert a.message == (
        "Organisme b : la case « DUI commun de l'entité » est cochée, mais l'OG n'est pas "
        "indiqué rattaché à une entité nationale : elle est sans effet ; cochez « Entité "
        "nationale » si c'est le cas."
    )
