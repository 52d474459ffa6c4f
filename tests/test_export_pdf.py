"""La synthèse PDF : relue avec pypdf, elle dit les mêmes montants que les règles."""

import errno
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from app_bureau.exports import pdf
from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.fichier.dossier import charger
from app_bureau.fichier.ecriture import ErreurEcriture
from app_bureau.formats import date_courte, euros, texte_explication, valeur_parametre
from app_bureau.libelles import compte_gravite
from app_bureau.modele import Dossier, Etablissement, Gravite
from app_bureau.referentiel.ressources import ressource
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.parametres import parametres
from app_bureau.regles.pieces import pieces_a_joindre
from app_bureau.regles.resultats import Evaluation
from tests.fabrique import dossier, etab, finess, og

EXEMPLES = sorted(f.name for f in ressource("exemples").iterdir() if f.name.endswith(".json"))


def normaliser(texte: str) -> str:
    """Espaces fines et insécables → espaces : l'extraction de texte ne les rend pas toujours."""
    return re.sub(r"[\u202f\u00a0]", " ", texte)


def textes(chemin: Path) -> list[str]:
    return [normaliser(page.extract_text()) for page in PdfReader(chemin).pages]


def ecrire(tmp_path: Path, d: Dossier, nom: str = "synthese.pdf", **options: object) -> Path:
    chemin = tmp_path / nom
    ecrire_pdf(d, evaluer(d), chemin, **options)  # type: ignore[arg-type]
    return chemin


def exemple(nom: str) -> tuple[Dossier, Evaluation]:
    d = charger(ressource("exemples", nom))  # type: ignore[arg-type]
    return d, evaluer(d)


def polices(chemin: Path) -> set[str]:
    """Les BaseFont de toutes les ressources /Font des pages (sans le préfixe de sous-ensemble)."""
    noms: set[str] = set()
    for page in PdfReader(chemin).pages:
        ressources = page["/Resources"].get_object()
        for police in ressources.get("/Font", {}).get_object().values():
            noms.add(str(police.get_object()["/BaseFont"]).split("+")[-1])
    return noms


@pytest.mark.parametrize("nom", EXEMPLES)
def test_chaque_exemple_dit_les_montants_des_regles(tmp_path: Path, nom: str) -> None:
    d, ev = exemple(nom)
    chemin = tmp_path / "synthese.pdf"
    ecrire_pdf(d, ev, chemin)
    pages = textes(chemin)
    tout = "\n".join(pages)
    assert normaliser(euros(ev.totaux.total)) in pages[0]  # en couverture
    assert "Recevable" in pages[0]
    for r in ev.etablissements:
        if r.retenu:
            assert r.finess in tout
            assert normaliser(euros(r.total)) in tout
    assert normaliser(euros(ev.versements.avance)) in tout
    assert normaliser(euros(ev.versements.solde)) in tout
    for code, montant in ev.repartition_ars.items():
        assert nom_region(code) in tout
        assert normaliser(euros(montant)) in tout
    n = len(pages)
    assert f"Page 1 sur {n}" in pages[0]
    assert f"Page {n} sur {n}" in pages[-1]
    assert all(f"Page {i} sur {n}" in page for i, page in enumerate(pages, start=1))
    assert all(d.nom in page for page in pages)  # le titre en en-tête de chaque page

    lecteur = PdfReader(chemin)
    assert lecteur.metadata is not None
    assert lecteur.metadata.title == d.nom
    assert lecteur.metadata.author == d.porteur.raison_sociale
    assert ev.parametres.campagne.libelle in (lecteur.metadata.subject or "")
    assert lecteur.trailer["/Root"]["/Lang"] == "fr-FR"
    assert polices(chemin) == {"DejaVuSans", "DejaVuSans-Bold"}


def test_polices_dejavu_incorporees_jamais_helvetica(tmp_path: Path) -> None:
    d, ev = exemple("grappe-9-ehpad-bretagne.json")
    chemin = tmp_path / "synthese.pdf"
    ecrire_pdf(d, ev, chemin)
    lecteur = PdfReader(chemin)
    for page in lecteur.pages:
        for police in page["/Resources"]["/Font"].get_object().values():
            police = police.get_object()
            assert "Helvetica" not in str(police["/BaseFont"])
            descendante = (
                police["/DescendantFonts"][0].get_object()
                if "/DescendantFonts" in police
                else police
            )
            descripteur = descendante["/FontDescriptor"].get_object()
            assert "/FontFile2" in descripteur  # TrueType incorporée
    assert b"Helvetica" not in chemin.read_bytes()


