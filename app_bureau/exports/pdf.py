"""La synthèse PDF du dossier, pour le conseil d'administration et l'ARS (reportlab, sans Qt).

`ecrire_pdf(dossier, evaluation, chemin)` écrit un A4 en français : couverture, synthèse
(chiffres clés, graphique par rubrique, versements, part de chaque ARS), composition de la
grappe (OG puis un ESSMS par ligne), éligibilité, autodiagnostic, pièces à joindre, et en
annexe l'explication de chaque montant et les paramètres de la campagne.

Le document lit la même `Evaluation` que l'écran : il ne calcule aucun euro, il les met en
page. Les polices sont les DejaVu de `ressources/polices/`, incorporées : les montants
français contiennent des espaces fines insécables (U+202F) que les polices standard du PDF
(Helvetica) ne savent pas dessiner.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from app_bureau import champs_dossier
from app_bureau.exports.pdf_commun import (  # noms courts d'avant le partage
    BLEU,
    COULEURS_GRAVITE,
    FOND_ENTETE,
    GRIS,
    MARGE,
    MINIMUM_SOUS_TITRE,
    POLICE,
    POLICE_GRASSE,
    VERT,
    enregistrer_polices,
)
from app_bureau.exports.pdf_commun import CanevasNumerote as _CanevasNumerote
from app_bureau.exports.pdf_commun import DocumentPdf as _DocumentPdf
from app_bureau.exports.pdf_commun import coupe as _coupe
from app_bureau.exports.pdf_commun import couper as _couper
from app_bureau.exports.pdf_commun import paragraphe_pdf as _p
from app_bureau.exports.pdf_commun import reference_pdf as _ref
from app_bureau.exports.pdf_commun import tableau as _tableau
from app_bureau.exports.pdf_commun import texte_pdf as _t
from app_bureau.exports.radar_pdf import radar
from app_bureau.fichier.ecriture import ErreurEcriture, ecrire_atomiquement
from app_bureau.formats import date_courte, euros, pourcentage, texte_explication, valeur_parametre
from app_bureau.libelles import (
    CHAMPS,
    GRAVITES,
    MODES_ACHAT,
    ORIENTATIONS,
    PROJETS,
    RUBRIQUES,
    RUBRIQUES_ESSMS,
    SOLDE_MAXIMAL,
    STATUTS,
    TOTAL,
    TYPES_PORTEUR,
    compte_gravite,
    essms_retenus,
)
from app_bureau.modele import Dossier, Gravite, Orientation
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles.autodiagnostic.scores import avancement_texte, commence, resume_maturite
from app_bureau.regles.pieces import pieces_a_joindre
from app_bureau.regles.resultats import Evaluation, Explication

TITRE_DOCUMENT = "Demande de financement ESMS numérique"


def _explications(explications: Iterable[Explication], largeur: float) -> Flowable:
    """Explications d'un montant : texte et référence, sans en-tête."""
    lignes = [
        [_p(_t(texte_explication(x)), "Petit"), _p(_ref(x.reference), "Petit")]
        for x in explications
    ]
    return _tableau(lignes or [["—", ""]], [largeur * 0.62, largeur * 0.38], entete=False)


# ---------------------------------------------------------------- sections


def _recevabilite(evaluation: Evaluation) -> str:
    """« Recevable — Campagne 2022, close » : jamais sans la campagne et son statut."""
    etat = evaluation.campagne_etat
    campagne = f"{evaluation.parametres.campagne.libelle}, {etat.statut}"
    if evaluation.recevable:
        return f"Recevable — {campagne}"
    bloquants = compte_gravite(Gravite.BLOQUANT, evaluation.nombre(Gravite.BLOQUANT))
    return f"Non recevable : {bloquants} — {campagne}"


def _ars_pivot(evaluation: Evaluation) -> str:
    """« ARS Bretagne » (le code de la région n'est que dans le classeur)."""
    return evaluation.ars_pivot_explication.libelle


