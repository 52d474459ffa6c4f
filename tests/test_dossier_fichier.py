"""Le fichier dossier, format 1 : aller-retour sans perte et validation par chemin de champ."""

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app_bureau.fichier.dossier import (
    DossierInvalide,
    charger,
    decoder,
    encoder,
    lire_dossier,
    texte_dossier,
    vers_donnees,
)
from app_bureau.modele import Dossier, ModeAchat, TypeProjet
from app_bureau.referentiel.ressources import ressource

EXEMPLES = sorted(f.name for f in ressource("exemples").iterdir() if f.name.endswith(".json"))
GRAPPE = "grappe-9-ehpad-bretagne.json"


def texte_exemple(nom: str) -> str:
    return ressource("exemples", nom).read_text(encoding="utf-8")


def donnees_exemple(nom: str = GRAPPE) -> dict[str, Any]:
    """Le JSON décodé d'un exemple (nombres décimaux exacts), à modifier librement."""
    return decoder(texte_exemple(nom))


def aller_retour(donnees: Any) -> Any:
    """Lit les données, réécrit le fichier et le redécode."""
    return decoder(texte_dossier(lire_dossier(copy.deepcopy(donnees))))


def erreurs(donnees: Any) -> list[str]:
    """Les problèmes relevés à la lecture, chacun « chemin : message »."""
    with pytest.raises(DossierInvalide) as exc:
        lire_dossier(donnees)
    return [str(e) for e in exc.value.erreurs]


def chemins(donnees: Any) -> list[str]:
    with pytest.raises(DossierInvalide) as exc:
        lire_dossier(donnees)
    return [e.chemin for e in exc.value.erreurs]


# --- Exemples et aller-retour -------------------------------------------------------------


def test_trois_exemples() -> None:
    assert EXEMPLES == [
        "domicile-20-services-confort.json",
        "grappe-9-ehpad-bretagne.json",
        "national-60-essms-conformite.json",
    ]


@pytest.mark.parametrize("nom", EXEMPLES)
def test_exemple_aller_retour_sans_perte(nom: str) -> None:
    texte = texte_exemple(nom)
    avant = decoder(texte)
    apres = decoder(texte_dossier(lire_dossier(decoder(texte))))
    assert apres == avant
    assert list(apres) == list(avant)  # mêmes clés, même ordre
    for cle in ("porteur", "solution", "financements_specifiques"):
        assert apres[cle] == avant[cle]
    assert len(apres["etablissements"]) == len(avant["etablissements"])
    for a, b in zip(apres["etablissements"], avant["etablissements"], strict=True):
        assert a == b
        assert type(a["part_activite_eligible"]) is type(b["part_activite_eligible"])


@pytest.mark.parametrize("nom", EXEMPLES)
def test_exemple_reecrit_a_l_identique(nom: str) -> None:
    """Les exemples sont écrits par l'application : la réécriture est octet pour octet."""
    texte = texte_exemple(nom)
    assert texte_dossier(lire_dossier(decoder(texte))) == texte


@pytest.mark.parametrize(
    ("nom", "etablissements", "organismes"),
    [
        ("domicile-20-services-confort.json", 20, 4),
        ("grappe-9-ehpad-bretagne.json", 9, 2),
        ("national-60-essms-conformite.json", 60, 1),
    ],
)
def test_exemple_lu(nom: str, etablissements: int, organismes: int) -> None:
    dossier = lire_dossier(donnees_exemple(nom))
    assert isinstance(dossier, Dossier)
    assert dossier.campagne == "2022"
    assert len(dossier.etablissements) == etablissements
    assert len(dossier.organismes) == organismes


