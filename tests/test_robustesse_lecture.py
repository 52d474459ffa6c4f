"""La porte de lecture des fichiers dossier (issue 16, cas 7, 9, 12 et 15) : taille,
fichiers qui ne sont pas des fichiers, encodages, nombres et textes impossibles. Jamais de
pile d'appels : un message français et le code 2, en temps et mémoire bornés. Puis les
propriétés : rien d'autre que `DossierInvalide` ne sort de la lecture, et ce qu'elle accepte
s'importe et s'exporte."""

import json
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app_bureau.fichier.dossier import DossierInvalide, decoder, encoder, lire_dossier
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.operations.documents import Sorties, ecrire_documents
from app_bureau.regles.evaluation import evaluer
from tests.robustesse import EXEMPLE, app, sans_trace

pytestmark = pytest.mark.lent  # sous-processus, gros fichiers ou propriétés

DONNEES = json.loads(EXEMPLE.read_text(encoding="utf-8"))


def ecrire(chemin: Path, donnees: Any) -> Path:
    """Le JSON tel qu'un autre programme l'écrirait (échappements \\uXXXX compris)."""
    chemin.write_text(json.dumps(donnees, ensure_ascii=True, default=str), encoding="utf-8")
    return chemin


def exemple() -> dict[str, Any]:
    return json.loads(json.dumps(DONNEES))


# --- 7 : un demi-caractère isolé ------------------------------------------------------------


def test_un_demi_caractere_isole_est_refuse_partout(tmp_path: Path) -> None:
    d = exemple()
    d["etablissements"][1]["nom"] = "A\ud800B"
    d["cle_inconnue"] = {"note": "x\udfff"}
    fichier = ecrire(tmp_path / "surrogat.json", d)
    base = tmp_path / "b.sqlite"
    for commande in (
        ["verifier", str(fichier)],
        ["importer", str(fichier)],
        ["exporter", str(fichier), "--pdf", str(tmp_path / "a.pdf")],
        ["exporter", str(fichier), "--xlsx", str(tmp_path / "a.xlsx")],
    ):
        r = app(*commande, base=base if commande[0] == "importer" else None)
        assert sans_trace(r), r.stderr
        assert "etablissements[1].nom : demi-caractère UTF-16 isolé (U+D800)" in r.stderr
        assert "cle_inconnue.note : demi-caractère UTF-16 isolé (U+DFFF)" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("b.")) == [
        "surrogat.json"
    ]


def test_un_caractere_de_controle_est_refuse(tmp_path: Path) -> None:
    d = exemple()
    d["solution"]["logiciel"] = "Logi\x0bciel"
    r = app("verifier", str(ecrire(tmp_path / "c.json", d)))
    assert sans_trace(r) and "solution.logiciel : caractère de contrôle U+000B" in r.stderr


# --- 9 : nombres et imbrication démesurés ----------------------------------------------------


@pytest.mark.parametrize(
    ("chemin", "valeur", "attendu"),
    [
        (("organismes", 0, "nombre_essms_geres"), 2**63, "au plus 10\u202f000"),
        (("etablissements", 0, "personnes_accompagnees"), 10**30, "au plus 1\u202f000\u202f000"),
        (("etablissements", 0, "devis_editeur"), Decimal("1E+26"), "au plus 100\u202f000\u202f000"),
        (
            ("etablissements", 0, "devis_editeur"),
            Decimal("1E+309"),
            "au plus 100\u202f000\u202f000",
        ),
        (("etablissements", 0, "part_activite_eligible"), Decimal("1E-400"), "décimales"),
        (("etablissements", 0, "nom"), "N" * 501, "texte trop long (501 caractères"),
    ],
)
def test_les_bornes_des_champs(tmp_path: Path, chemin: tuple, valeur: Any, attendu: str) -> None:  # type: ignore[type-arg]
    d = exemple()
    cible = d
    for pas in chemin[:-1]:
        cible = cible[pas]
    cible[chemin[-1]] = valeur
    fichier = tmp_path / "borne.json"
    texte = json.dumps(d, ensure_ascii=False, default=str)
    if isinstance(valeur, Decimal):  # un nombre JSON, pas un texte
        texte = texte.replace(f'"{valeur}"', str(valeur))
    fichier.write_text(texte, encoding="utf-8")
    for commande in (["verifier", str(fichier)], ["importer", str(fichier)]):
        r = app(*commande, base=tmp_path / "b.sqlite" if commande[0] == "importer" else None)
        assert sans_trace(r) and attendu in r.stderr, r.stderr


def test_un_entier_de_5000_chiffres(tmp_path: Path) -> None:
    texte = EXEMPLE.read_text(encoding="utf-8").replace(
        '"nombre_essms_geres": 5', '"nombre_essms_geres": ' + "9" * 5000, 1
    )
    (tmp_path / "long.json").write_text(texte, encoding="utf-8")
    r = app("verifier", str(tmp_path / "long.json"))
    assert sans_trace(r) and "nombre de 5000 caractères" in r.stderr, r.stderr
    assert "organismes[0].nombre_essms_geres" in r.stderr