def test_auteur_donne_et_signets(tmp_path: Path) -> None:
    d, ev = exemple("grappe-9-ehpad-bretagne.json")
    chemin = tmp_path / "synthese.pdf"
    ecrire_pdf(d, ev, chemin, auteur="Cabinet Conseil & Associés")
    lecteur = PdfReader(chemin)
    assert lecteur.metadata is not None
    assert lecteur.metadata.author == "Cabinet Conseil & Associés"
    signets = {
        s.title: lecteur.get_destination_page_number(s)
        for s in lecteur.outline
        if not isinstance(s, list)
    }
    assert signets["Synthèse"] == 1
    assert signets["Composition de la grappe"] == 2
    pages = textes(chemin)
    for titre, numero in signets.items():
        assert titre in pages[numero], titre  # le signet mène à la page de la section
    assert list(signets) == [
        "Synthèse",
        "Composition de la grappe",
        "Éligibilité et recevabilité",
        "Pièces à joindre",
        "Annexe A — Explication des montants",
        "Annexe B — Paramètres de la campagne",
    ]


def aplatir(texte: str) -> str:
    """Le texte sans ses retours à la ligne (ni ceux placés après un trait d'union)."""
    return re.sub(r"(\w-) (\w)", r"\1\2", re.sub(r"\s+", " ", normaliser(texte)))


def test_composition_eligibilite_pieces_et_annexes(tmp_path: Path) -> None:
    d, ev = exemple("domicile-20-services-confort.json")
    chemin = tmp_path / "synthese.pdf"
    ecrire_pdf(d, ev, chemin)
    tout = aplatir("\n".join(textes(chemin)))
    for og_resultat in ev.organismes:
        assert og_resultat.raison_sociale in tout
        assert aplatir(og_resultat.explication.libelle) in tout
    for a in ev.anomalies:
        assert aplatir(a.message) in tout
        assert aplatir(a.reference) in tout
    # Les pièces à joindre, chacune avec sa case à cocher.
    pieces = pieces_a_joindre(d, ev)
    assert tout.count("☐") == len(pieces)
    for piece in pieces:
        assert aplatir(piece.libelle) in tout
    # L'annexe A : chaque explication de montant ; l'annexe B : chaque paramètre.
    for r in ev.etablissements:
        for x in r.explications:
            assert aplatir(texte_explication(x)) in tout
    for x in ev.totaux.explications + ev.versements.explications + ev.repartition_explications:
        assert aplatir(texte_explication(x)) in tout
    for parametre in ev.parametres.tous():
        assert aplatir(parametre.description) in tout
        assert aplatir(f"{parametre.reference} {date_courte(parametre.verifie_le)}") in tout


def test_couleurs_des_gravites(tmp_path: Path) -> None:
    d = dossier([])  # aucun ESSMS, pas de SIRET : problèmes bloquants
    d.porteur.siret = ""
    ev = evaluer(d)
    assert not ev.recevable
    chemin = tmp_path / "synthese.pdf"
    ecrire_pdf(d, ev, chemin)
    pages = textes(chemin)
    n = sum(1 for a in ev.anomalies if a.gravite.value == "bloquant")
    assert f"Non recevable : {compte_gravite(Gravite.BLOQUANT, n)}" in pages[0]
    assert "Problème bloquant" in "\n".join(pages)
    contenu = b"".join(p.get_contents().get_data() for p in PdfReader(chemin).pages)
    assert b".690196 0 .12549 rg" in contenu  # #b00020, le rouge des problèmes bloquants


def test_textes_de_l_utilisateur_echappes(tmp_path: Path) -> None:
    d = dossier([etab(1), etab(2)])
    d.etablissements[0].nom = "EHPAD <Les Pins> & Cie"
    d.etablissements[1].nom = "A&B <b>gras</b>"
    d.nom = "Grappe <Soins & Santé> « 2024 »"
    d.porteur.raison_sociale = "Association Aide & Partage <AAP>"
    d.organismes[0].raison_sociale = "OG <un> & <deux>"
    chemin = ecrire(tmp_path, d)
    tout = "\n".join(textes(chemin))
    for texte in (
        "Grappe <Soins & Santé> « 2024 »",
        "Association Aide & Partage <AAP>",
        "OG <un> & <deux>",
        "EHPAD <Les Pins> & Cie",
        "A&B <b>gras</b>",
    ):
        assert texte in tout, texte
    assert PdfReader(chemin).metadata.title == d.nom  # type: ignore[union-attr]