def test_valeurs_lues_grappe() -> None:
    dossier = lire_dossier(donnees_exemple())
    assert dossier.porteur.siret == "31234567100019"
    assert dossier.porteur.contact.email == "direction@ajoncs.example.fr"
    assert dossier.solution.mode_achat is ModeAchat.SAD
    e = dossier.etablissements[0]
    assert (e.finess, e.organisme, e.categorie) == ("350012001", "ajoncs", "500")
    assert e.projet is TypeProjet.ACQUISITION
    assert e.devis_editeur == Decimal(13200)
    assert dossier.etablissements[1].devis_editeur is None
    assert e.part_activite_eligible == Decimal(1)


def test_parts_decimales_exactes() -> None:
    dossier = lire_dossier(donnees_exemple("domicile-20-services-confort.json"))
    premiere = dossier.etablissements[0].part_activite_eligible
    assert isinstance(premiere, Decimal)
    assert premiere == Decimal("0.55")


def test_cles_inconnues_gardees_a_tous_les_niveaux() -> None:
    d = donnees_exemple()
    d["x_dossier"] = {"note": "gardée", "liste": [1, 2, {"a": None}]}
    d["porteur"]["x_porteur"] = "gardée"
    d["porteur"]["contact"]["x_contact"] = ["a", "b"]
    d["organismes"][1]["x_organisme"] = {"interne": 42}
    d["solution"]["x_solution"] = True
    d["financements_specifiques"]["x_financements"] = None
    d["etablissements"][3]["x_etablissement"] = Decimal("12.5")
    apres = aller_retour(d)
    assert apres == d
    assert apres["x_dossier"] == {"note": "gardée", "liste": [1, 2, {"a": None}]}
    assert apres["porteur"]["x_porteur"] == "gardée"
    assert apres["porteur"]["contact"]["x_contact"] == ["a", "b"]
    assert apres["organismes"][1]["x_organisme"] == {"interne": 42}
    assert apres["organismes"][0] == d["organismes"][0]
    assert "x_organisme" not in apres["organismes"][0]
    assert apres["solution"]["x_solution"] is True
    assert "x_financements" in apres["financements_specifiques"]
    assert apres["financements_specifiques"]["x_financements"] is None
    assert apres["etablissements"][3]["x_etablissement"] == Decimal("12.5")
    assert "x_etablissement" not in apres["etablissements"][2]


def test_cles_inconnues_dans_autres() -> None:
    d = donnees_exemple()
    d["porteur"]["contact"]["x_contact"] = 1
    d["etablissements"][0]["x_etablissement"] = "oui"
    dossier = lire_dossier(d)
    assert dossier.porteur.contact.autres == {"x_contact": 1}
    assert dossier.etablissements[0].autres == {"x_etablissement": "oui"}
    assert dossier.etablissements[1].autres == {}
    assert dossier.autres == {}


def test_nombres_ecrits_exactement() -> None:
    d = donnees_exemple()
    d["etablissements"][0]["part_activite_eligible"] = Decimal("0.333333")
    d["etablissements"][1]["devis_editeur"] = Decimal("1234.57")
    apres = aller_retour(d)
    assert apres["etablissements"][0]["part_activite_eligible"] == Decimal("0.333333")
    assert apres["etablissements"][1]["devis_editeur"] == Decimal("1234.57")


@pytest.mark.parametrize(
    ("cle", "valeur", "message"),
    [
        ("part_activite_eligible", Decimal("0.3333333"), "au plus 6 décimales"),
        ("devis_editeur", Decimal("1234.567"), "au plus 2 décimales"),
    ],
)
def test_trop_de_decimales_refusees(cle: str, valeur: Decimal, message: str) -> None:
    d = donnees_exemple()
    d["etablissements"][2][cle] = valeur
    with pytest.raises(DossierInvalide) as erreur:
        lire_dossier(d)
    assert [str(e) for e in erreur.value.erreurs] == [f"etablissements[2].{cle} : {message}"]


