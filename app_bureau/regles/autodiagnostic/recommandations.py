"""Les recommandations de l'autodiagnostic : ce que chaque OG peut faire pour progresser.

Elles renvoient à ce que le programme finance (II.D.3 pour les OG de petite taille, montants
lus dans les paramètres de la campagne) et à la mise en commun dans la grappe (II.B.4).
`evaluer_autodiagnostics(dossier, jeu)` porte le résultat de chaque OG, recommandations
comprises, dans `Evaluation.autodiagnostics`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from babel.numbers import format_currency

from app_bureau.formats import LOCALE, pourcentage
from app_bureau.modele import Dossier, ModeAchat, OrganismeGestionnaire
from app_bureau.regles import references as ref
from app_bureau.regles.autodiagnostic.questionnaire import (
    LIBELLES_VERSION,
    Questionnaire,
    questionnaire,
)
from app_bureau.regles.autodiagnostic.scores import (
    FAIBLE,
    FORT,
    ResultatAutodiagnostic,
    note,
    noter,
)
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.petite_taille import petite_taille

REGROUPEMENT = f"{ref.INSTRUCTION}, II.B.4)"
MUTUALISATION_FAQ = (
    f"{ref.FAQ}, « Quel est l'intérêt pour des petits organismes gestionnaires (OG) de "
    "constituer un regroupement avec un moyen ou un gros OG ? »"
)
CIBLES_USAGE = f"{ref.INSTRUCTION}, I.A.2) ; annexe 3"
CAHIER_DES_CHARGES = f"{ref.INSTRUCTION}, II.B.3)"
RGPD_DPO = "Règlement (UE) 2016/679 (RGPD), art. 37"


@dataclass(frozen=True)
class Recommandation:
    texte: str
    reference: str
    dimension: str | None = None


def euros_ronds(montant: Decimal) -> str:
    """`Decimal("100000")` → « 100 000 € »."""
    return format_currency(
        montant, "EUR", format="#,##0\u00a0¤", locale=LOCALE, currency_digits=False
    )


def _faible(resultat: ResultatAutodiagnostic, dimension: str, *questions: str) -> bool:
    """La dimension est sous 2 sur 4, ou l'une de ces questions est à 0 ou 1."""
    score = resultat.score_de(dimension).score
    if score is not None and score < FAIBLE:
        return True
    return any(
        (n := resultat.niveaux.get(identifiant)) is not None and n < FAIBLE
        for identifiant in questions
    )


def _montant(jeu: JeuParametres, nom: str) -> tuple[str, str] | None:
    """Le montant d'un paramètre, en euros ronds, et sa référence (None sans valeur)."""
    parametre = jeu.get(nom)
    return None if parametre is None else (euros_ronds(parametre.valeur), parametre.reference)