def test_textes_demesures(tmp_path: Path) -> None:
    """Des noms de plusieurs milliers de caractères ne font pas échouer la mise en page."""
    d = dossier([etab(1), etab(2)], [og("og1", 3)], amoa_projet=True)
    long = "Très long nom " * 400
    d.nom = d.porteur.raison_sociale = d.porteur.contact.nom = long
    d.organismes[0].raison_sociale = d.etablissements[0].nom = long
    d.etablissements[1].nom = "x" * 3000
    chemin = ecrire(tmp_path, d)
    pages = textes(chemin)
    assert "[…]" in "\n".join(pages)  # cellule de grand tableau écourtée
    assert f"Page {len(pages)} sur {len(pages)}" in pages[-1]


def test_dossier_vide(tmp_path: Path) -> None:
    d = Dossier(campagne="2023")
    chemin = ecrire(tmp_path, d)
    pages = textes(chemin)
    assert "Dossier sans nom" in pages[0]
    assert "Non recevable" in pages[0]
    assert normaliser(euros(Decimal(0))) in pages[0]


def test_fichier_existant_non_remplace_sans_accord(tmp_path: Path) -> None:
    d, ev = exemple("grappe-9-ehpad-bretagne.json")
    chemin = tmp_path / "synthese.pdf"
    chemin.write_bytes(b"ancien contenu")
    with pytest.raises(ErreurEcriture, match="existe déjà"):
        ecrire_pdf(d, ev, chemin)
    assert chemin.read_bytes() == b"ancien contenu"
    ecrire_pdf(d, ev, chemin, remplacer=True)
    assert chemin.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthese.pdf"]


def test_disque_en_lecture_seule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Le renommage final échoue (EROFS) : message français, aucun fichier partiel laissé."""
    d, ev = exemple("grappe-9-ehpad-bretagne.json")

    def refuser(source: object, cible: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuser)
    monkeypatch.setattr(os, "link", refuser)  # mise en place sans remplacer : lien physique
    chemin = tmp_path / "synthese.pdf"
    with pytest.raises(ErreurEcriture, match="lecture seule") as erreur:
        ecrire_pdf(d, ev, chemin)
    assert str(chemin) in str(erreur.value)
    assert list(tmp_path.iterdir()) == []


def test_dossier_de_destination_absent(tmp_path: Path) -> None:
    d, ev = exemple("grappe-9-ehpad-bretagne.json")
    with pytest.raises(ErreurEcriture, match="n'existe pas"):
        ecrire_pdf(d, ev, tmp_path / "absent" / "synthese.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root écrit même dans un dossier en lecture seule")
def test_vrai_dossier_en_lecture_seule(tmp_path: Path) -> None:
    d, ev = exemple("grappe-9-ehpad-bretagne.json")
    protege = tmp_path / "protege"
    protege.mkdir()
    protege.chmod(0o500)
    try:
        with pytest.raises(ErreurEcriture, match="lecture seule"):
            ecrire_pdf(d, ev, protege / "synthese.pdf")
        assert list(protege.iterdir()) == []
    finally:
        protege.chmod(0o700)


def test_section_autodiagnostic_branchee(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Vide pour l'instant ; ce qu'elle rendra prendra place avant les pièces à joindre."""
    d, ev = exemple("grappe-9-ehpad-bretagne.json")
    assert pdf._section_autodiagnostic(d, ev) == []
    monkeypatch.setattr(
        pdf,
        "_section_autodiagnostic",
        lambda dossier, evaluation: [pdf._p("Autodiagnostic de maturité SI", "Titre1")],
    )
    chemin = tmp_path / "synthese.pdf"
    ecrire_pdf(d, ev, chemin)
    tout = "\n".join(textes(chemin))
    assert tout.index("Éligibilité et recevabilité") < tout.index("Autodiagnostic de maturité SI")
    assert tout.index("Autodiagnostic de maturité SI") < tout.index("Pièces à joindre")