def test_textes_vides_acceptes() -> None:
    """Dossier en cours : SIRET, FINESS et département encore vides."""
    d = donnees_exemple()
    d["porteur"]["siret"] = ""
    d["porteur"]["finess_juridique"] = ""
    d["organismes"][0]["siret"] = ""
    d["organismes"][0]["departement"] = ""
    d["organismes"][1]["finess_juridique"] = None
    d["etablissements"][0]["finess"] = ""
    d["etablissements"][1]["finess"] = ""  # deux vides ne sont pas un doublon
    dossier = lire_dossier(d)
    assert dossier.porteur.siret == ""
    assert dossier.organismes[0].departement == ""
    assert dossier.organismes[1].finess_juridique is None
    assert [e.finess for e in dossier.etablissements[:2]] == ["", ""]
    assert aller_retour(d) == d


def test_vers_donnees_garde_les_decimaux() -> None:
    donnees = vers_donnees(lire_dossier(donnees_exemple("domicile-20-services-confort.json")))
    assert donnees["etablissements"][0]["part_activite_eligible"] == Decimal("0.55")
    assert '"part_activite_eligible": 0.55' in encoder(donnees)


# --- Dossiers invalides -------------------------------------------------------------------


def test_tous_les_problemes_avec_leur_chemin() -> None:
    d = donnees_exemple()
    d["etablissements"][3]["finess"] = "350012036"  # clé fausse (bonne : 350012035)
    d["etablissements"][6]["finess"] = "560034018"  # clé fausse (bonne : 560034019)
    d["organismes"][1]["siret"] = "31234575400014"  # clé fausse
    assert erreurs(d) == [
        "organismes[1].siret : la clé ne correspond pas : un chiffre est probablement mal recopié",
        "etablissements[3].finess : la clé ne correspond pas : un chiffre est probablement mal recopié",
        "etablissements[6].finess : la clé ne correspond pas : un chiffre est probablement mal recopié",
    ]


def test_message_de_l_exception() -> None:
    d = donnees_exemple()
    d["etablissements"][3]["finess"] = "350012036"
    d["porteur"]["siret"] = "3123456710001"
    with pytest.raises(DossierInvalide) as exc:
        lire_dossier(d)
    # Dans l'ordre du fichier : le porteur, puis les établissements.
    assert str(exc.value).splitlines() == [
        "porteur.siret : un SIRET compte 14 chiffres",
        "etablissements[3].finess : la clé ne correspond pas : un chiffre est probablement mal recopié",
    ]
    assert isinstance(exc.value, ValueError)


def test_problemes_de_niveaux_differents_tous_releves() -> None:
    d = donnees_exemple()
    d["porteur"]["contact"]["email"] = "pas une adresse"
    d["porteur"]["statut"] = "associatif"
    d["solution"]["referencee_segur"] = "oui"
    d["organismes"][0]["departement"] = "20"
    d["organismes"][0]["nombre_essms_geres"] = 0
    d["etablissements"][8]["champ"] = "PX"
    d["etablissements"][8]["personnes_accompagnees"] = -1
    assert sorted(erreurs(d)) == sorted(
        [
            "porteur.contact.email : adresse électronique invalide (exemple : nom@domaine.fr)",
            "porteur.statut : valeur « associatif » inconnue (attendu : « public », "
            "« prive_non_lucratif », « prive_commercial »)",
            "solution.referencee_segur : true ou false est attendu",
            "organismes[0].departement : « 20 » n'est pas un code INSEE de département "
            "(35, 2A, 974…)",
            "organismes[0].nombre_essms_geres : doit être au moins 1",
            "etablissements[8].champ : valeur « PX » inconnue (attendu : « PA », « PH », "
            "« domicile », « PDE », « AHI », « PJM », « autre »)",
            "etablissements[8].personnes_accompagnees : doit être au moins 0",
        ]
    )


@pytest.mark.parametrize("valeur", ["dossier-esms", "", None, 1])
def test_format_inconnu(valeur: Any) -> None:
    d = donnees_exemple()
    d["format"] = valeur
    d["etablissements"][0]["finess"] = "350012002"  # non signalé : lecture arrêtée net
    assert erreurs(d) == [
        "format : « dossier-esms-numerique » est attendu : ce fichier n'est pas un dossier"
    ]


