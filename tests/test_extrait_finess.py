"""Recherche dans l'extrait FINESS des établissements : par numéro, par mots du nom, sans
charger le fichier ; des structures choisies aux lignes d'import."""

import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app_bureau.modele import Champ
from app_bureau.referentiel.territoires import territoire
from app_bureau.saisie.extrait_finess import (
    ExtraitInvalide,
    _plier_octets,
    chercher,
    departement_insee,
    departements_finess,
    lire_structures,
    plier,
)

DONNEES = Path(__file__).parent / "donnees" / "import"
EXTRAIT = DONNEES / "extrait-finess.csv"


def finess_trouves(requete: str, chemin: Path = EXTRAIT) -> list[str]:
    return [s.finess for s in chercher(chemin, requete).structures]


# --- par numéro -----------------------------------------------------------------------------


def test_par_finess_juridique_tous_ses_etablissements() -> None:
    recherche = chercher(EXTRAIT, "359000825")
    assert recherche.par_numero and not recherche.tronquee
    assert recherche.lignes_lues == 25  # la ligne `geolocalisation` n'est pas comptée
    assert recherche.date_extrait == "2024-03-06"
    ehpad, ssiad, fam = recherche.structures
    assert (ehpad.finess, ehpad.finess_juridique, ehpad.nom) == (
        "350012001",
        "359000825",
        "EHPAD LES AJONCS",
    )
    assert ssiad.nom == "SERVICE DE SOINS INFIRMIERS A DOMICILE DU PAYS DE RENNES"  # rslongue
    assert (ssiad.categorie, ssiad.libelle_categorie) == (
        "354",
        "Service de Soins Infirmiers A Domicile",
    )
    assert ehpad.adresse == "12 RUE DE LA MAIRIE, 35000 RENNES"
    assert fam.adresse == "LIEU-DIT LA FONTAINE, 35310 BREAL SOUS MONTFORT"
    assert (ehpad.commune, ehpad.departement, ehpad.territoire) == (
        "35000 RENNES",
        "35",
        "Ille-et-Vilaine (35)",
    )
    assert ehpad.siret == "44900001700177"


@pytest.mark.parametrize("requete", ["359000825", " 35 900 082 5 ", "359.000.825"])
def test_le_numero_se_tape_avec_espaces_ou_points(requete: str) -> None:
    assert finess_trouves(requete) == ["350012001", "350013025", "350013033"]


def test_par_finess_geographique_et_departements_d_outre_mer() -> None:
    (guadeloupe,) = chercher(EXTRAIT, "970101010").structures
    assert (guadeloupe.departement, guadeloupe.territoire) == ("971", "Guadeloupe (971)")
    (reunion,) = chercher(EXTRAIT, "970402012").structures
    assert reunion.territoire == "La Réunion (974)"
    (mayotte,) = chercher(EXTRAIT, "980500102").structures  # FINESS juridique
    assert mayotte.territoire == "Mayotte (976)"
    (corse,) = chercher(EXTRAIT, "2a0000013").structures
    assert corse.territoire == "Corse-du-Sud (2A)"


def test_codes_de_departement_du_finess_en_donnees() -> None:
    assert departements_finess() == {
        "9A": "971",
        "9B": "972",
        "9C": "973",
        "9D": "974",
        "9E": "975",
        "9F": "976",
    }
    for code, insee in departements_finess().items():
        assert departement_insee(code) == insee
        assert territoire(insee) is not None, insee
    assert territoire("975").hors_programme  # Saint-Pierre-et-Miquelon
    assert departement_insee("35") == "35" and departement_insee("2b") == "2B"


# --- par mots du nom ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requete", "attendus"),
    [
        ("coeur", ["290001015"]),  # « Cœur » dans le fichier
        ("Cœur de VILLE", ["290001015"]),
        ("résidence", ["350013058", "290001015"]),  # « RÉSIDENCE » et « Résidence »
        ("RESIDENCE rochers", ["350013058"]),
        ("mamoudzou", ["980501019"]),  # « HÉBERGEMENT DE MAMOUDZOU »
        ("hebergement", ["980501019"]),  # pas dans le libellé de catégorie : le nom seul
        ("personnes agees", []),  # dans chaque libellé de catégorie, dans aucun nom
        ("republique", []),  # dans une adresse seulement
        ("la source", ["290001056"]),
        ("ehpad quimper", []),  # tous les mots sont exigés
        ("rennes", ["350012001", "350013025"]),  # la commune compte
    ],
)
def test_par_mots_sans_accents_ni_majuscules(requete: str, attendus: list[str]) -> None:
    recherche = chercher(EXTRAIT, requete)
    assert not recherche.par_numero
    assert [s.finess for s in recherche.structures] == attendus


