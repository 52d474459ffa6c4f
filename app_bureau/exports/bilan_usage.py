"""Le bilan d'usage du projet financé, pour l'ARS (reportlab, sans Qt).

`pdf_bilan_dans(dossier, evaluation, resultat, fichier)` met en page un A4 en français :
couverture (état de la grappe, solde maximal, montant en jeu), la grappe (chiffres clés,
calendrier, état de chaque ESSMS par indicateur), ce qui reste à atteindre pour le solde,
les indicateurs de chaque ESSMS avec leur évolution (petites courbes et ligne de la cible),
l'état des dépenses et les factures, les pièces à garder, et en annexe les paramètres du
suivi avec leurs références.

Le document lit le `ResultatSuivi` des règles (`regles.suivi.evaluer_suivi`), comme l'écran :
il ne calcule ni taux ni euro. Il dit, comme l'écran, que l'ARS décide de la modulation
réelle du solde (annexe 2 F) : il ne montre que le maximum et ce qui manque. Polices, styles
et tableaux sont ceux de la synthèse (`exports.pdf_commun`).
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from app_bureau import libelles
from app_bureau.champs_dossier import libelle
from app_bureau.exports.pdf_commun import (
    BLEU,
    FOND_ENTETE,
    GRIS,
    MARGE,
    MINIMUM_SOUS_TITRE,
    POLICE,
    POLICE_GRASSE,
    CanevasNumerote,
    DocumentPdf,
    elide,
    enregistrer_polices,
    paragraphe_pdf,
    tableau,
    texte_pdf,
)
from app_bureau.fichier.ecriture import ErreurEcriture, ecrire_atomiquement
from app_bureau.formats import (
    date_courte,
    euros,
    mois,
    mois_court,
    pourcentage,
    reste_a_justifier,
    valeur_parametre,
)
from app_bureau.libelles import (
    ETATS_CIBLE,
    ETATS_SUIVI,
    L_ARS_DECIDE,
    MONTANT_EN_JEU,
    PROJETS,
    TITRE_SOLDE_MAXIMAL,
    retiennent_le_solde,
)
from app_bureau.modele import Dossier, EtatCible
from app_bureau.referentiel.territoires import nom_ars
from app_bureau.regles.parametres import parametres
from app_bureau.regles.resultats import Evaluation
from app_bureau.regles.suivi import (
    INDICATEURS_D_USAGE,
    ResultatSuivi,
    SuiviEssms,
    SuiviIndicateur,
    campagne_du_suivi,
    etat_des_depenses,
)

TITRE_BILAN = "Bilan d'usage ESMS numérique"
PARAMETRES_DU_SUIVI = ("cibles.", "versements.", "suivi.")
"""Les paramètres que cite l'annexe du bilan (préfixes de leurs noms)."""
_COULEURS = {etat: colors.HexColor(p.couleur) for etat, p in ETATS_CIBLE.items()}
_VERT_CIBLE = colors.HexColor(libelles.VERT)
_GRILLE = colors.HexColor(libelles.GRIS_CLAIR)


def _p(texte: str, style: str = "Normal") -> Flowable:
    return paragraphe_pdf(texte, style)


def _couleur(html: str) -> str:
    return f"#{colors.HexColor(html).hexval()[2:]}"


def _etat(etat: EtatCible) -> str:
    """« ✓ cible atteinte » : le signe et les mots, jamais la couleur seule."""
    presentation = ETATS_CIBLE[etat]
    return f"{presentation.symbole} {presentation.libelle}"


def _dernier(suivi: SuiviIndicateur) -> str:
    dernier = suivi.dernier
    if dernier is None:
        return "—"
    taux = pourcentage(dernier.part) if dernier.part is not None else "—"
    return f"{taux} ({mois_court(dernier.mois)})"


# ---------------------------------------------------------------- couverture