@pytest.mark.parametrize("profondeur", [40, 100_000])
def test_une_imbrication_demesuree(tmp_path: Path, profondeur: int) -> None:
    texte = EXEMPLE.read_text(encoding="utf-8").rstrip().rstrip("}")
    texte += ', "x": ' + "[" * profondeur + "]" * profondeur + "}"
    (tmp_path / "profond.json").write_text(texte, encoding="utf-8")
    r = app("verifier", str(tmp_path / "profond.json"))
    assert sans_trace(r) and "imbri" in r.stderr and "32 niveaux" in r.stderr, r.stderr


def test_nan_et_infini_refuses(tmp_path: Path) -> None:
    texte = EXEMPLE.read_text(encoding="utf-8").replace('"nom": "', '"autre": NaN, "nom": "', 1)
    (tmp_path / "nan.json").write_text(texte, encoding="utf-8")
    r = app("verifier", str(tmp_path / "nan.json"))
    assert sans_trace(r) and "« NaN » n'est pas un nombre permis" in r.stderr, r.stderr


@pytest.mark.parametrize("numero", ["99999999999999999999999", "9223372036854775808", "²"])
def test_un_numero_de_dossier_demesure(tmp_path: Path, numero: str) -> None:
    r = app("exporter", numero, "--json", str(tmp_path / "a.json"), base=tmp_path / "b.sqlite")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    r = app("importer-etablissements", numero, str(EXEMPLE), base=tmp_path / "b.sqlite")
    assert r.returncode == 2 and "n° de dossier" in r.stderr, r.stderr


# --- 12 : fichiers sans fin, démesurés -------------------------------------------------------


def test_dev_zero_et_un_tube_sont_refuses_aussitot(tmp_path: Path) -> None:
    tube = tmp_path / "tube.json"
    os.mkfifo(tube)
    for chemin in ("/dev/zero", str(tube)):
        debut = time.perf_counter()
        r = app("verifier", chemin, delai=20, memoire=600 * 1024 * 1024)
        assert time.perf_counter() - debut < 20
        assert sans_trace(r) and "n'est pas un fichier ordinaire" in r.stderr, r.stderr


def test_un_fichier_de_60_mo_est_refuse_sans_etre_lu(tmp_path: Path) -> None:
    gros = tmp_path / "gros.json"
    with gros.open("wb") as f:
        f.truncate(60 * 1024 * 1024)
    r = app("importer", str(gros), base=tmp_path / "b.sqlite", delai=20, memoire=600 * 1024 * 1024)
    assert sans_trace(r) and "pèse 60 Mo" in r.stderr and "50 Mo" in r.stderr, r.stderr


# --- 15 : messages ---------------------------------------------------------------------------


def test_bom_utf8_et_utf16_acceptes(tmp_path: Path) -> None:
    texte = EXEMPLE.read_text(encoding="utf-8")
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + texte.encode("utf-8"))
    (tmp_path / "utf16.json").write_text(texte, encoding="utf-16")
    for nom in ("bom.json", "utf16.json"):
        r = app("verifier", str(tmp_path / nom))
        assert r.returncode == 0, r.stderr


def test_utf16_sans_bom_et_dossier(tmp_path: Path) -> None:
    texte = EXEMPLE.read_text(encoding="utf-8")
    (tmp_path / "utf16le.json").write_bytes(texte.encode("utf-16-le"))
    r = app("verifier", str(tmp_path / "utf16le.json"))
    assert sans_trace(r) and "UTF-16 sans marque d'ordre" in r.stderr, r.stderr
    r = app("verifier", str(tmp_path))
    assert sans_trace(r) and "est un dossier" in r.stderr and "Is a directory" not in r.stderr


def test_une_valeur_de_100_ko_n_est_pas_recitee(tmp_path: Path) -> None:
    d = exemple()
    d["campagne"] = "X" * 100_000
    d["porteur"]["statut"] = "Y" * 100_000
    r = app("verifier", str(ecrire(tmp_path / "long.json", d)))
    assert sans_trace(r) and len(r.stderr) < 2000, len(r.stderr)


# --- propriétés (hypothesis) ------------------------------------------------------------------