def test_nom_entre_guillemets_avec_point_virgule() -> None:
    (source,) = chercher(EXTRAIT, "source").structures
    assert source.nom == 'EHPAD "LA SOURCE"; ANNEXE DE BREST'
    assert source.categorie == "500" and source.commune == "29200 BREST"


def test_limite_atteinte_dite() -> None:
    recherche = chercher(EXTRAIT, "ehpad", limite=5)
    assert len(recherche.structures) == 5 and recherche.tronquee
    assert not chercher(EXTRAIT, "ehpad").tronquee


def ligne_de_l_extrait(finess: str) -> str:
    return next(
        ligne for ligne in EXTRAIT.read_text("utf-8").splitlines() if f";{finess};" in ligne
    )


def test_edition_en_windows_1252_et_caractere_hors_latin_1(tmp_path: Path) -> None:
    ancien = tmp_path / "ancien.csv"
    texte = "finess;etalab;95;2019-01-01\n" + ligne_de_l_extrait("290001015") + "\n"
    ancien.write_bytes(texte.encode("cp1252"))
    (coeur,) = chercher(ancien, "cœur").structures
    assert coeur.nom == "Résidence Cœur de Ville"
    apostrophe = tmp_path / "apostrophe.csv"
    ligne = ligne_de_l_extrait("290001031").replace("CHRS L'ESCALE", "CHRS L’ÉCLUSE")
    apostrophe.write_text("finess;etalab;95;2024-03-06\n" + ligne + "\n", encoding="utf-8")
    assert finess_trouves("ecluse", apostrophe) == ["290001031"]


def test_fins_de_ligne_windows_et_sans_ligne_de_metadonnees(tmp_path: Path) -> None:
    lignes = EXTRAIT.read_text("utf-8").splitlines()
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes("\r\n".join(lignes[1:-1]).encode("utf-8"))  # sans métadonnées ni fin
    recherche = chercher(crlf, "cœur")
    assert [s.finess for s in recherche.structures] == ["290001015"]
    assert recherche.structures[0].siret == "44900006600133" and recherche.date_extrait == ""
    assert finess_trouves("350020095", crlf) == ["350020095"]  # dernière ligne du fichier


# --- sans charger le fichier, avec progression ----------------------------------------------


def grand_extrait(chemin: Path, copies: int) -> int:
    """L'extrait d'essai répété, numéros changés ; renvoie la taille en octets."""
    lignes = EXTRAIT.read_text("utf-8").splitlines()
    corps = [ligne for ligne in lignes[1:] if ligne.startswith("structureet")]
    with chemin.open("w", encoding="utf-8", newline="\n") as fichier:
        fichier.write(lignes[0] + "\n")
        for i in range(copies):
            for ligne in corps:
                champs = ligne.split(";")
                if i:  # le FINESS juridique cherché ne vaut que pour la première copie
                    champs[2] = f"{i:09d}"
                fichier.write(";".join(champs) + "\n")
    return chemin.stat().st_size


def test_un_gros_extrait_est_lu_par_morceaux_avec_progression(tmp_path: Path) -> None:
    chemin = tmp_path / "gros.csv"
    taille = grand_extrait(chemin, 2000)  # 50 000 lignes, ~ 17 Mo
    assert taille > 10_000_000
    nouvelles: list[tuple[int, int]] = []
    tracemalloc.start()
    try:
        recherche = chercher(chemin, "359000825", lambda lus, total: nouvelles.append((lus, total)))
        _, pic = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert pic < taille / 3, f"pic mémoire {pic} pour un fichier de {taille} octets"
    assert recherche.lignes_lues == 50_000
    assert len(recherche.structures) == 3
    assert len(nouvelles) > 5
    assert [lus for lus, _ in nouvelles] == sorted(lus for lus, _ in nouvelles)
    assert nouvelles[-1] == (taille, taille) and {total for _, total in nouvelles} == {taille}