def _verdict(resultat: ResultatSuivi) -> str:
    presentation = ETATS_SUIVI[resultat.etat]
    detail = retiennent_le_solde(len(resultat.retiennent_le_solde), len(resultat.essms))
    return f"{presentation.symbole} Grappe : {presentation.libelle} — {detail}"


def _couverture(dossier: Dossier, resultat: ResultatSuivi) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    couleur = _couleur(ETATS_SUIVI[resultat.etat].couleur)
    convention = dossier.suivi.convention if dossier.suivi else None
    encadre = Table(
        [
            [_p(TITRE_SOLDE_MAXIMAL + " (sur atteinte des cibles d'usage)", "Centre")],
            [_p(texte_pdf(euros(resultat.solde_maximal)), "Montant")],
            [_p(f'<font color="{couleur}">{texte_pdf(_verdict(resultat))}</font>', "Verdict")],
            [
                _p(
                    texte_pdf(
                        f"{MONTANT_EN_JEU} tant que ces ESSMS n'atteignent pas leurs "
                        f"cibles : {euros(resultat.montant_en_jeu)}"
                    ),
                    "Centre",
                )
            ],
        ],
        colWidths=[largeur],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), POLICE),
                ("BOX", (0, 0), (-1, -1), 1, BLEU),
                ("BACKGROUND", (0, 0), (-1, 1), FOND_ENTETE),
                ("TOPPADDING", (0, 0), (-1, 0), 12),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 14),
                ("TOPPADDING", (0, 2), (-1, 2), 10),
                ("LINEABOVE", (0, 2), (-1, 2), 1, BLEU),
                ("BOTTOMPADDING", (0, 3), (-1, 3), 10),
            ]
        ),
    )
    porteur = dossier.porteur.raison_sociale or "(porteur à indiquer)"
    ars = nom_ars(convention.ars) if convention and convention.ars else "ARS (à indiquer)"
    signee = (
        date_courte(convention.signee_le) if convention and convention.signee_le else "(à indiquer)"
    )
    return [
        Spacer(1, 10 * mm),
        _p("Programme ESMS numérique — suivi du projet financé", "Surtitre"),
        _p(texte_pdf(dossier.nom or "Dossier sans nom"), "Couverture"),
        _p(f"Porteur : <b>{texte_pdf(porteur)}</b>", "Ligne"),
        _p(texte_pdf(f"Convention signée le {signee} avec l'{ars}"), "Ligne"),
        _p(texte_pdf(f"Bilan établi le {date_courte(resultat.calendrier.aujourd_hui)}"), "Ligne"),
        Spacer(1, 8 * mm),
        encadre,
        Spacer(1, 4 * mm),
        _p(texte_pdf(L_ARS_DECIDE), "Centre"),
        Spacer(1, 6 * mm),
        _p("La grappe", "Titre1"),
        _chiffres_cles(dossier, resultat),
        Spacer(1, 6 * mm),
        _p(
            "Taux calculés par l'Assistant Grappe à partir des comptes mensuels de chaque ESSMS "
            "(instruction n° 2022/34, annexe 3) ; paramètres et références en annexe.",
            "Note",
        ),
    ]


# ---------------------------------------------------------------- la grappe