def test_valeurs_des_parametres_selon_leur_unite() -> None:
    jeu22, jeu23 = parametres("2022"), parametres("2023")

    def v(jeu, nom: str) -> str:  # type: ignore[no-untyped-def]
        return normaliser(valeur_parametre(jeu[nom]))

    assert v(jeu22, "financement.forfait_moa.acquisition.rangs_1_a_49") == "7 000,00 €"
    assert v(jeu22, "versements.avance") == "50 %"
    assert v(jeu22, "cibles.dossiers_actifs") == "90 %"
    assert v(jeu23, "calendrier.depot_regional_jusqu_au") == "15/09/2023"
    assert (
        v(jeu22, "conditions.champs_majorite_sad")
        == "Personnes âgées ; Personnes handicapées ; Domicile"
    )
    assert v(jeu22, "conditions.champs_dispenses_segur_acquisition") == "aucun"
    assert v(jeu23, "conditions.segur_obligatoire_acquisition") == "oui"
    assert v(jeu22, "versements.duree_maximale.acquisition") == "18 mois"
    assert v(jeu22, "seuils.orientation_nationale") == "50 ESSMS"
    assert "Bretagne : 2 406 713,00 €" in v(jeu22, "enveloppes.enveloppe_regionale").split("\n")


@dataclass
class GrandPdf:
    dossier: Dossier
    chemin: Path
    pages: int
    tableau: list[str]
    """Le texte des pages du tableau des ESSMS (de la composition jusqu'à l'éligibilité)."""
    annexe: list[str]
    """Le texte de la première page de l'annexe A, et de ses trois dernières."""


@pytest.fixture(scope="module")
def grand_pdf(tmp_path_factory: pytest.TempPathFactory) -> GrandPdf:
    """2 000 ESSMS, 200 OG ; un sur cent déjà financé (non retenu).

    Le texte n'est extrait que des pages utiles (les signets disent où elles sont) : les
    ~500 pages prendraient plusieurs secondes à pypdf.
    """
    organismes = [og(f"og{i:03d}", 10 if i % 2 else 40) for i in range(200)]
    etablissements: list[Etablissement] = [
        etab(i + 1, organisme=f"og{i // 10:03d}", deja_finance=i % 100 == 7) for i in range(2000)
    ]
    d = dossier(etablissements, organismes)
    chemin = tmp_path_factory.mktemp("grand") / "synthese-2000.pdf"
    ecrire_pdf(d, evaluer(d), chemin)
    lecteur = PdfReader(chemin)
    debut = {
        s.title: lecteur.get_destination_page_number(s)
        for s in lecteur.outline
        if not isinstance(s, list)
    }

    def texte(numero: int) -> str:
        return normaliser(lecteur.pages[numero].extract_text())

    composition, eligibilite = (
        debut["Composition de la grappe"],
        debut["Éligibilité et recevabilité"],
    )
    annexe_a, annexe_b = (
        debut["Annexe A — Explication des montants"],
        debut["Annexe B — Paramètres de la campagne"],
    )
    return GrandPdf(
        d,
        chemin,
        len(lecteur.pages),
        [texte(n) for n in range(composition, eligibilite)],
        [texte(annexe_a), "\n".join(texte(n) for n in range(annexe_b - 3, annexe_b))],
    )


@pytest.mark.lent
def test_2000_essms_en_tete_sur_chaque_page(grand_pdf: GrandPdf) -> None:
    # Les pages du tableau des ESSMS : celles qui portent une ligne « Oui, rang n ».
    tableau = [p for p in grand_pdf.tableau if "Oui, rang" in p]
    assert len(tableau) >= 2000 // 40
    for page in tableau:
        for titre, _ in pdf.COLONNES_ESSMS:  # le premier mot : un titre peut passer à la ligne
            assert titre.split()[0] in page
        assert page.index("Équipements") < page.index("Oui, rang")  # en-tête en haut
    tout = "\n".join(tableau)
    assert all(e.finess in tout for e in grand_pdf.dossier.etablissements)
    assert "Non : " in tout


def test_2000_essms_chaque_ligne_une_seule_fois(grand_pdf: GrandPdf) -> None:
    """Le découpage du tableau page par page ne perd ni ne répète aucune ligne."""
    rangs = re.findall(r"Oui, rang (\d+)", "\n".join(grand_pdf.tableau))
    assert [int(r) for r in rangs] == list(range(1, 1981))
    premiere, derniere = grand_pdf.annexe
    assert f"1. {finess('35', 1)}" in premiere
    assert f"1980. {finess('35', 2000)}" in derniere
