"""Le radar de maturité pour le PDF (reportlab, sans Qt) : il dessine les scores reçus, avec
leurs libellés français, et s'insère dans un PDF."""

from decimal import Decimal as D
from importlib.resources import as_file
from pathlib import Path

from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Polygon, String
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app_bureau.exports.radar_pdf import radar
from app_bureau.fichier.dossier import charger
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import Version, questionnaire
from app_bureau.regles.autodiagnostic.recommandations import evaluer_autodiagnostics
from app_bureau.regles.parametres import parametres

SCORES = {
    "Management du SI": D("1.5"),
    "Fonctions": D("2.33"),
    "Infrastructure": D("3"),
    "Qualité de service": None,
    "Sécurité": D("0"),
    "Éthique et durabilité": D("4"),
    "Usage et satisfaction": D("2"),
}


def _elements(dessin: Drawing, classe: type) -> list:  # type: ignore[type-arg]
    return [e for e in dessin.contents if isinstance(e, classe)]


def test_le_radar_dessine_les_scores_recus() -> None:
    dessin = radar(SCORES)
    textes = [s.text for s in _elements(dessin, String)]
    tout = " ".join(textes)  # un libellé long est coupé sur plusieurs lignes
    for libelle in SCORES:
        assert libelle in tout
    assert "1,5 sur 4" in textes and "2,3 sur 4" in textes and "sans réponse" in textes
    # Quatre niveaux de grille, puis le polygone des scores (le dernier).
    polygones = _elements(dessin, Polygon)
    assert len(polygones) == 5
    grille_4, scores = polygones[3].points, polygones[4].points
    # Axe 1 (en haut) : 1,5 sur 4 ; axe 6 : 4 sur 4, sur le bord de la grille.
    centre_x = grille_4[0]
    haut_du_radar = grille_4[1]
    assert abs(scores[0] - centre_x) < 1e-6
    assert scores[1] < haut_du_radar
    assert (scores[10], scores[11]) == (grille_4[10], grille_4[11])
    # Tout tient dans le dessin.
    for s in _elements(dessin, String):
        assert 0 <= s.y <= dessin.height


def test_sans_score_le_radar_ne_trace_que_la_grille() -> None:
    dessin = radar(dict.fromkeys(SCORES))
    assert len(_elements(dessin, Polygon)) == 4
    assert radar({}).contents == []


def test_le_radar_d_un_og_entre_dans_un_pdf(tmp_path: Path) -> None:
    with as_file(ressource("polices", "DejaVuSans.ttf")) as fichier:  # type: ignore[arg-type]
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(fichier)))
    dossier = charger(ressource("exemples", "grappe-9-ehpad-bretagne.json"))  # type: ignore[arg-type]
    posees = questionnaire().questions_de(Version.DIRECTEUR)
    dossier.autodiagnostic = {"ajoncs": {q.id: 2 for q in posees}}
    [ajoncs, _] = evaluer_autodiagnostics(dossier, parametres("2022"))
    dessin = radar(ajoncs.scores_par_dimension(), police="DejaVuSans")
    chemin = tmp_path / "radar.pdf"
    renderPDF.drawToFile(dessin, str(chemin))
    texte = PdfReader(chemin).pages[0].extract_text()
    assert "Éthique et durabilité" in texte.replace("\n", " ")
    assert "2,0 sur 4" in texte