def test_format_absent() -> None:
    d = donnees_exemple()
    del d["format"]
    assert chemins(d) == ["format"]


def test_pas_un_objet() -> None:
    assert erreurs([1, 2]) == [
        "un objet JSON { … } est attendu",
        "format : « dossier-esms-numerique » est attendu : ce fichier n'est pas un dossier",
    ]


@pytest.mark.parametrize("version", [2, 0, "1", None])
def test_version_refusee(version: Any) -> None:
    d = donnees_exemple()
    d["version"] = version
    assert erreurs(d) == [
        f"version : version {version!r} non prise en charge (cette application lit la version 1)"
    ]


def test_version_2_message_clair() -> None:
    d = donnees_exemple()
    d["version"] = 2
    assert erreurs(d) == [
        "version : version 2 non prise en charge (cette application lit la version 1)"
    ]


@pytest.mark.parametrize("version", [True, Decimal("1.0")])
def test_version_booleenne_ou_decimale_refusee(version: Any) -> None:
    d = donnees_exemple()
    d["version"] = version
    assert chemins(d) == ["version"]


def test_campagne_inconnue() -> None:
    d = donnees_exemple()
    d["campagne"] = "2030"
    assert erreurs(d) == ["campagne : campagne « 2030 » inconnue (connues : 2022, 2023)"]


def test_campagne_2023_connue() -> None:
    d = donnees_exemple()
    d["campagne"] = "2023"
    assert lire_dossier(d).campagne == "2023"


def test_finess_en_double() -> None:
    d = donnees_exemple()
    d["etablissements"][4]["finess"] = "350012019"  # celui de etablissements[1]
    d["etablissements"][7]["finess"] = "350012019"
    assert erreurs(d) == [
        "etablissements[4].finess : FINESS 350012019 déjà présent (etablissements[1])",
        "etablissements[7].finess : FINESS 350012019 déjà présent (etablissements[1])",
    ]


def test_organisme_inconnu() -> None:
    d = donnees_exemple()
    d["etablissements"][2]["organisme"] = "inconnu"
    assert erreurs(d) == [
        "etablissements[2].organisme : aucun organisme gestionnaire n'a l'identifiant « inconnu »"
    ]


def test_identifiant_d_organisme_en_double() -> None:
    d = donnees_exemple()
    d["organismes"][1]["id"] = "ajoncs"
    liste = erreurs(d)
    assert liste[0] == "organismes[1].id : identifiant « ajoncs » déjà utilisé"
    # Les ESSMS de « keravel » n'ont plus d'organisme : signalés aussi.
    assert liste[1:] == [
        f"etablissements[{i}].organisme : aucun organisme gestionnaire n'a l'identifiant "
        "« keravel »"
        for i in (5, 6, 7, 8)
    ]


def test_identifiant_d_organisme_vide() -> None:
    d = donnees_exemple()
    d["organismes"][0]["id"] = ""
    assert erreurs(d)[0] == "organismes[0].id : identifiant vide"


@pytest.mark.parametrize("part", [0, Decimal("1.5"), -1, Decimal("1.0001"), Decimal("-0.5")])
def test_part_activite_hors_bornes(part: Any) -> None:
    d = donnees_exemple()
    d["etablissements"][5]["part_activite_eligible"] = part
    assert erreurs(d) == [
        "etablissements[5].part_activite_eligible : doit être supérieure à 0 et au plus 1"
    ]


@pytest.mark.parametrize("part", [1, Decimal("1.0"), Decimal("0.5"), Decimal("0.01")])
def test_part_activite_acceptee(part: Any) -> None:
    d = donnees_exemple()
    d["etablissements"][5]["part_activite_eligible"] = part
    assert lire_dossier(d).etablissements[5].part_activite_eligible == Decimal(part)