def _chiffres_cles(dossier: Dossier, resultat: ResultatSuivi) -> Flowable:
    largeur = A4[0] - 2 * MARGE
    convention = dossier.suivi.convention if dossier.suivi else None
    calendrier = resultat.calendrier
    avance = euros(resultat.avance)
    if convention and convention.avance_recue_le:
        avance += f", reçue le {date_courte(convention.avance_recue_le)}"
    duree = ""
    if convention and convention.duree_revue_mois:
        duree = f" (durée revue par l'ARS : {convention.duree_revue_mois} mois)"
    lignes = [
        ("Montant notifié", f"<b>{texte_pdf(euros(resultat.montant_notifie))}</b>"),
        ("Avance", texte_pdf(avance)),
        (TITRE_SOLDE_MAXIMAL, f"<b>{texte_pdf(euros(resultat.solde_maximal))}</b>"),
        (MONTANT_EN_JEU, texte_pdf(euros(resultat.montant_en_jeu))),
        (
            "Début du projet",
            texte_pdf(date_courte(calendrier.debut) if calendrier.debut else "(à indiquer)"),
        ),
        (
            "Première mesure",
            texte_pdf(
                f"{mois(calendrier.premiere_mesure)}, due à la fin du mois"
                if calendrier.premiere_mesure
                else "—"
            ),
        ),
        (
            "Fin prévue du déploiement",
            texte_pdf(
                (date_courte(calendrier.fin_prevue) if calendrier.fin_prevue else "—") + duree
            ),
        ),
        ("ESSMS suivis", str(len(resultat.essms))),
        (libelle("suivi.convention.campagne"), texte_pdf(campagne_du_suivi(dossier).libelle)),
        (
            "Dépenses justifiées",
            texte_pdf(f"{euros(resultat.depenses)} (détail dans « Dépenses »)"),
        ),
    ]
    return tableau(
        [[_p(c, "PetitGras"), _p(v, "Petit")] for c, v in lignes],
        [50 * mm, largeur - 50 * mm],
        entete=False,
    )


TITRES_ETATS = (
    "ESSMS",
    "FINESS",
    "Projet",
    "Fin prévue",
    *(i.libelle for i in INDICATEURS_D_USAGE),
    "État",
)
LARGEURS_ETATS = (52, 19, 24, 18, *(22,) * len(INDICATEURS_D_USAGE), 40)
"""En millimètres : 263, la largeur utile d'une page A4 en paysage."""


def _texte_indicateur(suivi: SuiviIndicateur) -> str:
    dernier = suivi.dernier
    taux = pourcentage(dernier.part) if dernier and dernier.part is not None else "—"
    return f"{ETATS_CIBLE[suivi.etat].symbole} {taux}"


def _tableau_des_etats(resultat: ResultatSuivi) -> Flowable:
    """Un ESSMS par ligne (paysage) : chaque indicateur, son signe et son dernier taux, en
    couleur ; l'état de l'ESSMS en mots."""
    lignes: list[list[Any]] = [list(TITRES_ETATS)]
    style: list[tuple[Any, ...]] = []
    premier = 4
    for rang, e in enumerate(resultat.essms, start=1):
        lignes.append(
            [
                e.nom or e.finess,
                e.finess,
                PROJETS[e.projet],
                date_courte(e.fin_prevue) if e.fin_prevue else "—",
                *(_texte_indicateur(i) for i in e.indicateurs),
                _etat(e.etat),
            ]
        )
        for colonne, i in enumerate(e.indicateurs, start=premier):
            style.append(("TEXTCOLOR", (colonne, rang), (colonne, rang), _COULEURS[i.etat]))
        fin = premier + len(e.indicateurs)
        style.append(("TEXTCOLOR", (fin, rang), (fin, rang), _COULEURS[e.etat]))
    if len(lignes) == 1:
        lignes.append(["Aucun ESSMS suivi.", *[""] * (len(TITRES_ETATS) - 1)])
    droite = range(premier, premier + len(INDICATEURS_D_USAGE))
    return tableau(
        lignes, [x * mm for x in LARGEURS_ETATS], droite=droite, longue=True, style=style
    )


def _section_grappe(resultat: ResultatSuivi) -> list[Flowable]:
    legende = " · ".join(f"{p.symbole} {p.libelle}" for p in ETATS_CIBLE.values())
    cibles = (
        " ; ".join(
            f"{i.libelle} {pourcentage(s.cible.valeur)}"
            for i, s in zip(INDICATEURS_D_USAGE, resultat.essms[0].indicateurs, strict=True)
        )
        if resultat.essms
        else ""
    )
    return [
        NextPageTemplate("paysage"),
        PageBreak(),
        _p("État de chaque ESSMS", "Titre1"),
        _p(
            texte_pdf(
                f"Dernier taux mesuré de chaque indicateur, et son état. Cibles : {cibles}. "
                f"Signes : {legende}."
            ),
            "Note",
        ),
        Spacer(1, 2 * mm),
        _tableau_des_etats(resultat),
        NextPageTemplate("portrait"),
        PageBreak(),
    ]


