"""Import d'établissements depuis un fichier CSV ou XLSX : encodages, séparateurs, colonnes,
fichiers abîmés, et la commande `app-bureau importer-etablissements`."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

import app_bureau.saisie.import_fichier as module
from app_bureau.cli import main
from app_bureau.modele import Champ, TypeProjet
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from app_bureau.saisie.collage import COLONNES, lire_collage
from app_bureau.saisie.import_fichier import (
    DispositionInvalide,
    FichierIllisible,
    Tableau,
    avec_attributs,
    deviner,
    disposition_imposee,
    lettre,
    lire_etablissements,
    lire_fichier,
    problemes,
)

DONNEES = Path(__file__).parent / "donnees" / "import"
EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
FINESS_DE_L_EXEMPLE = ["350012001", "350012019"]


def importer(nom: str | Path, finess_du_dossier: list[str] = FINESS_DE_L_EXEMPLE):  # type: ignore[no-untyped-def]
    tableau = lire_fichier(DONNEES / nom if isinstance(nom, str) else nom)
    return tableau, lire_etablissements(tableau, deviner(tableau), "og1", finess_du_dossier)


# --- encodages et séparateurs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("nom", "description", "noms"),
    [
        (
            "etablissements-point-virgule.csv",
            "CSV, UTF-8, séparateur point-virgule",
            [
                "SSIAD du Pays de Rennes",
                "FAM La Fontaine",
                "Résidence Hélène-Boucher",
                "Structure expérimentale",
            ],
        ),
        (
            "etablissements-virgule-bom.csv",
            "CSV, UTF-8 (BOM), séparateur virgule",
            ["EHPAD Les Flamboyants", "EHPAD de Mamoudzou", "EHPAD Sant'Antone, Ajaccio"],
        ),
        (
            "etablissements-tabulation-windows-1252.csv",
            "CSV, Windows-1252, séparateur tabulation",
            [
                "Résidence Cœur de Ville à Brest",
                "CHRS L'Escale — Quimper",
                "Foyer de l'Ain — Bourg-en-Bresse",
            ],
        ),
    ],
)
def test_encodage_et_separateur_reconnus(nom: str, description: str, noms: list[str]) -> None:
    tableau, collage = importer(nom)
    assert tableau.description == description
    assert collage.entete
    assert [e.nom for e in collage.valides] == noms
    assert all(e.organisme == "og1" for e in collage.valides)
    assert collage.remarques == (f"Fichier lu : {description}.",)


def test_point_virgule_chaque_probleme_de_chaque_ligne() -> None:
    _, collage = importer("etablissements-point-virgule.csv")
    assert [(ligne.numero, ligne.erreurs) for ligne in collage.lignes if not ligne.valide] == [
        (4, ("FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié",)),
        (5, ("FINESS : 350012001 figure déjà dans le dossier",)),
        (6, ("FINESS : 350013025 figure déjà plus haut dans le fichier (ligne 2)",)),
    ]
    # une catégorie inconnue n'est qu'un avertissement : la ligne est gardée
    avertis = {
        ligne.numero: ligne.avertissements for ligne in collage.lignes if ligne.avertissements
    }
    assert avertis == {
        7: (
            "Catégorie FINESS : « Maison de retraite médicalisée » inconnue (code FINESS à 3 chiffres "
            "attendu, 500 pour un EHPAD) ; laissée vide",
        ),
        8: ("Catégorie : 699 inconnue de l'application ; vérifiez-la (les règles la signalent)",),
    }
    ssiad, fam, residence, experimentale = collage.valides
    assert (ssiad.categorie, ssiad.champ, ssiad.devis_editeur, ssiad.equipement) == (
        "354",
        Champ.DOMICILE,
        Decimal("12500.00"),
        True,
    )
    assert (fam.categorie, fam.champ, fam.part_activite_eligible) == (
        "437",
        Champ.PH,
        Decimal("0.625"),
    )
    assert (residence.categorie, residence.champ) == (None, Champ.PA)
    assert (experimentale.categorie, experimentale.champ) == ("699", Champ.AUTRE)
    assert collage.colonnes_ignorees == ("Ville",)
    assert collage.nombre_erreurs == 3 and collage.nombre_avertissements == 2


def test_memes_resultats_que_le_collage_des_memes_cellules() -> None:
    tableau, collage = importer("etablissements-point-virgule.csv")
    texte = "\n".join("\t".join(cellules) for cellules in tableau.lignes)
    colle = lire_collage(texte, "og1", FINESS_DE_L_EXEMPLE)
    assert colle.valides == collage.valides
    assert [(ligne.numero, ligne.finess, ligne.avertissements) for ligne in colle.lignes] == [
        (ligne.numero, ligne.finess, ligne.avertissements) for ligne in collage.lignes
    ]


def test_virgule_guillemets_outre_mer_et_corse() -> None:
    _, collage = importer("etablissements-virgule-bom.csv")
    flamboyants, mamoudzou, corse = collage.valides
    assert flamboyants.finess == "970101010"
    assert flamboyants.part_activite_eligible == Decimal("0.625")
    assert flamboyants.devis_editeur == Decimal("13200.50")
    assert mamoudzou.finess == "980501019" and mamoudzou.part_activite_eligible == 1
    assert corse.finess == "2A0000013"


def test_windows_1252_zero_de_tete_et_sigles() -> None:
    _, collage = importer("etablissements-tabulation-windows-1252.csv")
    brest, chrs, ain = collage.valides
    assert brest.projet is TypeProjet.MISE_EN_CONFORMITE and brest.equipement
    assert (chrs.categorie, chrs.champ) == ("214", Champ.AHI)
    assert ain.finess == "010000123"  # zéro de tête perdu par le tableur, rendu
    assert (ain.categorie, ain.champ) == ("255", Champ.PH)


def test_texte_unicode_d_excel_en_utf_16(tmp_path: Path) -> None:
    texte = (DONNEES / "etablissements-tabulation-windows-1252.csv").read_bytes().decode("cp1252")
    chemin = tmp_path / "texte-unicode.txt"
    chemin.write_bytes(texte.encode("utf-16"))  # avec son BOM, comme Excel l'écrit
    tableau, collage = importer(chemin)
    assert tableau.description == "CSV, UTF-16, séparateur tabulation"
    assert collage.valides[0].nom == "Résidence Cœur de Ville à Brest"


def test_accents_deja_abimes_sont_repares_et_signales() -> None:
    tableau, collage = importer("accents-abimes.csv")
    assert [e.nom for e in collage.valides] == ["Résidence Hélène-Boucher", "Foyer Sainte-Thérèse"]
    assert collage.entete  # « CatÃ©gorie » réparé en « Catégorie » avant de lire les titres
    assert any(r.startswith("Accents réparés") for r in tableau.remarques)


def test_windows_1252_reconnu_meme_si_les_accents_viennent_tard(tmp_path: Path) -> None:
    """Un encodage deviné sur le début du fichier seulement se tromperait ici."""
    lignes = ["FINESS;Nom"] + [f"350013025;{'x' * 60}"] * 2000 + ["350013033;Foyer Thérèse"]
    chemin = tmp_path / "tardif.csv"
    chemin.write_bytes("\r\n".join(lignes).encode("cp1252"))
    tableau = lire_fichier(chemin)
    assert tableau.description == "CSV, Windows-1252, séparateur point-virgule"
    assert tableau.lignes[-1] == ("350013033", "Foyer Thérèse")


def test_indication_sep_d_excel_et_fichier_d_une_seule_colonne(tmp_path: Path) -> None:
    excel = tmp_path / "excel.csv"
    excel.write_bytes(b"sep=,\r\nFINESS,Nom\r\n350013025,SSIAD\r\n")
    assert lire_fichier(excel).lignes == (("FINESS", "Nom"), ("350013025", "SSIAD"))
    seule = tmp_path / "seule.csv"
    seule.write_bytes(b"FINESS\n350013025\n350013033\n")
    tableau, collage = importer(seule)
    assert tableau.description == "CSV, UTF-8, une seule colonne"
    assert [e.finess for e in collage.valides] == ["350013025", "350013033"]


# --- classeur XLSX --------------------------------------------------------------------------


def classeur(chemin: Path) -> Path:
    cahier = Workbook()
    cahier.active.title = "Lisez-moi"  # vide : la première feuille remplie est lue
    feuille = cahier.create_sheet("ESSMS")
    feuille.append(["N° FINESS", "Nom", "Catégorie", "Part éligible", "Devis", "Équipement"])
    feuille.append([10000123, "Foyer de l'Ain", 500, 0.625, 13200.5, True])
    feuille.append(["350013025", "Trop", 354, 1.5, None, False])
    feuille.append([350013033.0, "FAM nombre décimal", "FAM", 1, 12000, "non"])
    for ligne in (2, 3, 4):
        feuille.cell(ligne, 4).number_format = "0.0%"
    cahier.save(chemin)
    return chemin


def test_classeur_xlsx_nombres_pourcentages_et_feuille_lue(tmp_path: Path) -> None:
    tableau, collage = importer(classeur(tmp_path / "essms.xlsx"))
    assert tableau.description == "classeur XLSX, feuille « ESSMS »"
    assert tableau.remarques == (
        "Seule la feuille « ESSMS » est lue (la première qui contient des données ; autres "
        "feuilles : « Lisez-moi »).",
    )
    assert tableau.lignes[1] == ("10000123", "Foyer de l'Ain", "500", "62.5 %", "13200.5", "oui")
    ain, fam = collage.valides
    assert ain.finess == "010000123" and ain.part_activite_eligible == Decimal("0.625")
    assert ain.devis_editeur == Decimal("13200.5") and ain.equipement
    assert fam.finess == "350013033" and fam.categorie == "437" and fam.part_activite_eligible == 1
    (refusee,) = [ligne for ligne in collage.lignes if not ligne.valide]
    assert refusee.erreurs == ("Part d'activité éligible : 150 % dépasse 100 %",)


def test_un_fichier_xlsx_se_reconnait_a_son_contenu(tmp_path: Path) -> None:
    deguise = classeur(tmp_path / "essms.xlsx").rename(tmp_path / "essms.csv")
    assert lire_fichier(deguise).description.startswith("classeur XLSX")


# --- fichiers abîmés ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nom", "message"),
    [
        ("vide.csv", "Le fichier est vide"),
        ("binaire.csv", "ne contient pas de texte lisible"),
        ("classeur-tronque.xlsx", "n'est pas un classeur .xlsx lisible"),
        ("extrait-finess.csv", "Chercher dans l'extrait FINESS…"),
        ("absent.csv", "ne peut pas être lu"),
    ],
)
def test_fichier_illisible_explique(nom: str, message: str) -> None:
    with pytest.raises(FichierIllisible, match=message):
        lire_fichier(DONNEES / nom)


def test_ancien_format_xls_et_fichier_trop_gros(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    xls = tmp_path / "ancien.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(FichierIllisible, match=r"Excel 97-2003 \(\.xls\)"):
        lire_fichier(xls)
    monkeypatch.setattr(module, "TAILLE_MAXIMALE", 100)
    with pytest.raises(FichierIllisible, match="c'est trop pour une liste"):
        lire_fichier(DONNEES / "etablissements-point-virgule.csv")


def test_sans_colonne_finess_le_probleme_est_dit() -> None:
    tableau = lire_fichier(DONNEES / "sans-finess.csv")
    disposition = deviner(tableau)
    assert disposition.attributs == ("nom", "categorie", "")
    assert problemes(disposition) == [
        "Aucune colonne n'est lue comme « FINESS » : indiquez celle qui porte le numéro "
        "FINESS géographique de chaque établissement."
    ]


# --- la disposition imposée (--colonnes) ----------------------------------------------------


TABLEAU = Tableau(
    (("Nom", "Ville", "N°", "Cat."), ("EHPAD A", "Rennes", "350013025", "500")), "essai"
)


@pytest.mark.parametrize(
    "colonnes",
    [
        "finess=C,nom=A,categorie=D",
        "finess=3,nom=1,categorie=4",
        "finess=N°,nom=Nom,categorie=Cat.",
        "nom,,finess,categorie",
    ],
)
def test_colonnes_par_lettre_numero_titre_ou_dans_l_ordre(colonnes: str) -> None:
    disposition = disposition_imposee(colonnes, TABLEAU)
    assert disposition.attributs == ("nom", "", "finess", "categorie")
    assert disposition.entete and disposition.colonnes_ignorees == ("Ville",)
    (e,) = lire_etablissements(TABLEAU, disposition).valides
    assert (e.finess, e.nom, e.categorie) == ("350013025", "EHPAD A", "500")


@pytest.mark.parametrize(
    ("rang", "texte"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_lettres_des_colonnes_comme_dans_le_tableur(rang: int, texte: str) -> None:
    assert lettre(rang) == texte
    large = Tableau((("x",) * (rang + 1),), "essai")
    assert disposition_imposee(f"finess={texte.lower()}", large).attributs[rang] == "finess"


def test_colonnes_invalides_chaque_probleme_liste() -> None:
    with pytest.raises(DispositionInvalide) as erreur:
        disposition_imposee("nom=A,finess=Z,vitesse=B,categorie=A", TABLEAU)
    assert erreur.value.problemes == (
        "--colonnes : colonne « Z » introuvable (lettre A à D, numéro 1 à 4, ou titre de la "
        "première ligne)",
        "--colonnes : « vitesse=B » : champ=colonne attendu, avec un champ parmi finess, nom, "
        "categorie, champ, projet, part_activite_eligible, devis_editeur, equipement, "
        "deja_finance, commande_sons_autre_logiciel, personnes_accompagnees, organisme, "
        + ", ".join(a for a, _ in COLONNES[12:]),
        "--colonnes : la colonne A est donnée à deux champs (Nom et Catégorie FINESS)",
        "--colonnes : Aucune colonne n'est lue comme « FINESS » : indiquez celle qui porte le "
        "numéro FINESS géographique de chaque établissement.",
    )
    with pytest.raises(DispositionInvalide, match="« vitesse » \\(colonne B\\)"):
        disposition_imposee("finess,vitesse", TABLEAU)


def test_un_champ_choisi_pour_deux_colonnes_est_refuse() -> None:
    deux_fois = avec_attributs(TABLEAU, ["nom", "nom", "finess", ""], entete=True)
    assert problemes(deux_fois) == [
        "« Nom » est choisi pour plusieurs colonnes (A, B) : gardez-en une."
    ]
    assert deux_fois.colonnes_ignorees == ("Cat.",)


def test_sans_titres_les_colonnes_du_collage_dans_l_ordre() -> None:
    tableau = Tableau((("350013025", "SSIAD", "354", "domicile"),), "essai")
    disposition = deviner(tableau)
    assert not disposition.entete
    assert disposition.attributs == ("finess", "nom", "categorie", "champ")


# --- la commande ----------------------------------------------------------------------------


@pytest.fixture
def base(tmp_path: Path) -> Path:
    chemin = tmp_path / "base.sqlite"
    depot = ouvrir_depot(chemin)
    depot.importer(EXEMPLE)
    depot.db.close()
    return chemin


def relire(base: Path):  # type: ignore[no-untyped-def]
    depot = ouvrir_depot(base)
    try:
        return depot.charger(1)
    finally:
        depot.db.close()


def test_commande_ajoute_en_un_enregistrement(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    avant = relire(base)
    fichier = str(DONNEES / "etablissements-virgule-bom.csv")
    arguments = ["importer-etablissements", "1", fichier, "--organisme", "keravel"]
    assert main([*arguments, "--base", str(base)]) == 0
    sortie = capsys.readouterr()
    assert sortie.out == (
        "3 établissements ajoutés au dossier 1 (organisme « keravel ») depuis "
        "etablissements-virgule-bom.csv : CSV, UTF-8 (BOM), séparateur virgule.\n"
    )
    apres = relire(base)
    assert apres.revision == avant.revision + 1  # un seul enregistrement
    nouveaux = apres.dossier.etablissements[9:]
    assert [e.finess for e in nouveaux] == ["970101010", "980501019", "2A0000013"]
    assert {e.organisme for e in nouveaux} == {"keravel"}
    assert nouveaux[0].devis_editeur == Decimal("13200.50")


def test_commande_refuse_tout_si_une_ligne_est_en_erreur(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    avant = relire(base)
    fichier = str(DONNEES / "etablissements-point-virgule.csv")
    assert main(["importer-etablissements", "1", fichier, "--base", str(base)]) == 2
    erreur = capsys.readouterr().err
    assert erreur.endswith(
        "app-bureau : etablissements-point-virgule.csv : rien n'a été importé :\n"
        "  --organisme : indiquez avec --organisme l'un des organismes gestionnaires du "
        "dossier 1 : ajoncs, keravel\n"
        "  ligne 4 (FINESS 350013034) : FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié\n"
        "  ligne 5 (FINESS 350012001) : FINESS : 350012001 figure déjà dans le dossier\n"
        "  ligne 6 (FINESS 350013025) : FINESS : 350013025 figure déjà plus haut dans le "
        "fichier (ligne 2)\n"
    )
    assert "ligne 8 (FINESS 350013058), à vérifier : Catégorie : 699 inconnue" in erreur
    assert relire(base).revision == avant.revision


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["vide.csv"], "vide.csv : Le fichier est vide"),
        (["binaire.csv"], "binaire.csv : Ce fichier ne contient pas de texte lisible"),
        (["sans-finess.csv", "--organisme", "ajoncs"], "Aucune colonne n'est lue comme « FINESS »"),
        (
            ["sans-finess.csv", "--organisme", "ajoncs", "--colonnes", "finess=Ville,nom=Nom"],
            "ligne 2 (FINESS Rennes) : FINESS : un numéro FINESS compte 9 caractères",
        ),
        (["etablissements-virgule-bom.csv", "--organisme", "inconnu"], "« inconnu » n'est pas"),
    ],
)
def test_commande_entree_invalide_rien_d_ecrit(
    base: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    avant = relire(base)
    fichier, *options = arguments
    code = main(
        ["importer-etablissements", "1", str(DONNEES / fichier), *options, "--base", str(base)]
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert relire(base).revision == avant.revision


def test_commande_dossier_inconnu_et_aide(base: Path) -> None:
    fichier = str(DONNEES / "etablissements-virgule-bom.csv")
    commande = [sys.executable, "-m", "app_bureau", "importer-etablissements"]
    inconnu = subprocess.run(
        [*commande, "7", fichier, "--base", str(base)], capture_output=True, text=True, check=False
    )
    assert inconnu.returncode == 2
    assert inconnu.stderr == "app-bureau : Aucun dossier n° 7 dans la base.\n"
    aide = subprocess.run([*commande, "--help"], capture_output=True, text=True, check=False)
    assert aide.returncode == 0 and "--colonnes CHAMP=COLONNE" in aide.stdout
    assert "rien n'est ajouté" in aide.stdout