def _chemins(valeur: Any, chemin: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    """Tous les chemins d'un JSON décodé (objets, listes, feuilles)."""
    resultat = [chemin]
    if isinstance(valeur, dict):
        for cle, enfant in valeur.items():
            resultat += _chemins(enfant, (*chemin, cle))
    elif isinstance(valeur, list):
        for i, enfant in enumerate(valeur):
            resultat += _chemins(enfant, (*chemin, i))
    return resultat


CHEMINS = _chemins(DONNEES)[1:]
textes = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=40
) | st.sampled_from(["", " ", "2022", "35", "PA", "sad", "og1", "350012001", "N" * 600])
nombres = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | st.decimals(allow_nan=False, allow_infinity=False, places=None)
    | st.sampled_from([0, 1, 2**63 - 1, 2**63, Decimal("0.5"), Decimal("1E+309")])
)
feuilles = st.none() | st.booleans() | textes | nombres
valeurs = st.recursive(
    feuilles,
    lambda enfants: st.lists(enfants, max_size=3) | st.dictionaries(textes, enfants, max_size=3),
    max_leaves=6,
)


@st.composite
def fichiers_mutes(draw: st.DrawFn) -> str:
    """Le fichier exemple, changé à quelques endroits ; parfois abîmé dans son texte."""
    d = exemple()
    for _ in range(draw(st.integers(1, 4))):
        chemin = draw(st.sampled_from(CHEMINS))
        parent = d
        try:
            for pas in chemin[:-1]:
                parent = parent[pas]
            parent[chemin[-1]] = draw(valeurs)
        except (KeyError, IndexError, TypeError):
            continue
    texte = json.dumps(d, ensure_ascii=draw(st.booleans()), default=str)
    if draw(st.integers(0, 9)) == 0:
        position = draw(st.integers(0, len(texte)))
        texte = texte[:position] + draw(textes) + texte[position:]
    return texte


TEXTES_LIBRES = [
    ("nom",),
    ("porteur", "raison_sociale"),
    ("porteur", "contact", "nom"),
    ("porteur", "contact", "telephone"),
    ("solution", "editeur"),
    ("solution", "logiciel"),
    ("solution", "hebergement"),
    ("organismes", 0, "raison_sociale"),
    ("etablissements", 0, "nom"),
    ("etablissements", 1, "nom"),
    ("etablissements", 2, "categorie"),
]
textes_permis = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=500
) | st.sampled_from(["<b>&amp;</b>", "=SOMME(A1)", "北京市养老院", "دار المسنين", "😀" * 250])
valeurs_libres = st.recursive(
    st.none() | st.booleans() | textes_permis | st.integers(-(2**63), 2**63 - 1),
    lambda enfants: (
        st.lists(enfants, max_size=3) | st.dictionaries(textes_permis, enfants, max_size=3)
    ),
    max_leaves=5,
)


@st.composite
def fichiers_acceptables(draw: st.DrawFn) -> str:
    """Le fichier exemple avec des textes libres quelconques, des nombres aux bornes et des
    clés inconnues : la plupart sont acceptés."""
    d = exemple()
    for chemin in draw(st.lists(st.sampled_from(TEXTES_LIBRES), max_size=4)):
        parent = d
        for pas in chemin[:-1]:
            parent = parent[pas]
        parent[chemin[-1]] = draw(textes_permis)
    og = d["organismes"][0]
    og["nombre_essms_geres"] = draw(st.integers(1, 10_000))
    for e in d["etablissements"][:3]:
        e["personnes_accompagnees"] = draw(st.integers(0, 1_000_000))
        e["devis_editeur"] = draw(
            st.none() | st.decimals(min_value=0, max_value=100_000_000, places=2)
        )
        e["part_activite_eligible"] = draw(
            st.decimals(min_value=Decimal("0.000001"), max_value=1, places=6)
        )
    for objet in (d, d["porteur"], d["solution"], og, d["etablissements"][0]):
        if draw(st.booleans()):
            cle = draw(textes_permis.filter(lambda c, o=objet: c not in o))
            objet[cle] = draw(valeurs_libres)
    return encoder(d)  # les décimaux écrits en nombres JSON


@settings(max_examples=300, deadline=None)
@given(fichiers_mutes() | fichiers_acceptables())
def test_la_lecture_ne_leve_que_dossier_invalide(texte: str) -> None:
    try:
        lire_dossier(decoder(texte))
    except DossierInvalide as exc:
        assert exc.erreurs and all(str(e) for e in exc.erreurs)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(fichiers_acceptables() | fichiers_mutes())
def test_accepte_par_verifier_donc_importable_et_exportable(tmp_path: Path, texte: str) -> None:
    """Ce que `verifier` accepte, `importer` et chaque export l'acceptent aussi."""
    try:
        dossier = lire_dossier(decoder(texte))
    except DossierInvalide:
        return
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    try:
        identifiant = depot.creer(dossier)
        relu = depot.charger(identifiant).dossier
        sorties = tmp_path / f"sorties-{identifiant}"
        sorties.mkdir()
        chemins = ecrire_documents(
            relu,
            evaluer(relu),
            Sorties(sorties / "a.pdf", sorties / "a.xlsx", sorties / "a.json"),
        )
        assert all(c.stat().st_size > 0 for c in chemins)
        lire_dossier(decoder((sorties / "a.json").read_text(encoding="utf-8")))
    finally:
        depot.db.close()