def _noms(noms: Sequence[str]) -> str:
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def recommander(
    resultat: ResultatAutodiagnostic,
    og: OrganismeGestionnaire,
    dossier: Dossier,
    grappe: Sequence[ResultatAutodiagnostic],
    jeu: JeuParametres,
) -> tuple[Recommandation, ...]:
    """Ce que l'OG peut faire, relié à ce que le programme finance ; les montants sont ceux
    des paramètres de la campagne du dossier."""
    if not resultat.commence:
        return (
            Recommandation(
                f"Remplissez l'autodiagnostic ({LIBELLES_VERSION[resultat.version]}) : chaque "
                "organisme de la grappe doit le faire, et l'ARS peut en demander les résultats.",
                ref.AUTODIAGNOSTIC,
            ),
        )
    recos: list[Recommandation] = []
    if not resultat.complet:
        reste = resultat.questions - resultat.reponses
        recos.append(
            Recommandation(
                f"Terminez l'autodiagnostic : {reste} question{'s' if reste > 1 else ''} sans "
                "réponse. Répondez « Non concerné » quand une question ne s'applique pas.",
                ref.AUTODIAGNOSTIC,
            )
        )
    petit = petite_taille(og, jeu)[0]
    fs = dossier.financements_specifiques
    plusieurs = len(dossier.organismes) > 1

    if _faible(resultat, "management", "man-referent"):
        amoa_projet = _montant(jeu, "financement.financements_specifiques.amoa_projet_par_projet")
        forfait = _montant(jeu, "financement.forfait_moa.acquisition.rangs_1_a_49")
        if petit and amoa_projet:
            suite = (
                "Elle est demandée dans ce dossier."
                if fs.amoa_projet
                else "Elle se demande sur la page « Solution DUI et achat »."
            )
            texte = (
                "Confiez le pilotage du projet à un chef de projet : l'AMOA projet "
                f"({amoa_projet[0]} par projet) peut financer un chef de projet interne pour "
                f"toute la grappe. {suite}"
            )
            recos.append(Recommandation(texte, amoa_projet[1], "management"))
        elif forfait:
            texte = (
                "Désignez un chef de projet interne, avec du temps dédié : le forfait de "
                f"maîtrise d'ouvrage ({forfait[0]} par ESSMS en acquisition) finance le "
                "management du projet et la conduite du changement."
            )
            recos.append(Recommandation(texte, forfait[1], "management"))

    management = resultat.score_de("management").score
    if plusieurs and not og.dispose_rsi and (management is None or management < FORT):
        avec_rsi = [o.raison_sociale or o.id for o in dossier.organismes if o.dispose_rsi]
        if avec_rsi:
            verbe = "dispose" if len(avec_rsi) == 1 else "disposent"
            texte = (
                f"Mutualisez dans la grappe : {_noms(avec_rsi)} {verbe} d'un responsable SI ; "
                f"la convention de regroupement peut lui confier du temps pour {resultat.nom}."
            )
            recos.append(Recommandation(texte, REGROUPEMENT, "management"))
        else:
            texte = (
                "Mutualisez dans la grappe : aucun de ses organismes n'a de responsable SI ; la "
                "convention de regroupement peut en partager un (ou un chef de projet SI) "
                "entre ses membres."
            )
            recos.append(
                Recommandation(texte, f"{REGROUPEMENT} ; {MUTUALISATION_FAQ}", "management")
            )

    # Dans chaque dimension faible, l'OG de la grappe qui fait le mieux (3 sur 4 ou plus).
    appuis: dict[str, list[str]] = {}
    for s in resultat.dimensions:
        if s.score is None or s.score >= FAIBLE:
            continue
        avances = [
            (r, score)
            for r in grappe
            if r.organisme != resultat.organisme
            and (score := r.score_de(s.dimension.id).score) is not None
            and score >= FORT
        ]
        if avances:
            meilleur, score = max(avances, key=lambda paire: paire[1])
            libelle = s.dimension.libelle_court[0].lower() + s.dimension.libelle_court[1:]
            appuis.setdefault(meilleur.nom, []).append(f"{libelle} ({note(score)})")
    for nom, dimensions in appuis.items():
        texte = (
            f"Appuyez-vous sur {nom}, qui fait mieux en {_noms(dimensions)} : partagez ses "
            "pratiques et ses outils dans le cadre du regroupement."
        )
        recos.append(Recommandation(texte, REGROUPEMENT))

    if _faible(resultat, "infrastructure", "inf-wifi", "inf-postes"):
        equipement = _montant(jeu, "financement.financements_specifiques.equipement_par_essms")
        if petit and equipement:
            siens = [e for e in dossier.etablissements if e.organisme == og.id]
            sans = [e for e in siens if not e.equipement]
            texte = (
                "Équipez les établissements (Wi-Fi, postes, tablettes) : le programme finance "
                f"{equipement[0]} par ESSMS retenu d'un organisme de petite taille, avec le "
                "projet de DUI."
            )
            if sans:
                texte += (
                    f" {len(sans)} de ses {len(siens)} ESSMS ne le demandent pas encore "
                    "(page « Établissements »)."
                )
            elif siens:
                texte += f" L'équipement est demandé pour ses {len(siens)} ESSMS."
            recos.append(Recommandation(texte, equipement[1], "infrastructure"))
        else:
            texte = (
                "Prévoyez le Wi-Fi et les postes dans votre budget d'investissement : le "
                "financement des équipements est réservé aux organismes de petite taille."
            )
            recos.append(Recommandation(texte, ref.FINANCEMENTS_SPECIFIQUES, "infrastructure"))

    if _faible(resultat, "fonctionnel", "fon-besoins"):
        amoa_marche = _montant(jeu, "financement.financements_specifiques.amoa_marche_par_projet")
        if petit and amoa_marche:
            texte = (
                "Faites-vous aider pour écrire vos besoins et choisir l'éditeur : l'AMOA marché "
                f"({amoa_marche[0]} par projet) accompagne la consultation dans le SAD de la "
                "centrale d'achat."
            )
            if dossier.solution.mode_achat is not ModeAchat.SAD:
                texte += " Elle suppose un achat par le SAD."
            elif fs.amoa_marche:
                texte += " Elle est demandée dans ce dossier."
            recos.append(Recommandation(texte, amoa_marche[1], "fonctionnel"))
        else:
            texte = (
                "Écrivez vos besoins avec les équipes avant de choisir la solution, en partant "
                "du cahier des charges national du DUI."
            )
            recos.append(Recommandation(texte, CAHIER_DES_CHARGES, "fonctionnel"))

    if _faible(resultat, "securite", "sec-sauvegardes", "sec-habilitations"):
        texte = (
            "Sécurisez avant de déployer le DUI : des sauvegardes dont la restauration a été "
            "essayée, un compte par personne, des consignes en cas d'attaque. La grappe peut "
            "partager un responsable de la sécurité."
        )
        recos.append(Recommandation(texte, MUTUALISATION_FAQ, "securite"))

    if _faible(resultat, "service", "ser-mode-degrade"):
        texte = (
            "Écrivez la procédure à suivre quand le DUI ne répond plus et organisez "
            "l'assistance : une astreinte informatique partagée par la grappe coûte moins cher "
            "qu'une astreinte par organisme."
        )
        recos.append(Recommandation(texte, REGROUPEMENT, "service"))

    if _faible(resultat, "ethique", "eth-rgpd"):
        texte = (
            "Désignez un délégué à la protection des données (DPO) et tenez le registre des "
            "traitements ; un même délégué peut servir plusieurs organismes de la grappe."
        )
        recos.append(Recommandation(texte, RGPD_DPO, "ethique"))

    if _faible(resultat, "usage", "usa-formation", "usa-mssante"):
        cibles = [
            (libelle, jeu.get(f"cibles.{nom}"))
            for libelle, nom in (("MSSanté", "ms_sante"), ("DMP", "dmp"))
        ] + [("dossiers actifs", jeu.get("cibles.dossiers_actifs"))]
        liste = ", ".join(f"{libelle} {pourcentage(p.valeur)}" for libelle, p in cibles if p)
        solde = jeu.get("versements.solde")
        part = f" ({pourcentage(solde.valeur)})" if solde else ""
        texte = (
            f"Préparez les usages dès maintenant : le solde de la subvention{part} n'est versé "
            f"qu'une fois les cibles atteintes dans chaque ESSMS ({liste}). Formez des "
            "utilisateurs référents dans chaque équipe."
        )
        recos.append(Recommandation(texte, CIBLES_USAGE, "usage"))

    faibles = [r for r in recos if r.dimension is not None]
    if not faibles and plusieurs and resultat.score is not None and resultat.score >= FORT:
        texte = (
            f"SI solide ({note(resultat.score)}) : {resultat.nom} peut appuyer les autres "
            "membres de la grappe (retour d'expérience, référents, achats)."
        )
        recos.append(Recommandation(texte, REGROUPEMENT))
    return tuple(recos)


def evaluer_autodiagnostics(
    dossier: Dossier, jeu: JeuParametres, q: Questionnaire | None = None
) -> tuple[ResultatAutodiagnostic, ...]:
    """Le résultat de chaque OG du dossier, dans l'ordre du dossier, recommandations comprises."""
    q = q or questionnaire()
    reponses = dossier.autodiagnostic
    resultats = [noter(og, reponses.get(og.id, {}), q) for og in dossier.organismes]
    return tuple(
        replace(r, recommandations=recommander(r, og, dossier, resultats, jeu))
        for r, og in zip(resultats, dossier.organismes, strict=True)
    )