@pytest.mark.parametrize("part", ["1", None, True, [1]])
def test_part_activite_pas_un_nombre(part: Any) -> None:
    d = donnees_exemple()
    d["etablissements"][5]["part_activite_eligible"] = part
    assert erreurs(d) == ["etablissements[5].part_activite_eligible : un nombre est attendu"]


@pytest.mark.parametrize("devis", [-1, Decimal("-0.01")])
def test_devis_negatif(devis: Any) -> None:
    d = donnees_exemple()
    d["etablissements"][0]["devis_editeur"] = devis
    assert erreurs(d) == ["etablissements[0].devis_editeur : ne peut pas être négatif"]


@pytest.mark.parametrize(
    ("devis", "lu"), [(None, None), (0, Decimal(0)), (Decimal("9999.99"), Decimal("9999.99"))]
)
def test_devis_accepte(devis: Any, lu: Decimal | None) -> None:
    d = donnees_exemple()
    d["etablissements"][0]["devis_editeur"] = devis
    assert lire_dossier(d).etablissements[0].devis_editeur == lu


@pytest.mark.parametrize(
    ("chemin", "valeur"),
    [
        ("etablissements[0].equipement", 1),
        ("etablissements[2].deja_finance", 0),
        ("etablissements[4].commande_sons_autre_logiciel", 0),
        ("porteur.soumis_commande_publique", 0),
        ("porteur.representativite_nationale", 1),
        ("organismes[1].dispose_rsi", 1),
        ("solution.referencee_sad", 1),
        ("financements_specifiques.amoa_marche", 1),
        ("financements_specifiques.amoa_projet", "true"),
        ("etablissements[3].equipement", None),
    ],
)
def test_booleen_0_1_refuse(chemin: str, valeur: Any) -> None:
    d = donnees_exemple()
    modifier(d, chemin, valeur)
    assert erreurs(d) == [f"{chemin} : true ou false est attendu"]


@pytest.mark.parametrize(
    "chemin",
    [
        "nom",
        "campagne",
        "organismes",
        "etablissements",
        "porteur.raison_sociale",
        "porteur.siret",
        "porteur.contact.email",
        "organismes[0].dispose_rsi",
        "organismes[1].departement",
        "solution.hebergement",
        "financements_specifiques.amoa_projet",
        "etablissements[2].devis_editeur",
        "etablissements[8].personnes_accompagnees",
        "etablissements[0].finess",
        "etablissements[0].categorie",
    ],
)
def test_champ_obligatoire_absent(chemin: str) -> None:
    d = donnees_exemple()
    supprimer(d, chemin)
    liste = erreurs(d)
    assert f"{chemin} : champ obligatoire absent" in liste
    if chemin not in ("organismes",):
        assert liste == [f"{chemin} : champ obligatoire absent"]


def test_contact_absent() -> None:
    """Sans contact, chacun de ses champs est aussi signalé (message redondant mais exact)."""
    d = donnees_exemple()
    del d["porteur"]["contact"]
    assert erreurs(d) == [
        "porteur.contact : champ obligatoire absent",
        "porteur.contact.nom : champ obligatoire absent",
        "porteur.contact.email : champ obligatoire absent",
        "porteur.contact.telephone : champ obligatoire absent",
    ]


@pytest.mark.parametrize("cle", ["porteur", "solution", "financements_specifiques"])
def test_objet_absent(cle: str) -> None:
    d = donnees_exemple()
    del d[cle]
    liste = erreurs(d)
    assert f"{cle} : champ obligatoire absent" in liste
    assert all(e.startswith(cle) for e in liste)


def test_etablissement_pas_un_objet() -> None:
    d = donnees_exemple()
    d["etablissements"][1] = "EHPAD"
    assert "etablissements[1] : un objet JSON { … } est attendu" in erreurs(d)