# --- fichiers qui ne sont pas l'extrait -----------------------------------------------------


@pytest.mark.parametrize(
    ("nom", "requete", "message"),
    [
        ("etablissements-point-virgule.csv", "ehpad", "n'est pas l'extrait FINESS"),
        ("vide.csv", "ehpad", "n'est pas l'extrait FINESS"),
        ("binaire.csv", "ehpad", "n'est pas l'extrait FINESS"),
        ("absent.csv", "ehpad", "ne peut pas être lu"),
        ("extrait-finess.csv", " - ", "Indiquez un numéro FINESS ou au moins un mot"),
    ],
)
def test_fichier_ou_recherche_refuses(nom: str, requete: str, message: str) -> None:
    with pytest.raises(ExtraitInvalide, match=message):
        chercher(DONNEES / nom, requete)


def test_metadonnees_seules(tmp_path: Path) -> None:
    chemin = tmp_path / "vide.csv"
    chemin.write_text("finess;etalab;95;2024-03-06\n", encoding="utf-8")
    with pytest.raises(ExtraitInvalide, match="aucune ligne « structureet »"):
        chercher(chemin, "ehpad")


# --- des structures aux lignes d'import -----------------------------------------------------


def test_structures_lues_comme_un_collage() -> None:
    structures = chercher(EXTRAIT, "290000108").structures
    collage = lire_structures(structures, "og1", ["2A0000013"])
    resultats = {ligne.finess: ligne for ligne in collage.lignes}
    assert resultats["2A0000013"].erreurs == ("FINESS : 2A0000013 figure déjà dans le dossier",)
    assert resultats["290001040"].erreurs == (
        "FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié",
    )
    coeur = resultats["290001015"].etablissement
    assert coeur is not None
    assert (coeur.nom, coeur.categorie, coeur.champ, coeur.organisme) == (
        "Résidence Cœur de Ville",
        "500",
        Champ.PA,
        "og1",
    )
    assert coeur.autres == {
        "adresse": "5 PLACE DE LA RÉPUBLIQUE, 29200 BREST",
        "siret": "44900006600133",
    }
    inconnue = resultats["290001023"]
    assert inconnue.etablissement is not None and inconnue.etablissement.champ is Champ.AUTRE
    assert inconnue.avertissements == (
        "Catégorie : 699 inconnue de l'application ; vérifiez-la (les règles la signalent)",
    )
    chrs = resultats["290001031"]
    assert chrs.etablissement is not None and chrs.etablissement.champ is Champ.AHI
    assert "siret" not in chrs.etablissement.autres
    assert chrs.avertissements == (
        "SIRET : « 12345678901234 » invalide dans l'extrait, non repris",
    )
    assert len(collage.valides) == 4


def test_centre_hospitalier_garde_sa_categorie_sanitaire() -> None:
    (ch,) = [s for s in chercher(EXTRAIT, "350000303").structures if s.categorie == "355"]
    (ligne,) = lire_structures([ch]).lignes
    assert ligne.etablissement is not None
    assert (ligne.etablissement.categorie, ligne.etablissement.champ) == ("355", Champ.AUTRE)


# --- le pliage des octets ne peut pas écarter une ligne qui répond --------------------------

_LETTRES = st.characters(
    codec="utf-8", categories=("Lu", "Ll", "Nd", "Zs", "Po", "Pd"), max_codepoint=0x2FFF
)


@given(st.text(alphabet=_LETTRES, max_size=40))
def test_plier_les_octets_comme_le_texte(texte: str) -> None:
    plie = _plier_octets(texte.encode("utf-8"))
    if plie is not None:
        assert plie.decode("ascii") == plier(texte)


def test_plier_les_octets_cas_courants() -> None:
    assert _plier_octets("RÉSIDENCE Cœur Çà".encode()) == b"residence coeur ca"
    assert _plier_octets("L’ÉTOILE".encode()) is None  # hors Latin-1 : on décode
    assert _plier_octets("Straße".encode()) is None  # ß ne se plie pas en une lettre
    assert _plier_octets("Résidence".encode("cp1252")) is None  # pas de l'UTF-8