def _section_couverture(
    dossier: Dossier, evaluation: Evaluation, jour: datetime.date
) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    etat = evaluation.campagne_etat
    if not evaluation.recevable:
        couleur = COULEURS_GRAVITE[Gravite.BLOQUANT]
    elif etat.dates_passees:
        couleur = COULEURS_GRAVITE[Gravite.AVERTISSEMENT]
    else:
        couleur = VERT
    verdict = f'<font color="#{couleur.hexval()[2:]}">{_t(_recevabilite(evaluation))}</font>'
    encadre = Table(
        [
            [_p("Total de la subvention demandée", "Centre")],
            [_p(_t(euros(evaluation.totaux.total)), "Montant")],
            [_p(verdict, "Verdict")],
            [_p(_t(etat.texte), "Centre")],
        ],
        colWidths=[largeur],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), POLICE),  # sinon Helvetica, même vide
                ("BOX", (0, 0), (-1, -1), 1, BLEU),
                ("BACKGROUND", (0, 0), (-1, 1), FOND_ENTETE),
                ("TOPPADDING", (0, 0), (-1, 0), 12),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 14),
                ("TOPPADDING", (0, 2), (-1, 2), 10),
                ("BOTTOMPADDING", (0, 3), (-1, 3), 10),
                ("LINEABOVE", (0, 2), (-1, 2), 1, BLEU),
            ]
        ),
    )
    retenus = f"{essms_retenus(evaluation.nombre_essms_retenus)} sur {len(dossier.etablissements)}"
    resume = " · ".join(
        [
            retenus,
            ORIENTATIONS[evaluation.orientation],
            f"{evaluation.mention_pivot} : {_ars_pivot(evaluation)}",
        ]
    )
    porteur = dossier.porteur.raison_sociale or "(porteur à indiquer)"
    return [
        Spacer(1, 30 * mm),
        _p("Programme ESMS numérique — dossier usager informatisé (DUI)", "Surtitre"),
        _p(_t(dossier.nom or "Dossier sans nom"), "Couverture"),
        _p(f"Porteur : <b>{_t(porteur)}</b>", "Ligne"),
        _p(_t(evaluation.parametres.campagne.libelle), "Ligne"),
        _p(f"Établi le {date_courte(jour)}", "Ligne"),
        Spacer(1, 18 * mm),
        encadre,
        Spacer(1, 6 * mm),
        _p(_t(resume), "Centre"),
        *_alertes_calendrier(evaluation),
        Spacer(1, 40 * mm if not etat.dates_passees else 16 * mm),
        _p(
            "Montants estimés par l'Assistant Grappe d'après l'instruction n° 2022/34 et la FAQ "
            "de la CNSA ; chaque montant est expliqué, avec son paragraphe, en annexe. "
            "Seule l'ARS décide du financement.",
            "Note",
        ),
    ]


def _alertes_calendrier(evaluation: Evaluation) -> list[Flowable]:
    """Les dates passées de la campagne, en couleur d'avertissement, sous le verdict."""
    couleur = GRAVITES[Gravite.AVERTISSEMENT].couleur
    return [
        _p(f'<font color="{couleur}"><b>Attention</b> : {_t(a.message)}</font>', "Centre")
        for a in evaluation.campagne_etat.alertes
    ]


def _graphique_rubriques(evaluation: Evaluation, largeur: float) -> Drawing:
    """Barres horizontales : une par rubrique, son libellé à gauche et son montant au bout."""
    montants = [(r.court, getattr(evaluation.totaux, r.cle)) for r in RUBRIQUES]
    hauteur_barre, pas, taille = 13.0, 20.0, 8.5
    hauteur = pas * len(montants) + 6
    dessin = Drawing(largeur, hauteur, initialFontName=POLICE)  # pas de Helvetica
    marge_libelles = max(pdfmetrics.stringWidth(x, POLICE, taille) for x, _ in montants) + 8
    marge_montants = max(pdfmetrics.stringWidth(euros(m), POLICE, taille) for _, m in montants)
    place = largeur - marge_libelles - marge_montants - 10
    plus_grand = max((m for _, m in montants), default=Decimal(0)) or Decimal(1)
    for i, (libelle, montant) in enumerate(montants):
        y = hauteur - (i + 1) * pas
        dessin.add(
            String(
                marge_libelles - 8,
                y + 3.5,
                libelle,
                fontName=POLICE,
                fontSize=taille,
                textAnchor="end",
            )
        )
        longueur = float(montant / plus_grand) * place
        dessin.add(
            Rect(
                marge_libelles,
                y,
                max(longueur, 0.5),
                hauteur_barre,
                fillColor=BLEU,
                strokeColor=None,
            )
        )
        dessin.add(
            String(
                marge_libelles + longueur + 5,
                y + 3.5,
                euros(montant),
                fontName=POLICE,
                fontSize=taille,
                fillColor=colors.black,
            )
        )
    return dessin