def test_liste_attendue() -> None:
    d = donnees_exemple()
    d["etablissements"] = {"finess": "350012001"}
    assert erreurs(d) == ["etablissements : une liste [ … ] est attendue"]


def test_texte_attendu() -> None:
    d = donnees_exemple()
    d["etablissements"][0]["finess"] = 350012001
    assert erreurs(d) == ["etablissements[0].finess : un texte est attendu"]


# --- charger : fichiers ------------------------------------------------------------------


def test_charger_exemple(tmp_path: Path) -> None:
    chemin = tmp_path / "dossier.json"
    chemin.write_text(texte_exemple(GRAPPE), encoding="utf-8")
    assert charger(chemin) == lire_dossier(donnees_exemple())


def test_json_mal_forme(tmp_path: Path) -> None:
    chemin = tmp_path / "casse.json"
    chemin.write_text('{\n  "format": "dossier-esms-numerique",\n  "version": 1,,\n}\n')
    with pytest.raises(DossierInvalide) as exc:
        charger(chemin)
    assert [str(e) for e in exc.value.erreurs] == ["JSON mal formé, ligne 3, colonne 16"]


def test_json_tronque(tmp_path: Path) -> None:
    chemin = tmp_path / "tronque.json"
    texte = texte_exemple(GRAPPE)
    chemin.write_text(texte[: texte.index('"solution"')], encoding="utf-8")
    with pytest.raises(DossierInvalide) as exc:
        charger(chemin)
    (erreur,) = exc.value.erreurs
    assert erreur.chemin == ""
    assert erreur.message == "JSON mal formé, ligne 44, colonne 3"


def test_fichier_introuvable(tmp_path: Path) -> None:
    chemin = tmp_path / "absent.json"
    with pytest.raises(DossierInvalide) as exc:
        charger(chemin)
    assert [str(e) for e in exc.value.erreurs] == [f"fichier introuvable : {chemin}"]


def test_fichier_pas_en_utf8(tmp_path: Path) -> None:
    chemin = tmp_path / "latin1.json"
    chemin.write_bytes('{"nom": "Génêts"}'.encode("latin-1"))
    with pytest.raises(DossierInvalide) as exc:
        charger(chemin)
    # Le nom de la classe Python (« UnicodeDecodeError ») n'est plus montré (issue 16, cas 15).
    assert [str(e) for e in exc.value.erreurs] == [
        f"lecture impossible de {chemin} : ce n'est pas du texte UTF-8 (octet invalide ligne "
        "1) ; enregistrez-le en UTF-8, ou ce n'est pas un fichier dossier"
    ]


def test_charger_dossier_invalide(tmp_path: Path) -> None:
    d = donnees_exemple()
    d["etablissements"][0]["finess"] = "350012002"
    chemin = tmp_path / "invalide.json"
    chemin.write_text(encoder(d), encoding="utf-8")
    with pytest.raises(DossierInvalide) as exc:
        charger(chemin)
    assert [str(e) for e in exc.value.erreurs] == [
        "etablissements[0].finess : la clé ne correspond pas : un chiffre est probablement mal recopié"
    ]


# --- Outils -----------------------------------------------------------------------------


def _parent(d: Any, chemin: str) -> tuple[Any, str]:
    """Le conteneur et la dernière clé d'un chemin « a.b[2].c »."""
    *debut, fin = chemin.split(".")
    courant = d
    for morceau in debut:
        courant = _pas(courant, morceau)
    return courant, fin


def _pas(courant: Any, morceau: str) -> Any:
    if "[" in morceau:
        nom, indice = morceau.rstrip("]").split("[")
        return courant[nom][int(indice)]
    return courant[morceau]


def modifier(d: Any, chemin: str, valeur: Any) -> None:
    parent, cle = _parent(d, chemin)
    assert cle in parent, chemin
    parent[cle] = valeur


def supprimer(d: Any, chemin: str) -> None:
    parent, cle = _parent(d, chemin)
    del parent[cle]
