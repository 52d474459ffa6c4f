"""Les exemples fournis, recalculés à la main d'après l'instruction."""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest

from app_bureau.fichier.dossier import charger
from app_bureau.modele import Gravite, Orientation
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.evaluation import evaluer


def exemple(nom: str):
    dossier = charger(ressource("exemples", f"{nom}.json"))  # type: ignore[arg-type]
    return dossier, evaluer(dossier)


def test_grappe_de_9_ehpad_de_deux_petits_og_en_bretagne() -> None:
    _, ev = exemple("grappe-9-ehpad-bretagne")
    assert ev.nombre_essms_retenus == 9
    assert all(og.petite_taille for og in ev.organismes)
    # II.D.1 : 7 000 € de MOA ; éditeur Ségur : 5 devis de 13 200 €, 4 plafonds de 14 500 €.
    assert ev.totaux.moa == 9 * D(7000)
    assert ev.totaux.editeur == 5 * D(13200) + 4 * D(14500)
    # II.D.3 : 20 000 € d'équipement par ESSMS, 15 000 € AMOA marché (SAD), 100 000 € AMOA projet.
    assert ev.totaux.equipement == 9 * D(20000)
    assert (ev.totaux.amoa_marche, ev.totaux.amoa_projet) == (D(15000), D(100000))
    assert ev.totaux.total == D(482000)
    assert (ev.versements.avance, ev.versements.solde) == (D(241000), D(241000))
    assert ev.orientation is Orientation.REGIONALE and ev.ars_pivot == "53"
    assert ev.repartition_ars == {"53": D(482000)}
    assert ev.recevable
    assert [a.message for a in ev.anomalies if a.gravite is Gravite.AVERTISSEMENT] == [
        "9 ESSMS retenus, moins que les 15 attendus idéalement : l'ARS appréciera la maturité "
        "en management du SI de la maîtrise d'ouvrage (autodiagnostic de chaque OG) et pourra "
        "accepter le projet."
    ]


def _au_centime(montant: D) -> D:
    return montant.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_20_services_a_domicile_avec_activite_de_confort() -> None:
    dossier, ev = exemple("domicile-20-services-confort")
    assert ev.nombre_essms_retenus == 20
    assert all(e.part_activite_eligible < 1 for e in dossier.etablissements)
    for e, ligne in zip(dossier.etablissements, ev.etablissements, strict=True):
        editeur = min(e.devis_editeur or D(14500), D(14500))
        assert ligne.moa == _au_centime(D(7000) * e.part_activite_eligible)
        assert ligne.editeur == _au_centime(editeur * e.part_activite_eligible)
        attendu = _au_centime(D(20000) * e.part_activite_eligible) if e.equipement else 0
        assert ligne.equipement == attendu
    assert ev.totaux.total == D("582431.00")
    assert ev.totaux.total == sum(ligne.total for ligne in ev.etablissements) + D(115000)
    assert ev.ars_pivot == "76" and ev.recevable


def test_projet_national_de_mise_en_conformite_de_60_essms() -> None:
    _, ev = exemple("national-60-essms-conformite")
    assert ev.nombre_essms_retenus == 60
    assert ev.orientation is Orientation.NATIONALE
    # II.D.2 et II.D.4 : 5 000 € du 1er au 49e, 2 000 € du 50e au 60e ; éditeur payé par le SONS.
    assert [ligne.moa for ligne in ev.etablissements] == [D(5000)] * 49 + [D(2000)] * 11
    assert ev.totaux.total == 49 * D(5000) + 11 * D(2000) == D(267000)
    assert ev.totaux.editeur == 0
    # 25 ESSMS en Île-de-France, 15 en Auvergne-Rhône-Alpes, 12 en Hauts-de-France, 8 en Occitanie :
    # l'Île-de-France est l'ARS pivot probable. Projet national (IV.A) : « une ARS pivot sera
    # désignée pour porter le projet et les crédits supplémentaires lui seront alloués » — tout
    # le total, 49 × 5 000 + 11 × 2 000 = 267 000 €, va à l'ARS pivot (plus de prorata
    # 25/60, 15/60, 12/60, 8/60, réservé aux projets régionaux multirégionaux, II.C.1).
    assert ev.ars_pivot == "11"
    assert ev.repartition_ars == {"11": D(267000)}
    assert ev.mention_pivot == "ARS pivot probable"
    assert ev.recevable


@pytest.mark.parametrize(
    "nom",
    ["grappe-9-ehpad-bretagne", "domicile-20-services-confort", "national-60-essms-conformite"],
)
def test_chaque_euro_des_exemples_est_explique(nom: str) -> None:
    _, ev = exemple(nom)
    for ligne in ev.etablissements:
        assert ligne.explications
        assert all(x.libelle and x.reference for x in ligne.explications)
    assert all(x.reference for x in ev.totaux.explications + ev.versements.explications)
    assert all(a.message and a.reference for a in ev.anomalies)