# ---------------------------------------------------------------- ce qui reste à atteindre


def _section_a_atteindre(resultat: ResultatSuivi) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    lignes: list[list[Any]] = [["ESSMS", "Indicateur", "Dernier taux", "Cible", "État"]]
    style: list[tuple[Any, ...]] = []
    for e in resultat.retiennent_le_solde:
        for i in e.indicateurs:
            if i.etat is EtatCible.ATTEINTE:
                continue
            lignes.append(
                [
                    e.nom or e.finess,
                    i.indicateur.libelle,
                    _dernier(i),
                    pourcentage(i.cible.valeur),
                    _etat(i.etat),
                ]
            )
            rang = len(lignes) - 1
            style.append(("TEXTCOLOR", (4, rang), (4, rang), _COULEURS[i.etat]))
        if e.mois_manquants:
            manquants = ", ".join(mois_court(m) for m in e.mois_manquants[:12])
            if len(e.mois_manquants) > 12:
                manquants += f" et {len(e.mois_manquants) - 12} autres"
            manque = EtatCible.SANS_MESURE
            lignes.append([e.nom or e.finess, "Mois sans mesure", manquants, "", _etat(manque)])
            rang = len(lignes) - 1
            style.append(("TEXTCOLOR", (4, rang), (4, rang), _COULEURS[manque]))
    elements: list[Flowable] = [
        _p("Ce qui reste à atteindre pour le solde", "Titre1"),
        _p(
            texte_pdf(
                "Le solde est versé quand chaque ESSMS atteint chacune de ses cibles d'usage "
                "(instruction 2022/34, I.A.2 et annexe 2 F). "
                + (
                    f"{retiennent_le_solde(len(resultat.retiennent_le_solde), len(resultat.essms))}"
                    f" ; {MONTANT_EN_JEU.lower()} : {euros(resultat.montant_en_jeu)}."
                    if resultat.retiennent_le_solde
                    else "Toutes les cibles sont atteintes."
                )
            )
        ),
        Spacer(1, 3 * mm),
    ]
    if len(lignes) > 1:
        elements.append(
            tableau(
                lignes,
                [largeur - 130 * mm, 34 * mm, 36 * mm, 16 * mm, 44 * mm],
                longue=True,
                style=style,
            )
        )
    if resultat.anomalies:
        elements += [CondPageBreak(MINIMUM_SOUS_TITRE), _p("Points d'attention", "Titre2")]
        elements.append(
            tableau(
                [["Constat", "Référence"]] + [[a.message, a.reference] for a in resultat.anomalies],
                [largeur - 60 * mm, 60 * mm],
                longue=True,
                style=[("TEXTCOLOR", (1, 1), (1, -1), GRIS)],
            )
        )
    return elements


# ---------------------------------------------------------------- indicateurs de chaque ESSMS

_LARGEUR_PANNEAU = (A4[0] - 2 * MARGE) / len(INDICATEURS_D_USAGE)
_HAUTEUR_PANNEAU = 24 * mm
_HAUTEUR_TITRE = 12.0
_GRIS_TEXTE = colors.HexColor(libelles.GRIS)