def _section_synthese(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    petits = sum(1 for og in evaluation.organismes if og.petite_taille)
    orientation = evaluation.orientation_explication
    controles = ", ".join(compte_gravite(g, evaluation.nombre(g)) for g in Gravite)
    chiffres = [
        [
            "ESSMS retenus",
            f"{evaluation.nombre_essms_retenus} sur {len(dossier.etablissements)} ESSMS du dossier",
        ],
        ["OG de petite taille", f"{petits} sur {len(evaluation.organismes)}"],
        [
            "Orientation",
            f"<b>{ORIENTATIONS[evaluation.orientation]}</b> — "
            f"{_t(orientation.libelle)}<br/>{_ref(orientation.reference)}",
        ],
        [
            "ARS pivot",
            f"{_t(_ars_pivot(evaluation))}<br/>{_ref(evaluation.ars_pivot_explication.reference)}",
        ],
        ["Total demandé", f"<b>{_t(euros(evaluation.totaux.total))}</b>"],
        ["Recevabilité", f"<b>{_t(_recevabilite(evaluation))}</b> — {controles}"],
    ]
    table_chiffres = _tableau(
        [[_p(c, "PetitGras"), _p(v, "Petit")] for c, v in chiffres],
        [45 * mm, largeur - 45 * mm],
        entete=False,
    )

    rubriques = [["Rubrique", "Montant"]]
    rubriques += [[r.court, euros(getattr(evaluation.totaux, r.cle))] for r in RUBRIQUES]
    rubriques.append([TOTAL, euros(evaluation.totaux.total)])
    table_rubriques = _tableau(
        rubriques,
        [70 * mm, 35 * mm],
        droite=[1],
        style=[
            ("FONTNAME", (0, -1), (-1, -1), POLICE_GRASSE),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, BLEU),
            ("BACKGROUND", (0, -1), (-1, -1), FOND_ENTETE),
        ],
    )

    versements = [["Versement", "Quand", "Part", "Montant"]]
    for libelle, cle, quand in (
        ("Avance", "avance", "à la signature de la convention"),
        ("Solde, au plus", "solde", "sur atteinte des cibles d'usage"),
    ):
        parametre = evaluation.parametres.get(f"versements.{cle}")
        part = pourcentage(parametre.valeur) if parametre else "—"
        versements.append([libelle, quand, part, euros(getattr(evaluation.versements, cle))])
    table_versements = _tableau(versements, [28 * mm, 70 * mm, 20 * mm, 35 * mm], droite=[2, 3])

    ars = [["ARS", "ESSMS retenus", "Part de la subvention"]]
    for code, montant in evaluation.repartition_ars.items():
        nombre = str(evaluation.essms_par_ars[code])
        ars.append([evaluation.libelle_ars(code), nombre, euros(montant)])
    table_ars = _tableau(ars, [85 * mm, 28 * mm, 40 * mm], droite=[1, 2])

    return [
        _p("Synthèse", "Titre1"),
        _p("Chiffres clés", "Titre2"),
        table_chiffres,
        _p("Financement par rubrique", "Titre2"),
        KeepTogether([_graphique_rubriques(evaluation, largeur), Spacer(1, 4 * mm)]),
        table_rubriques,
        KeepTogether(
            [
                _p("Versements", "Titre2"),
                table_versements,
                _p(
                    _t(
                        "Le solde est versé quand chaque ESSMS atteint les cibles d'usage du DUI "
                        f"(voir les paramètres en annexe). {SOLDE_MAXIMAL} "
                        f"({_reference_solde(evaluation)})."
                    ),
                    "Note",
                ),
            ]
        ),
        KeepTogether([_p("Répartition entre ARS", "Titre2"), table_ars]),
        _p(_t(_note_repartition(evaluation)), "Note"),
    ]


