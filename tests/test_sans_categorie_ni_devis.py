"""Un ESSMS en acquisition sans catégorie FINESS ni devis : retenu, compté au plafond de la
prestation de l'éditeur, et désormais signalé (il l'était sans un mot).

Instruction 2022/34, II.D.1) : « Jusqu'à 12 k€ maximum destinés à financer la prestation de
l'éditeur qui sera retenu par le porteur. Ce montant plafond est porté à 14,5 k€ si cet éditeur
est référencé Ségur » ; II.A : les ESSMS éligibles sont ceux « mentionnés à l'article L. 312-1
du Code de l'action sociale et des familles », ce que dit la catégorie FINESS.
"""

from decimal import Decimal

from app_bureau.modele import Gravite, TypeProjet
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import dossier, etab


def constats(ev) -> list:  # type: ignore[no-untyped-def]
    return [
        a for a in ev.anomalies if a.message.startswith("ESSMS") and "ni catégorie" in a.message
    ]


def test_un_avertissement_pour_chaque_essms_sans_categorie_ni_devis() -> None:
    d = dossier(
        [
            etab(1),  # ni catégorie ni devis
            etab(2, categorie="500"),  # catégorie, pas de devis : l'explication le dit déjà
            etab(3, devis_editeur=Decimal("9000")),  # devis, pas de catégorie
            etab(4, part_activite_eligible=Decimal("0.5")),  # ni l'un ni l'autre, à moitié
        ]
    )
    ev = evaluer(d)
    premier, quatrieme = constats(ev)
    assert premier.gravite is Gravite.AVERTISSEMENT
    assert premier.champ == "etablissements[0].devis_editeur"
    # 7 000 € de maîtrise d'ouvrage + 14 500 € (plafond, solution référencée Ségur) = 21 500 €.
    assert premier.message == (
        "ESSMS 1 : ni catégorie FINESS ni devis de l'éditeur. Il est retenu sans que la "
        "catégorie dise s'il est un ESSMS de l'article L.312-1 du CASF, et la prestation de "
        "l'éditeur est comptée au plafond (14\u202f500,00\xa0€) : son montant, "
        "21\u202f500,00\xa0€, est un maximum."
    )
    assert "II.D.1)" in premier.reference and "II.A" in premier.reference
    # À moitié d'activité éligible : 14 500 × 0,5 = 7 250 € ; 7 000 × 0,5 + 7 250 = 10 750 €.
    assert quatrieme.champ == "etablissements[3].devis_editeur"
    assert "au plafond (7\u202f250,00\xa0€) : son montant, 10\u202f750,00\xa0€" in quatrieme.message


def test_mise_en_conformite_pas_de_plafond_en_jeu() -> None:
    ev = evaluer(dossier([etab(1, projet=TypeProjet.MISE_EN_CONFORMITE)]))
    assert not constats(ev)


def test_non_retenu_pas_d_avertissement_de_montant() -> None:
    ev = evaluer(dossier([etab(1, deja_finance=True)]))
    assert not constats(ev)