class CourbesEssms(Flowable):
    """Un ESSMS : une ligne de titre (nom, FINESS, état, période mesurée), puis un panneau par
    indicateur (nom, dernier taux et signe de l'état en couleur, cible, courbe des taux
    mensuels et ligne de la cible en tirets).

    Dessiné directement sur le canevas, sans les objets de `reportlab.graphics` : 500 ESSMS
    font 2 500 courbes, que ces objets (attributs contrôlés un à un, rendu générique)
    mettraient plusieurs secondes à dessiner. Les points d'une courbe vont au flux de la page
    en un seul tracé (`addLiteral`)."""

    def __init__(self, essms: SuiviEssms, periode: str) -> None:
        super().__init__()
        self.essms = essms
        self.periode = periode
        self.width = A4[0] - 2 * MARGE
        self.height = _HAUTEUR_TITRE + _HAUTEUR_PANNEAU + 2

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canevas, e = self.canv, self.essms
        y = self.height - 8
        x = 0.0
        nom = elide(e.nom or e.finess, 70 * mm, POLICE_GRASSE, 7.5)
        for texte, police, couleur in (
            (nom, POLICE_GRASSE, colors.black),
            (f" — FINESS {e.finess} — ", POLICE, colors.black),
            (_etat(e.etat), POLICE_GRASSE, _COULEURS[e.etat]),
            (f" — {self.periode}", POLICE, _GRIS_TEXTE),
        ):
            canevas.setFont(police, 7.5)
            canevas.setFillColor(couleur)
            canevas.drawString(x, y, texte)
            x += stringWidth(texte, police, 7.5)
        for rang, suivi in enumerate(e.indicateurs):
            self._panneau(rang * _LARGEUR_PANNEAU, suivi)

    def _panneau(self, x0: float, suivi: SuiviIndicateur) -> None:
        canevas = self.canv
        largeur, hauteur = _LARGEUR_PANNEAU - 3 * mm, _HAUTEUR_PANNEAU
        couleur = _COULEURS[suivi.etat]
        canevas.setFont(POLICE_GRASSE, 7)
        canevas.setFillColor(colors.black)
        canevas.drawString(
            x0, hauteur - 7, elide(suivi.indicateur.libelle, largeur, POLICE_GRASSE, 7)
        )
        taux = _texte_indicateur(suivi)
        canevas.setFillColor(couleur)
        canevas.drawString(x0, hauteur - 15, taux)
        cible = suivi.cible.valeur
        canevas.setFont(POLICE, 6)
        canevas.setFillColor(_GRIS_TEXTE)
        canevas.drawString(
            x0 + stringWidth(taux, POLICE_GRASSE, 7) + 4,
            hauteur - 15,
            f"cible {pourcentage(cible)}",
        )
        serie = [t for t in suivi.serie if t.part is not None]
        haut = max([Decimal(1), *(t.part for t in serie if t.part is not None)])
        bas, zone = 2.0, hauteur - 20

        def y(part: Decimal) -> float:
            return bas + zone * float(part / haut)

        # Le cadre, la cible, la courbe et le dernier point : un seul bloc d'opérateurs PDF,
        # entre q et Q (l'état graphique du canevas n'en est pas changé).
        yc = y(cible)
        operateurs = [
            "q",
            f"{_rgb(_GRILLE)} RG 0.3 w {x0:.2f} {bas:.2f} {largeur:.2f} {zone:.2f} re S",
            f"{_rgb(_VERT_CIBLE)} RG 0.6 w [2 1.5] 0 d {x0:.2f} {yc:.2f} m "
            f"{x0 + largeur:.2f} {yc:.2f} l S [] 0 d",
        ]
        if not serie:
            canevas.addLiteral(" ".join([*operateurs, "Q"]))
            canevas.drawCentredString(x0 + largeur / 2, bas + zone / 2 - 2, "aucune mesure")
            return
        premier = serie[0].mois
        rangs = [(t.mois.year - premier.year) * 12 + t.mois.month - premier.month for t in serie]
        etendue = max(rangs[-1], 1)
        points = [
            (x0 + 2 + (largeur - 4) * (r / etendue if rangs[-1] else 0.5), y(t.part))
            for r, t in zip(rangs, serie, strict=True)
            if t.part is not None
        ]
        if len(points) > 1:
            trace = " ".join(f"{px:.2f} {py:.2f} l" for px, py in points[1:])
            operateurs.append(
                f"{_rgb(BLEU)} RG 0.8 w {points[0][0]:.2f} {points[0][1]:.2f} m {trace} S"
            )
        px, py = points[-1]
        operateurs.append(f"{_rgb(couleur)} rg {px - 1.4:.2f} {py - 1.4:.2f} 2.8 2.8 re f")
        canevas.addLiteral(" ".join([*operateurs, "Q"]))


