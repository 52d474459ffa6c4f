"""Propriétés des règles sur des dossiers engendrés au hasard (hypothesis)."""

from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app_bureau.modele import Champ, Dossier, Gravite, TypeProjet
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import devis, dossiers, etab, parts

pytestmark = pytest.mark.lent  # sous-processus ou calculs longs


@settings(max_examples=100, deadline=None)
@given(dossiers())
def test_les_totaux_sont_la_somme_des_lignes(d: Dossier) -> None:
    ev = evaluer(d)
    t = ev.totaux
    retenus = [ligne for ligne in ev.etablissements if ligne.retenu]
    assert t.moa == sum((ligne.moa for ligne in retenus), D(0))
    assert t.editeur == sum((ligne.editeur for ligne in retenus), D(0))
    assert t.equipement == sum((ligne.equipement for ligne in retenus), D(0))
    assert t.total == t.moa + t.editeur + t.equipement + t.amoa_marche + t.amoa_projet
    for ligne in ev.etablissements:
        assert ligne.total == ligne.moa + ligne.editeur + ligne.equipement
        assert ligne.total.as_tuple().exponent == -2
        assert ligne.retenu or ligne.total == 0


@settings(max_examples=100, deadline=None)
@given(dossiers())
def test_avance_solde_et_repartition_font_le_total(d: Dossier) -> None:
    ev = evaluer(d)
    assert ev.versements.avance + ev.versements.solde == ev.totaux.total
    assert abs(ev.versements.avance - ev.versements.solde) <= D("0.01")
    if ev.nombre_essms_retenus:
        assert sum(ev.repartition_ars.values()) == ev.totaux.total
    assert ev.recevable is (ev.nombre(Gravite.BLOQUANT) == 0)
    assert ev.nombre_essms_retenus == sum(1 for ligne in ev.etablissements if ligne.retenu)


@settings(max_examples=100, deadline=None)
@given(dossiers(), st.sampled_from(list(Champ)), st.sampled_from(list(TypeProjet)), parts, devis)
def test_ajouter_un_essms_retenu_ne_baisse_jamais_le_total(
    d: Dossier, champ: Champ, projet: TypeProjet, part: D, montant_devis: D | None
) -> None:
    """Sauf s'il fait passer son OG au seuil de petite taille : un OG gère au moins ses ESSMS
    du dossier (II.D.3), et à 15 il perd équipements et AMOA (tests/test_petite_taille.py)."""
    avant_evaluation = evaluer(d)
    avant = avant_evaluation.totaux.total
    d.etablissements.append(
        etab(
            numero=999,
            departement="35",
            organisme=d.organismes[0].id,
            champ=champ,
            projet=projet,
            part_activite_eligible=part,
            devis_editeur=montant_devis,
        )
    )
    apres = evaluer(d)
    assert apres.etablissements[-1].retenu
    assume(apres.organismes[0].petite_taille == avant_evaluation.organismes[0].petite_taille)
    assert apres.totaux.total >= avant
