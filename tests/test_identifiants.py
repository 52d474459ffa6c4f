"""Validation des FINESS, SIRET et codes de département : vecteurs de test en table."""

import pytest
from stdnum import luhn

from app_bureau.identifiants import (
    code_territoire_finess,
    erreur_departement,
    erreur_finess,
    erreur_siret,
    normaliser,
)
from app_bureau.referentiel.territoires import territoire

CLE_INVALIDE = "la clé ne correspond pas : un chiffre est probablement mal recopié"
MESSAGE_LONGUEUR = "un numéro FINESS compte 9 caractères"
MESSAGE_CHIFFRES = "un numéro FINESS ne contient que des chiffres (2A ou 2B en tête pour la Corse)"


def finess_valide(debut: str) -> str:
    """Complète 8 chiffres par leur clé de Luhn pour former un FINESS valide."""
    assert len(debut) == 8 and debut.isdigit()
    return debut + luhn.calc_check_digit(debut)


def cle_fausse(numero: str) -> str:
    """Le même numéro avec un dernier chiffre faux (la clé de Luhn n'en admet qu'un)."""
    return numero[:-1] + str((int(numero[-1]) + 1) % 10)


# --- FINESS ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "debut",
    [
        "35000120",  # Ille-et-Vilaine
        "56003400",  # Morbihan
        "75000001",  # Paris
        "01000001",  # Ain
        "95000001",  # Val-d'Oise
        "97010001",  # Guadeloupe
        "97020001",  # Martinique
        "97030001",  # Guyane
        "97040001",  # La Réunion
        "97050001",  # Saint-Pierre-et-Miquelon (hors programme, mais numéro bien formé)
        "98050001",  # Mayotte
        "98060001",  # Wallis-et-Futuna (hors programme, mais numéro bien formé)
    ],
)
def test_finess_valide(debut: str) -> None:
    assert erreur_finess(finess_valide(debut)) is None


@pytest.mark.parametrize(
    "finess",
    ["350012001", "350012019", "560034001", "359000015", "569000904"],
)
def test_finess_des_exemples_valides(finess: str) -> None:
    assert erreur_finess(finess) is None


@pytest.mark.parametrize(
    "debut", ["35000120", "56003400", "97040001", "98050001", "75000001", "13000005"]
)
def test_finess_cle_invalide(debut: str) -> None:
    assert (
        erreur_finess(cle_fausse(finess_valide(debut)))
        == "la clé ne correspond pas : un chiffre est probablement mal recopié"
    )


@pytest.mark.parametrize(
    ("finess", "message"),
    [
        ("", MESSAGE_LONGUEUR),
        ("35001200", MESSAGE_LONGUEUR),  # 8 chiffres
        ("3500120020", MESSAGE_LONGUEUR),  # 10 chiffres
        ("2A123456", MESSAGE_LONGUEUR),  # Corse, 8 caractères
        ("35000120A", MESSAGE_CHIFFRES),
        ("A50001202", MESSAGE_CHIFFRES),
        ("35 001202", MESSAGE_CHIFFRES),
        ("2C1234567", MESSAGE_CHIFFRES),  # seules 2A et 2B sont permises
        ("2a1234567", MESSAGE_CHIFFRES),  # minuscules : à normaliser avant
        ("2A12345B7", MESSAGE_CHIFFRES),
        ("3A1234567", MESSAGE_CHIFFRES),
    ],
)
def test_finess_mal_forme(finess: str, message: str) -> None:
    assert erreur_finess(finess) == message


@pytest.mark.parametrize(
    "finess",
    ["2A0000120", "2A1234567", "2A9999999", "2B0000000", "2B1234568", "2B7654321"],
)
def test_finess_corse_format_seulement(finess: str) -> None:
    """2A / 2B suivis de 7 chiffres : accepté quelle que soit la clé."""
    assert erreur_finess(finess) is None


@pytest.mark.parametrize(
    ("debut", "prefixe"),
    [
        ("96000001", "9600"),
        ("00000001", "0000"),
        ("99000001", "9900"),
        ("20000001", "2000"),  # « 20 » n'est plus un département
        ("97070001", "9707"),  # outre-mer : 4e caractère inconnu
        ("97000001", "9700"),
        ("98010001", "9801"),
        ("98070001", "9807"),
    ],
)
def test_finess_departement_inconnu(debut: str, prefixe: str) -> None:
    numero = finess_valide(debut)  # clé juste : seul le début est en cause
    assert erreur_finess(numero) == f"le début « {prefixe} » ne correspond à aucun département"