def _rgb(couleur: colors.Color) -> str:
    """« 0.122 0.306 0.475 » : une couleur en opérande PDF."""
    return f"{couleur.red:.3f} {couleur.green:.3f} {couleur.blue:.3f}"


def _section_indicateurs(resultat: ResultatSuivi) -> list[Flowable]:
    elements: list[Flowable] = [
        _p("Indicateurs de chaque ESSMS", "Titre1"),
        _p(
            "Pour chaque indicateur : son dernier taux et son état, la cible (tirets verts) et "
            "l'évolution des taux mensuels, du premier au dernier mois mesuré.",
            "Note",
        ),
        Spacer(1, 2 * mm),
    ]
    for e in resultat.essms:
        mesures = e.indicateurs[0].mesures
        periode = (
            f"{len(mesures)} mois mesurés, de {mois_court(mesures[0].mois)} à "
            f"{mois_court(mesures[-1].mois)}"
            if mesures
            else "aucune mesure"
        )
        elements.append(CourbesEssms(e, periode))
    return elements


# ---------------------------------------------------------------- dépenses et pièces


def _section_depenses(
    dossier: Dossier, evaluation: Evaluation, resultat: ResultatSuivi
) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    etat = [["Poste", "Dépenses justifiées", "Prévu", "Reste à justifier"]]
    for ligne in etat_des_depenses(resultat, evaluation):
        etat.append(
            [
                ligne.libelle,
                euros(ligne.depenses),
                euros(ligne.prevu) if ligne.prevu is not None else "—",
                reste_a_justifier(ligne.ecart),
            ]
        )
    table_etat = tableau(
        etat,
        [largeur - 105 * mm, 35 * mm, 35 * mm, 35 * mm],
        droite=[1, 2, 3],
        style=[
            ("FONTNAME", (0, -1), (-1, -1), POLICE_GRASSE),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, BLEU),
            ("BACKGROUND", (0, -1), (-1, -1), FOND_ENTETE),
        ],
    )
    noms = {e.finess: e.nom or e.finess for e in dossier.etablissements}
    postes = {r.cle: r.long for r in libelles.RUBRIQUES}
    factures: list[list[Any]] = [["Date", "Fournisseur", "Objet", "Poste", "ESSMS", "Montant TTC"]]
    depenses = dossier.suivi.depenses if dossier.suivi else []
    for d in sorted(depenses, key=lambda d: d.date):
        factures.append(
            [
                date_courte(d.date),
                d.fournisseur,
                d.objet,
                postes.get(d.rubrique.value, d.rubrique.value),
                noms.get(d.finess, d.finess) if d.finess else "Tout le projet",
                euros(d.montant_ttc),
            ]
        )
    if len(factures) == 1:
        factures.append(["—", "Aucune dépense saisie.", "", "", "", ""])
    return [
        _p("Dépenses", "Titre1"),
        _p(
            texte_pdf(
                "Les dépenses engagées et justifiées, poste par poste, face à l'estimation ; "
                "leur total face au montant notifié : « le montant du solde est modulé en "
                "fonction du niveau d'atteinte des cibles et/ou du niveau des dépenses "
                "engagées et justifiées » (annexe 2 F)."
            ),
            "Note",
        ),
        Spacer(1, 2 * mm),
        table_etat,
        CondPageBreak(MINIMUM_SOUS_TITRE),
        _p("Factures", "Titre2"),
        tableau(
            factures,
            [18 * mm, 34 * mm, largeur - 150 * mm, 36 * mm, 36 * mm, 26 * mm],
            droite=[5],
            longue=True,
        ),
    ]


