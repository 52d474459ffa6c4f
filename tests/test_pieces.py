"""Les pièces à joindre suivent le dossier."""

from decimal import Decimal

from app_bureau.modele import ModeAchat, TypePorteur, TypeProjet
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.pieces import pieces_a_joindre
from tests.fabrique import dossier, etab, og


def libelles(d) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.libelle} | {p.concerne}" for p in pieces_a_joindre(d, evaluer(d))]


def test_grappe_de_deux_og_en_acquisition() -> None:
    d = dossier(
        [etab(1, organisme="a"), etab(2, organisme="b", part_activite_eligible=Decimal("0.5"))],
        [og("a", 3), og("b", 4, dispose_rsi=True, rattache_entite_nationale=True)],
    )
    pieces = libelles(d)
    assert pieces[0].startswith("Convention de regroupement signée")
    assert "Autodiagnostic de maturité SI, version directeur | Organisme a" in pieces
    assert "Autodiagnostic de maturité SI, version responsable SI (RSI) | Organisme b" in pieces
    assert "Accord écrit de l'entité nationale de rattachement | Organisme b" in pieces
    assert "Justificatifs de la mise en concurrence des éditeurs | " in pieces
    assert "Devis de l'éditeur (1 ESSMS en acquisition) | " in pieces  # b n'est pas retenu


def test_conformite_seule_sans_mise_en_concurrence_ni_devis() -> None:
    d = dossier([etab(1, projet=TypeProjet.MISE_EN_CONFORMITE)], mode_achat=ModeAchat.AUCUN)
    pieces = libelles(d)
    assert not any("mise en concurrence" in p or "Devis" in p for p in pieces)
    assert not any(p.startswith("Convention de regroupement") for p in pieces)
    assert "Attestation du référencement Ségur de la solution (ANS) | " in pieces


def test_confort_ght_et_marche_existant() -> None:
    d = dossier(
        [etab(1, part_activite_eligible=Decimal("0.6"))],
        mode_achat=ModeAchat.MARCHE_EXISTANT,
        type=TypePorteur.GHT,
    )
    pieces = libelles(d)
    assert "Répartition des heures entre activités essentielles et « confort » | ESSMS 1" in pieces
    assert any(p.startswith("Pièces du marché public en cours") for p in pieces)
    assert any(p.startswith("Document de couverture fonctionnelle du DPI") for p in pieces)


# --- Aucun autre financement européen : une attestation pour tout porteur --------------------
# Instruction 2022/34, résumé et introduction : « Le bénéfice du programme ESMS numérique est
# exclusif de tout autre financement européen. » FAQ, GHT : « Le porteur devra démontrer qu'il
# n'a perçu, pour les ESSMS concernés, aucune autre aide au titre d'un financement européen ou
# au titre du programme HOP'EN. »

EUROPE = "Attestation d'absence d'autre financement européen pour les ESSMS du projet | "
EUROPE_GHT = "Attestation d'absence d'autre aide européenne ou HOP'EN pour les ESSMS du projet | "


def test_attestation_europeenne_pour_tout_porteur() -> None:
    for type_porteur in (TypePorteur.ORGANISME_GESTIONNAIRE, TypePorteur.GROUPEMENT):
        pieces = libelles(dossier([etab(1)], type=type_porteur))
        assert EUROPE in pieces
        assert EUROPE_GHT not in pieces


def test_attestation_europeenne_du_ght_dit_aussi_hop_en() -> None:
    pieces = libelles(dossier([etab(1)], type=TypePorteur.GHT))
    assert EUROPE_GHT in pieces
    assert EUROPE not in pieces


def test_pas_d_attestation_sans_essms_retenu() -> None:
    assert EUROPE not in libelles(dossier([]))