@pytest.mark.parametrize(
    ("finess", "code"),
    [
        (finess_valide("35000120"), "35"),
        (finess_valide("01000001"), "01"),
        (finess_valide("95000001"), "95"),
        ("2A0000120", "2A"),
        ("2B1234567", "2B"),
        (finess_valide("97010001"), "971"),
        (finess_valide("97020001"), "972"),
        (finess_valide("97030001"), "973"),
        (finess_valide("97040001"), "974"),
        (finess_valide("97050001"), "975"),
        (finess_valide("98050001"), "976"),
        (finess_valide("98060001"), "986"),
        (finess_valide("97070001"), None),
        (finess_valide("98010001"), None),
    ],
)
def test_code_territoire_finess(finess: str, code: str | None) -> None:
    assert code_territoire_finess(finess) == code


@pytest.mark.parametrize(
    ("code", "nom", "hors_programme"),
    [
        ("35", "Ille-et-Vilaine", False),
        ("2A", "Corse-du-Sud", False),
        ("971", "Guadeloupe", False),
        ("974", "La Réunion", False),
        ("975", "Saint-Pierre-et-Miquelon", True),
        ("976", "Mayotte", False),
        ("986", "Wallis-et-Futuna", True),
    ],
)
def test_territoire_du_finess(code: str, nom: str, hors_programme: bool) -> None:
    lieu = territoire(code)
    assert lieu is not None
    assert lieu.nom == nom
    assert lieu.hors_programme is hors_programme


def test_mayotte_et_corse_sont_corse_ou_outre_mer() -> None:
    for code in ("2A", "2B", "971", "976"):
        lieu = territoire(code)
        assert lieu is not None and lieu.corse_ou_outre_mer, code
    lieu = territoire("35")
    assert lieu is not None and not lieu.corse_ou_outre_mer


# --- SIRET -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "siret",
    [
        "31234567100019",  # exemple de dossier (Luhn)
        "31234575400013",
        "73282932000074",  # Luhn
        "35600000000048",  # siège de La Poste : clé de Luhn ordinaire
        "35600000000010",  # établissement de La Poste : somme 15, multiple de 5, Luhn faux
    ],
)
def test_siret_valide(siret: str) -> None:
    assert erreur_siret(siret) is None


def test_siret_la_poste_ne_suit_pas_luhn() -> None:
    """Le vecteur La Poste ci-dessus n'est valide que par la règle de la somme."""
    assert not luhn.is_valid("35600000000010")
    assert sum(int(c) for c in "35600000000010") % 5 == 0


@pytest.mark.parametrize(
    "siret",
    [
        "31234567100018",  # clé fausse
        "73282932000075",
        "35600000012340",  # La Poste : Luhn juste mais somme 24, pas multiple de 5
        "35600000000014",  # La Poste : Luhn juste mais somme 19
        "35600000001234",  # La Poste : somme 24
    ],
)
def test_siret_cle_invalide(siret: str) -> None:
    assert erreur_siret(siret) == CLE_INVALIDE


def test_siret_la_poste_luhn_juste_mais_somme_fausse() -> None:
    assert luhn.is_valid("35600000012340")
    assert sum(int(c) for c in "35600000012340") % 5 != 0


@pytest.mark.parametrize(
    "siret",
    [
        "",
        "3123456710001",  # 13 chiffres
        "3560000000004",  # La Poste, 13 chiffres
        "312345671000190",  # 15 chiffres
        "3123456710001A",
        "312 345 671 00019",  # non normalisé
    ],
)
def test_siret_mal_forme(siret: str) -> None:
    assert erreur_siret(siret) == "un SIRET compte 14 chiffres"


def test_siret_normalise_puis_valide() -> None:
    assert normaliser("312 345 671 00019") == "31234567100019"
    assert erreur_siret(normaliser("312.345.671.00019")) is None


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("35 001 2001", "350012001"),
        ("2a 000 0120", "2A0000120"),
        ("350.012.001", "350012001"),
        ("350-012-001", "350012001"),
        ("350\u00a0012\u202f001", "350012001"),
    ],
)
def test_normaliser(saisie: str, attendu: str) -> None:
    assert normaliser(saisie) == attendu


# --- Départements ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["35", "01", "2A", "2B", "95", "971", "974", "976"])
def test_departement_valide(code: str) -> None:
    assert erreur_departement(code) is None


@pytest.mark.parametrize("code", ["20", "99", "", "00", "2C", "2a", "970", "977", "35 "])
def test_departement_invalide(code: str) -> None:
    assert (
        erreur_departement(code)
        == f"« {code} » n'est pas un code INSEE de département (35, 2A, 974…)"
    )