def _section_pieces(resultat: ResultatSuivi) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    lignes: list[list[Any]] = [["", "Pièce à garder", "Référence"]]
    for preuve in resultat.preuves:
        lignes.append(["☑" if preuve.gardee else "☐", preuve.libelle, preuve.reference])
    return [
        _p("Pièces à garder", "Titre1"),
        _p("☑ : pièce gardée, cochée par le porteur dans l'application.", "Note"),
        Spacer(1, 2 * mm),
        tableau(
            lignes,
            [7 * mm, largeur - 77 * mm, 70 * mm],
            style=[("FONTSIZE", (0, 1), (0, -1), 10), ("TEXTCOLOR", (2, 1), (2, -1), GRIS)],
        ),
    ]


def _annexe(dossier: Dossier) -> list[Flowable]:
    """Les paramètres de la campagne du suivi (celle de la convention, sinon du dossier)."""
    largeur = A4[0] - 2 * MARGE
    jeu = parametres(campagne_du_suivi(dossier).code)
    lignes: list[list[Any]] = [["Paramètre", "Valeur", "Référence"]]
    for parametre in jeu.tous():
        if parametre.nom.startswith(PARAMETRES_DU_SUIVI):
            lignes.append([parametre.description, valeur_parametre(parametre), parametre.reference])
    return [
        _p("Annexe — Paramètres du suivi", "Titre1"),
        _p(texte_pdf(jeu.campagne.libelle), "Petit"),
        Spacer(1, 2 * mm),
        tableau(
            lignes,
            [largeur - 110 * mm, 30 * mm, 80 * mm],
            style=[("TEXTCOLOR", (2, 1), (2, -1), GRIS)],
        ),
    ]


# ---------------------------------------------------------------- le document


def elements_du_bilan(
    dossier: Dossier, evaluation: Evaluation, resultat: ResultatSuivi
) -> list[Flowable]:
    return [
        *_couverture(dossier, resultat),
        *_section_grappe(resultat),
        *_section_a_atteindre(resultat),
        PageBreak(),
        *_section_indicateurs(resultat),
        PageBreak(),
        *_section_depenses(dossier, evaluation, resultat),
        CondPageBreak(60 * mm),
        *_section_pieces(resultat),
        CondPageBreak(60 * mm),
        *_annexe(dossier),
    ]


def pdf_bilan_dans(
    dossier: Dossier, evaluation: Evaluation, resultat: ResultatSuivi, fichier: Path
) -> None:
    """Met en page le bilan dans `fichier` (un temporaire : voir `ecrire_bilan_pdf`). Une mise
    en page impossible lève `ErreurEcriture`, en français."""
    enregistrer_polices()
    jour = resultat.calendrier.aujourd_hui
    titre = dossier.nom or "Dossier sans nom"
    auteur = dossier.porteur.raison_sociale or "Assistant Grappe"
    pied = f"Bilan d'usage établi le {date_courte(jour)} avec l'Assistant Grappe"
    document = DocumentPdf(fichier, titre, auteur, TITRE_BILAN, pied, TITRE_BILAN)
    try:
        document.build(
            elements_du_bilan(dossier, evaluation, resultat), canvasmaker=CanevasNumerote
        )
    except LayoutError:
        raise ErreurEcriture(
            "le bilan d'usage n'a pas pu être mis en page : un élément du dossier (texte très "
            "long) ne tient pas sur une page. Raccourcissez les textes les plus longs (noms, "
            "fournisseurs, objets des dépenses) puis réessayez ; rien n'a été écrit."
        ) from None


def ecrire_bilan_pdf(
    dossier: Dossier,
    evaluation: Evaluation,
    resultat: ResultatSuivi,
    chemin: Path,
    remplacer: bool = False,
) -> None:
    """Écrit le bilan d'un coup (fichier temporaire renommé) ; `ErreurEcriture` sinon."""
    ecrire_atomiquement(
        chemin, lambda t: pdf_bilan_dans(dossier, evaluation, resultat, t), remplacer
    )