def _reference_solde(evaluation: Evaluation) -> str:
    parametre = evaluation.parametres.get("versements.solde")
    return parametre.reference if parametre else "annexe 2 F"


def _note_repartition(evaluation: Evaluation) -> str:
    if evaluation.orientation is Orientation.NATIONALE and evaluation.repartition_explications:
        [national] = evaluation.repartition_explications
        return f"{national.libelle} — {national.reference}."
    return (
        "Chaque ARS finance la part de ses ESSMS retenus ; le dossier est déposé auprès de l'ARS "
        "pivot."
    )


_ETABLISSEMENT = {d.attribut: d for d in champs_dossier.ETABLISSEMENT}
_ORGANISME = {d.attribut: d for d in champs_dossier.ORGANISME}
# Colonnes du tableau des ESSMS, en paysage : (titre, largeur en mm).
COLONNES_ESSMS = (
    (_ETABLISSEMENT["finess"].libelle, 18),
    (_ETABLISSEMENT["nom"].libelle, 38),
    (_ETABLISSEMENT["categorie"].libelle, 26),
    (_ETABLISSEMENT["champ"].libelle, 26),
    ("Région", 26),
    (_ETABLISSEMENT["projet"].libelle, 19),
    ("Retenu\u202f?", 36),
    *(
        (rubrique.court, largeur)
        for rubrique, largeur in zip(RUBRIQUES_ESSMS, (18, 18, 22), strict=True)
    ),
    ("Total", 20),
)


def _sigle(libelle: str) -> str:
    """« Établissement d'hébergement … (EHPAD) » → « EHPAD » : le tableau reste lisible."""
    if libelle.endswith(")") and "(" in libelle:
        sigle = libelle[libelle.rindex("(") + 1 : -1]
        if sigle.isupper() and " " not in sigle:
            return sigle
    return libelle


def _ligne_essms(dossier: Dossier, evaluation: Evaluation, i: int) -> list[str]:
    e, r = dossier.etablissements[i], evaluation.etablissements[i]
    cat = categorie(e.categorie) if e.categorie else None
    categorie_texte = f"{cat.code} — {_sigle(cat.libelle)}" if cat else (e.categorie or "—")
    if r.retenu:
        statut = f"Oui, rang {r.rang}"
        montants = [euros(r.moa), euros(r.editeur), euros(r.equipement), euros(r.total)]
    else:
        statut = "Non : " + " ; ".join(m.libelle for m in r.motifs_non_retenu)
        montants = ["—"] * 4
    return [
        r.finess or "—",
        r.nom or "(sans nom)",
        categorie_texte,
        CHAMPS.get(e.champ, str(e.champ)),
        nom_region(r.region) if r.region else "—",
        PROJETS.get(e.projet, str(e.projet)),
        statut,
        *montants,
    ]


def _section_composition(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = landscape(A4)[0] - 2 * MARGE
    porteur, solution = dossier.porteur, dossier.solution
    contact = " — ".join(x for x in (porteur.contact.nom, porteur.contact.email) if x)
    logiciel = " — ".join(x for x in (solution.logiciel, solution.editeur) if x) or "(à indiquer)"
    referencement = [
        "référencée Ségur" if solution.referencee_segur else "non référencée Ségur",
        "au SAD" if solution.referencee_sad else "hors SAD",
    ]
    identite = [
        [
            "Porteur",
            f"<b>{_t(porteur.raison_sociale or '(à indiquer)')}</b>"
            + (f" — SIRET {_t(porteur.siret)}" if porteur.siret else ""),
        ],
        ["Statut et type", f"{STATUTS[porteur.statut]} — {TYPES_PORTEUR[porteur.type]}"],
        ["Contact", _t(contact or "(à indiquer)")],
        ["Solution DUI", f"{_t(logiciel)} ({', '.join(referencement)})"],
        ["Achat", _t(MODES_ACHAT[solution.mode_achat])],
    ]
    table_identite = _tableau(
        [[_p(c, "PetitGras"), _p(v, "Petit")] for c, v in identite],
        [40 * mm, 150 * mm],
        entete=False,
    )

    og_dossier = {og.id: og for og in dossier.organismes}
    organismes: list[list[Any]] = [
        [
            "Organisme gestionnaire",
            "Dépt",
            _ORGANISME["nombre_essms_geres"].libelle,
            "ESSMS retenus",
            "Petite taille",
            "Pourquoi",
            "Référence",
        ]
    ]
    for og in evaluation.organismes:
        source = og_dossier.get(og.id)
        organismes.append(
            [
                og.raison_sociale or og.id,
                source.departement if source and source.departement else "—",
                str(source.nombre_essms_geres) if source else "—",
                str(og.nombre_essms_retenus),
                "Oui" if og.petite_taille else "Non",
                og.explication.libelle,
                og.explication.reference,
            ]
        )
    table_og = _tableau(
        organismes,
        [62 * mm, 12 * mm, 17 * mm, 17 * mm, 17 * mm, largeur - 175 * mm, 50 * mm],
        droite=[2, 3],
        longue=True,
        style=[("TEXTCOLOR", (6, 1), (6, -1), GRIS)],
    )

    lignes: list[list[Any]] = [[titre for titre, _ in COLONNES_ESSMS]]
    style: list[tuple[Any, ...]] = [("FONTNAME", (10, 1), (10, -1), POLICE_GRASSE)]
    for i, r in enumerate(evaluation.etablissements):
        lignes.append(_ligne_essms(dossier, evaluation, i))
        if not r.retenu:
            couleur = COULEURS_GRAVITE[Gravite.AVERTISSEMENT]
            style.append(("TEXTCOLOR", (6, i + 1), (6, i + 1), couleur))
    table_essms = _tableau(
        lignes,
        [x * mm for _, x in COLONNES_ESSMS],
        droite=[7, 8, 9, 10],
        longue=True,
        style=style,
    )
    return [
        _p("Composition de la grappe", "Titre1"),
        table_identite,
        CondPageBreak(MINIMUM_SOUS_TITRE),
        _p("Organismes gestionnaires", "Titre2"),
        table_og,
        CondPageBreak(MINIMUM_SOUS_TITRE),
        _p(
            f"Établissements et services ({essms_retenus(evaluation.nombre_essms_retenus)} "
            f"sur {len(dossier.etablissements)})",
            "Titre2",
        ),
        table_essms,
    ]


def _section_eligibilite(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    comptes = ", ".join(compte_gravite(g, evaluation.nombre(g)) for g in Gravite)
    lignes: list[list[Any]] = [["Gravité", "Constat", "Référence"]]
    style: list[tuple[Any, ...]] = [("TEXTCOLOR", (2, 1), (2, -1), GRIS)]
    for i, a in enumerate(evaluation.anomalies, start=1):
        couleur = COULEURS_GRAVITE[a.gravite]
        concerne = champs_dossier.libelle_chemin(dossier, a.champ)
        message = a.message + (f"\nChamp concerné : {concerne}" if concerne else "")
        lignes.append([GRAVITES[a.gravite].titre, message, a.reference])
        style += [
            ("TEXTCOLOR", (0, i), (0, i), couleur),
            ("FONTNAME", (0, i), (0, i), POLICE_GRASSE),
            ("LINEBEFORE", (0, i), (0, i), 3, couleur),
        ]
    if len(lignes) == 1:
        lignes.append(["—", "Aucun constat.", ""])
    table = _tableau(lignes, [30 * mm, largeur - 80 * mm, 50 * mm], longue=True, style=style)
    return [
        _p("Éligibilité et recevabilité", "Titre1"),
        _p(f"<b>{_t(_recevabilite(evaluation))}</b>. Contrôles : {_t(comptes)}."),
        Spacer(1, 3 * mm),
        table,
    ]


def _section_autodiagnostic(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    """La section « Autodiagnostic de maturité SI », entre l'éligibilité et les pièces à
    joindre : pour chaque OG, son avancement, son radar, ses forces, ses faiblesses et les
    recommandations des règles. Absente si aucun OG ne l'a commencé dans l'application."""
    if not commence(evaluation.autodiagnostics):
        return []
    elements: list[Flowable] = [_p("Autodiagnostic de maturité SI", "Titre1")]
    for resultat in evaluation.autodiagnostics:
        elements.append(_p(escape(_couper(resultat.nom)), "Titre2"))
        elements.append(_p(escape(f"{resume_maturite(resultat)} — {avancement_texte(resultat)}")))
        if resultat.commence:
            elements.append(radar(resultat.scores_par_dimension(), police=POLICE))
        for titre, lignes in (("Forces", resultat.forces), ("Faiblesses", resultat.faiblesses)):
            if lignes:
                elements.append(_p(f"<b>{titre}</b> : " + escape(" ; ".join(lignes))))
        for recommandation in resultat.recommandations:
            texte = f"{recommandation.texte} — {recommandation.reference}"
            elements.append(_p("• " + escape(texte)))
    return elements


def _section_pieces(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    pieces = pieces_a_joindre(dossier, evaluation)
    lignes: list[list[Any]] = [["", "Pièce", "Concerne", "Référence"]]
    for piece in pieces:
        lignes.append(["☐", piece.libelle, piece.concerne or "Tout le projet", piece.reference])
    if not pieces:
        lignes.append(["", "Aucune pièce particulière.", "", ""])
    style = [("FONTSIZE", (0, 1), (0, -1), 10), ("TEXTCOLOR", (3, 1), (3, -1), GRIS)]
    return [
        _p("Pièces à joindre", "Titre1"),
        _p("À cocher au fur et à mesure de la préparation du dépôt.", "Note"),
        Spacer(1, 2 * mm),
        _tableau(lignes, [7 * mm, largeur - 107 * mm, 50 * mm, 50 * mm], longue=True, style=style),
    ]


def _section_annexe_montants(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    colonnes = [largeur - 62 * mm, 62 * mm]
    lignes: list[list[Any]] = [["Explication", "Référence"]]
    style: list[tuple[Any, ...]] = [("TEXTCOLOR", (1, 1), (1, -1), GRIS)]
    titres: list[int] = []
    for r in evaluation.etablissements:
        if not r.retenu:
            continue
        # Une ligne de titre par ESSMS (en gras, sur fond), puis ses explications.
        titre = f"{r.rang}. {r.finess} — {r.nom or '(sans nom)'}"
        titres.append(len(lignes))
        lignes.append([_coupe(titre, colonnes[0], POLICE_GRASSE), f"Total : {euros(r.total)}"])
        n = len(lignes) - 1
        style += [
            ("FONTNAME", (0, n), (-1, n), POLICE_GRASSE),
            ("BACKGROUND", (0, n), (-1, n), FOND_ENTETE),
            ("TEXTCOLOR", (1, n), (1, n), colors.black),
        ]
        lignes += [[texte_explication(x), x.reference] for x in r.explications]
    if len(lignes) == 1:
        lignes.append(["Aucun ESSMS retenu.", ""])
    par_essms = _tableau(
        lignes, colonnes, longue=True, style=style, zebre=False, groupes=tuple(titres)
    )
    return [
        _p("Annexe A — Explication des montants", "Titre1"),
        _p(
            "Chaque montant vient d'un paramètre daté de la campagne (annexe B) et du "
            "paragraphe cité. Les rangs sont ceux des ESSMS retenus, dans l'ordre du dossier.",
            "Note",
        ),
        CondPageBreak(MINIMUM_SOUS_TITRE),
        _p("Par ESSMS retenu", "Titre2"),
        par_essms,
        *[
            KeepTogether([_p(titre, "Titre2"), _explications(explications, largeur)])
            for titre, explications in (
                ("Totaux", evaluation.totaux.explications),
                ("Versements", evaluation.versements.explications),
                ("Répartition entre ARS", evaluation.repartition_explications),
            )
        ],
    ]


def _section_annexe_parametres(evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    jeu = evaluation.parametres
    lignes: list[list[Any]] = [
        [_p(t, "PetitGras") for t in ("Paramètre", "Valeur", "Référence", "Vérifié le")]
    ]
    for parametre in jeu.tous():
        valeur = _t(valeur_parametre(parametre)).replace("\n", "<br/>")
        lignes.append(
            [
                _p(_t(parametre.description), "Petit"),
                _p(valeur, "Petit"),
                _p(_ref(parametre.reference), "Petit"),
                date_courte(parametre.verifie_le),
            ]
        )
    textes = "".join(f"<br/>— {_t(texte)}" for texte in jeu.campagne.textes)
    return [
        _p("Annexe B — Paramètres de la campagne", "Titre1"),
        _p(f"<b>{_t(jeu.campagne.libelle)}</b>, textes appliqués :{textes}", "Petit"),
        Spacer(1, 3 * mm),
        _tableau(lignes, [largeur - 115 * mm, 42 * mm, 53 * mm, 20 * mm]),
    ]


# ---------------------------------------------------------------- le document


def _elements(dossier: Dossier, evaluation: Evaluation, jour: datetime.date) -> list[Flowable]:
    # Chaque section commence une page, sauf l'autodiagnostic et les pièces, qui suivent
    # l'éligibilité s'il reste de la place. La composition est en paysage (11 colonnes).
    autodiagnostic = _section_autodiagnostic(dossier, evaluation)
    return [
        *_section_couverture(dossier, evaluation, jour),
        PageBreak(),
        *_section_synthese(dossier, evaluation),
        NextPageTemplate("paysage"),
        PageBreak(),
        *_section_composition(dossier, evaluation),
        NextPageTemplate("portrait"),
        PageBreak(),
        *_section_eligibilite(dossier, evaluation),
        *([CondPageBreak(60 * mm), *autodiagnostic] if autodiagnostic else []),
        CondPageBreak(60 * mm),
        *_section_pieces(dossier, evaluation),
        PageBreak(),
        *_section_annexe_montants(dossier, evaluation),
        PageBreak(),
        *_section_annexe_parametres(evaluation),
    ]


def ecrire_pdf(
    dossier: Dossier,
    evaluation: Evaluation,
    chemin: Path,
    remplacer: bool = False,
    auteur: str = "",
) -> None:
    """Écrit la synthèse PDF du dossier dans `chemin`, d'un coup (fichier temporaire renommé).

    Un fichier existant n'est remplacé qu'avec `remplacer=True` ; sinon, ou si l'écriture
    échoue, `ErreurEcriture` dit pourquoi en français et rien n'est laissé à moitié écrit.
    `auteur` (par défaut le porteur) va dans les propriétés du PDF.
    """
    ecrire_atomiquement(chemin, lambda t: pdf_dans(dossier, evaluation, t, auteur), remplacer)


def pdf_dans(dossier: Dossier, evaluation: Evaluation, fichier: Path, auteur: str = "") -> None:
    """Met en page la synthèse dans `fichier` (un temporaire : voir `ecrire_pdf`). Une mise
    en page impossible (élément plus grand qu'une page) lève `ErreurEcriture`, en français."""
    enregistrer_polices()
    jour = evaluation.campagne_etat.aujourd_hui
    titre = dossier.nom or "Dossier sans nom"
    campagne = evaluation.parametres.campagne.libelle
    auteur = auteur or dossier.porteur.raison_sociale or "Assistant Grappe"
    sujet = f"{TITRE_DOCUMENT} — {campagne}"
    pied = f"{campagne} — établi le {date_courte(jour)} avec l'Assistant Grappe"
    document = _DocumentPdf(fichier, titre, auteur, sujet, pied, TITRE_DOCUMENT)
    try:
        document.build(_elements(dossier, evaluation, jour), canvasmaker=_CanevasNumerote)
    except LayoutError:
        raise ErreurEcriture(
            "la synthèse PDF n'a pas pu être mise en page : un élément du dossier (texte très "
            "long, tableau) ne tient pas sur une page. Raccourcissez les textes les plus longs "
            "(noms, éditeur, logiciel) puis réessayez ; rien n'a été écrit."
        ) from None
