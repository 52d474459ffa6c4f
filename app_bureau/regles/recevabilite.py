"""Recevabilité du projet : ce qui bloque, ce qui alerte, ce qu'il faut savoir.

Solution référencée Ségur, recours au SAD et mise en concurrence (II.B.3, II.D.1, II.D.2,
annexe 2 D, FAQ), taille du projet (II.B.4), dossier incomplet, pièces à prévoir.
"""

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from app_bureau.champs_dossier import definition
from app_bureau.formats import euros
from app_bureau.libelles import CHAMPS, essms_retenus
from app_bureau.modele import (
    Champ,
    Dossier,
    Etablissement,
    Gravite,
    ModeAchat,
    Orientation,
    TypePorteur,
    TypeProjet,
)
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.territoires import nom_ars, nom_region, regions
from app_bureau.regles import references as ref
from app_bureau.regles.autodiagnostic.questionnaire import LIBELLES_VERSION
from app_bureau.regles.autodiagnostic.scores import (
    ResultatAutodiagnostic,
    avancement_texte,
    commence,
    note,
    resume_maturite,
)
from app_bureau.regles.orientation import credits_nationaux
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import (
    Anomalie,
    Explication,
    ResultatEtablissement,
    ResultatOrganisme,
)

BLOQUANT, AVERTISSEMENT, INFORMATION = Gravite.BLOQUANT, Gravite.AVERTISSEMENT, Gravite.INFORMATION


def _case(chemin: str) -> str:
    """« Libellé » d'une case à cocher, tel que l'écran le montre (champs_dossier)."""
    d = definition(chemin)
    return f"« {d.libelle if d else chemin} »"


def anomalies_dossier_incomplet(dossier: Dossier, jeu: JeuParametres) -> list[Anomalie]:
    p, s = dossier.porteur, dossier.solution
    anomalies = []
    if not p.raison_sociale:
        anomalies.append(
            Anomalie(
                BLOQUANT,
                "Raison sociale du porteur à indiquer.",
                ref.SIRET_PORTEUR,
                "porteur.raison_sociale",
            )
        )
    if not p.siret:
        message = "SIRET du porteur à indiquer : le porteur doit disposer d'un SIRET."
        anomalies.append(Anomalie(BLOQUANT, message, ref.SIRET_PORTEUR, "porteur.siret"))
    if not s.editeur or not s.logiciel:
        champ = "solution.editeur" if not s.editeur else "solution.logiciel"
        message = "Éditeur et logiciel de la solution DUI à indiquer : une seule solution pour tous les ESSMS."
        anomalies.append(Anomalie(BLOQUANT, message, ref.SOLUTION_UNIQUE, champ))
    if not dossier.etablissements:
        anomalies.append(
            Anomalie(
                BLOQUANT,
                "Aucun établissement dans le dossier.",
                jeu.reference("eligibilite", ref.AUCUN_RETENU),
                "etablissements",
            )
        )
    avec_etablissement = {e.organisme for e in dossier.etablissements}
    for i, og in enumerate(dossier.organismes):
        nom = og.raison_sociale or og.id
        if not og.departement:
            message = (
                f"{nom} : département du siège à indiquer (il fixe le seuil de petite taille)."
            )
            anomalies.append(
                Anomalie(
                    AVERTISSEMENT,
                    message,
                    jeu.reference("financements_specifiques", ref.FINANCEMENTS_SPECIFIQUES),
                    f"organismes[{i}].departement",
                )
            )
        if og.id not in avec_etablissement:
            message = f"{nom} n'a aucun établissement dans le dossier."
            anomalies.append(Anomalie(INFORMATION, message, ref.AUTODIAGNOSTIC, f"organismes[{i}]"))
    return anomalies


def anomalies_etablissements(
    dossier: Dossier,
    lignes: list[ResultatEtablissement],
    organismes: list[ResultatOrganisme],
    jeu: JeuParametres,
) -> list[Anomalie]:
    anomalies = []
    eligibilite = jeu.reference("eligibilite", ref.ELIGIBILITE_L312_1)
    specifiques = jeu.reference("financements_specifiques", ref.FINANCEMENTS_SPECIFIQUES)
    petits = {og.id for og in organismes if og.petite_taille}
    for ligne, e in zip(lignes, dossier.etablissements, strict=True):
        nom = e.nom or e.finess or f"Établissement n° {ligne.index + 1}"
        chemin = f"etablissements[{ligne.index}]"
        for motif in ligne.motifs_non_retenu:
            message = f"{nom} n'est pas retenu : {motif.libelle}."
            anomalies.append(Anomalie(AVERTISSEMENT, message, motif.reference, chemin))
        cat = categorie(e.categorie) if e.categorie else None
        if e.categorie and cat is None:
            message = (
                f"{nom} : catégorie FINESS {e.categorie} inconnue de l'application ; vérifiez "
                "qu'il s'agit d'un ESSMS de l'article L.312-1 du CASF."
            )
            anomalies.append(
                Anomalie(
                    AVERTISSEMENT,
                    message,
                    f"{eligibilite} ; {ref.TABLE_CATEGORIES}",
                    f"{chemin}.categorie",
                )
            )
        elif cat and cat.essms and cat.champ is not e.champ:
            message = (
                f"{nom} : la catégorie {cat.code} ({cat.libelle}) relève du champ "
                f"« {CHAMPS[cat.champ].lower()} », le dossier indique « {CHAMPS[e.champ].lower()} »."
            )
            anomalies.append(Anomalie(AVERTISSEMENT, message, eligibilite, f"{chemin}.champ"))
        if (
            ligne.retenu
            and e.devis_editeur is not None
            and e.projet is TypeProjet.MISE_EN_CONFORMITE
        ):
            message = f"{nom} : devis non pris en compte, l'éditeur d'une mise en conformité est payé par le SONS."
            anomalies.append(
                Anomalie(INFORMATION, message, ref.SEGUR_CONFORMITE, f"{chemin}.devis_editeur")
            )
        if (
            ligne.retenu
            and e.projet is TypeProjet.ACQUISITION
            and not e.categorie
            and e.devis_editeur is None
        ):
            plafond = next(
                x
                for x in ligne.explications
                if x.parametre and x.parametre.startswith("financement.plafond_editeur.")
            )
            message = (
                f"{nom} : ni catégorie FINESS ni devis de l'éditeur. Il est retenu sans que la "
                "catégorie dise s'il est un ESSMS de l'article L.312-1 du CASF, et la prestation "
                f"de l'éditeur est comptée au plafond ({euros(ligne.editeur)}) : son montant, "
                f"{euros(ligne.total)}, est un maximum."
            )
            anomalies.append(
                Anomalie(
                    AVERTISSEMENT,
                    message,
                    f"{eligibilite} ; {plafond.reference}",
                    f"{chemin}.devis_editeur",
                )
            )
        if ligne.retenu and e.equipement and e.organisme not in petits:
            message = (
                f"{nom} : équipement demandé mais non finançable, son organisme gestionnaire "
                "n'est pas de petite taille."
            )
            anomalies.append(Anomalie(AVERTISSEMENT, message, specifiques, f"{chemin}.equipement"))
    return anomalies


def _majorite(retenus: list[Etablissement], champs: set[str]) -> bool:
    return 2 * sum(1 for e in retenus if e.champ in champs) > len(retenus)


def motifs_segur(
    dossier: Dossier, retenus: list[Etablissement], jeu: JeuParametres
) -> list[tuple[str, str]]:
    """Pourquoi la solution doit être référencée Ségur (motif, référence) ; vide si elle n'a
    pas à l'être."""
    if not retenus:
        return []
    champs_sad = jeu["conditions.champs_majorite_sad"]
    acquisitions = [e for e in retenus if e.projet is TypeProjet.ACQUISITION]
    conformites = len(retenus) - len(acquisitions)
    motifs: list[tuple[str, str]] = []
    if conformites:
        motifs.append((f"{essms_retenus(conformites)} en mise en conformité", ref.SEGUR_CONFORMITE))
    if acquisitions:
        obligation = jeu["conditions.segur_obligatoire_acquisition"]
        dispenses = set(jeu["conditions.champs_dispenses_segur_acquisition"].valeur)
        if obligation.valeur:
            if not all(e.champ in dispenses for e in retenus):
                motifs.append(
                    (f"projet d'acquisition, campagne {jeu.campagne.code}", obligation.reference)
                )
        elif not _majorite(retenus, set(champs_sad.valeur)):
            motifs.append(
                (
                    "la majorité des ESSMS retenus ne relève pas des champs personnes âgées, "
                    "personnes handicapées ou domicile",
                    ref.SEGUR_CHAMP_NON_MEDICO_SOCIAL,
                )
            )
    return motifs


def anomalies_segur_sad(
    dossier: Dossier, retenus: list[Etablissement], jeu: JeuParametres
) -> list[Anomalie]:
    """Référencement Ségur, SAD et mise en concurrence ; chaque manquement bloque. Une solution
    en cours de référencement est acceptée avec un avertissement (FAQ) : le référencement doit
    intervenir avant le paramétrage du logiciel."""
    if not retenus:
        return []
    s, porteur = dossier.solution, dossier.porteur
    champs_sad = jeu["conditions.champs_majorite_sad"]
    majorite_medico_sociale = _majorite(retenus, set(champs_sad.valeur))
    acquisitions = [e for e in retenus if e.projet is TypeProjet.ACQUISITION]
    anomalies = []
    if s.referencee_segur:
        if s.referencement_segur_en_cours:
            message = (
                "La solution est indiquée référencée Ségur : la case "
                f"{_case('solution.referencement_segur_en_cours')} est sans effet."
            )
            anomalies.append(
                Anomalie(
                    INFORMATION,
                    message,
                    ref.SEGUR_EN_COURS,
                    "solution.referencement_segur_en_cours",
                )
            )
    elif s.referencement_segur_en_cours:
        for motif, reference in motifs_segur(dossier, retenus, jeu):
            message = (
                f"La solution DUI doit être référencée Ségur : {motif}. Elle est en cours de "
                "référencement, ce qui est accepté, mais « le référencement Ségur doit intervenir "
                "avant le démarrage de la phase de paramétrage du logiciel » : joindre la preuve "
                "de la demande de référencement et son calendrier."
            )
            anomalies.append(
                Anomalie(
                    AVERTISSEMENT,
                    message,
                    f"{reference} ; {ref.SEGUR_EN_COURS}",
                    "solution.referencement_segur_en_cours",
                )
            )
    else:
        for motif, reference in motifs_segur(dossier, retenus, jeu):
            message = f"La solution DUI doit être référencée Ségur : {motif}."
            anomalies.append(Anomalie(BLOQUANT, message, reference, "solution.referencee_segur"))
        anomalies += _dispense_a_confirmer(retenus, acquisitions, jeu)
    if not acquisitions:
        return anomalies

    if majorite_medico_sociale:
        if s.mode_achat is ModeAchat.MARCHE_EXISTANT:
            if not porteur.soumis_commande_publique:
                message = (
                    "Un marché existant ne remplace le SAD que pour un porteur soumis au code de "
                    "la commande publique."
                )
                anomalies.append(Anomalie(BLOQUANT, message, ref.SAD, "solution.mode_achat"))
            elif not (s.referencee_sad or s.referencee_segur):
                message = (
                    "Avec un marché existant, la solution doit être référencée dans le SAD ou "
                    "référencée Ségur."
                )
                anomalies.append(Anomalie(BLOQUANT, message, ref.SAD, "solution.referencee_sad"))
        elif s.mode_achat is not ModeAchat.SAD:
            message = (
                "Projet d'acquisition dont la majorité des ESSMS relève des champs personnes "
                "âgées, personnes handicapées ou domicile : l'achat doit passer par le SAD de la "
                "centrale d'achat mandatée par la CNSA (ou un marché existant d'un porteur soumis "
                "au code de la commande publique)."
            )
            anomalies.append(Anomalie(BLOQUANT, message, ref.SAD, "solution.mode_achat"))
    if s.mode_achat is ModeAchat.SAD and not s.referencee_sad:
        message = "Achat par le SAD : la solution choisie doit être référencée dans le SAD."
        anomalies.append(Anomalie(BLOQUANT, message, ref.SAD, "solution.referencee_sad"))
    if s.mode_achat is ModeAchat.AUCUN:
        message = (
            "Un projet d'acquisition exige une mise en concurrence des éditeurs (SAD, marché "
            "existant ou consultation), y compris dans le champ social."
        )
        anomalies.append(
            Anomalie(BLOQUANT, message, ref.MISE_EN_CONCURRENCE, "solution.mode_achat")
        )
    return anomalies


def soumis_commande_publique(dossier: Dossier) -> list[str]:
    """Qui impose à l'achat le code de la commande publique : le porteur soumis par son statut
    (FAQ, mise en concurrence) et chaque OG soumis (FAQ, regroupement mixte : « dès lors qu'au
    moins un organisme gestionnaire du regroupement est soumis ») ; leurs noms."""
    noms = []
    if dossier.porteur.soumis_commande_publique:
        noms.append(f"le porteur {dossier.porteur.raison_sociale}".rstrip())
    noms += [og.raison_sociale or og.id for og in dossier.organismes if og.soumis_commande_publique]
    return noms


def anomalies_commande_publique(dossier: Dossier, retenus: list[Etablissement]) -> list[Anomalie]:
    """Une « autre mise en concurrence » alors que l'achat doit suivre le code de la commande
    publique : l'application ne sait pas si la consultation le suit, elle le rappelle. Le SAD
    et un marché existant sont des procédures de la commande publique. La FAQ le dit du
    regroupement mixte ; une acquisition seule achète aussi une solution unique pour tous les
    ESSMS, dont ceux d'un OG soumis, que l'ARS contrôle (FAQ) : même règle."""
    if not any(e.projet is TypeProjet.ACQUISITION for e in retenus):
        return []
    noms = soumis_commande_publique(dossier)
    if not noms or dossier.solution.mode_achat is not ModeAchat.MISE_EN_CONCURRENCE:
        return []
    message = (
        f"Achat soumis au code de la commande publique ({', '.join(noms)} y "
        f"{'est' if len(noms) == 1 else 'sont'} soumis) : la mise en concurrence des éditeurs "
        "doit suivre ce code, et les pièces du marché être conservées jusqu'en 2036."
    )
    references = [ref.MISE_EN_CONCURRENCE, ref.COMMANDE_PUBLIQUE_CONTROLE]
    if len({e.projet for e in retenus}) == 2:
        references.insert(0, ref.COMMANDE_PUBLIQUE_MIXTE)
    return [Anomalie(AVERTISSEMENT, message, " ; ".join(references), "solution.mode_achat")]


def anomalies_porteur_et_son_og(dossier: Dossier) -> list[Anomalie]:
    """Le porteur est aussi un OG de la grappe (même SIRET), mais les deux cases « commande
    publique » se contredisent : le II.D.1 (marché existant) lit celle du porteur, la FAQ
    (regroupement mixte) celle de l'OG ; une même personne morale a un seul statut."""
    porteur = dossier.porteur
    anomalies = []
    for og in dossier.organismes:
        if not porteur.siret or og.siret != porteur.siret:
            continue
        if og.soumis_commande_publique is porteur.soumis_commande_publique:
            continue
        nom = og.raison_sociale or og.id
        qui, pas = (nom, "le porteur") if og.soumis_commande_publique else ("le porteur", nom)
        message = (
            f"Le porteur et {nom} ont le même SIRET, mais {qui} est indiqué soumis au code de la "
            f"commande publique et {pas} non : une même structure a un seul statut, corrigez "
            "l'une des deux cases."
        )
        reference = f"{ref.SAD} ; {ref.COMMANDE_PUBLIQUE_MIXTE}"
        anomalies.append(
            Anomalie(AVERTISSEMENT, message, reference, "porteur.soumis_commande_publique")
        )
    return anomalies


def _dispense_a_confirmer(
    retenus: list[Etablissement], acquisitions: list[Etablissement], jeu: JeuParametres
) -> list[Anomalie]:
    """Acquisition d'ESSMS tous AHI ou PJM, sans solution référencée Ségur : la règle des
    textes détenus bloque ; une information dit la dispense que l'ARS peut confirmer."""
    parametre = jeu.get("conditions.champs_dispense_segur_a_confirmer")
    champs = set(parametre.valeur) if parametre else set()
    if not champs or not acquisitions or not all(e.champ in champs for e in retenus):
        return []
    noms = " ou ".join(f"« {CHAMPS[Champ(c)].lower()} »" for c in parametre.valeur)
    message = (
        f"Tous les ESSMS retenus relèvent des champs {noms} : l'instruction 2023/13, que "
        "l'application ne reprend pas, dispenserait ces projets d'acquisition du référencement "
        "Ségur selon une page d'ARS. L'application suit la FAQ (référencement obligatoire) : "
        "demandez à l'ARS de confirmer la dispense."
    )
    return [Anomalie(INFORMATION, message, parametre.reference, "solution.referencee_segur")]


def regle_segur(jeu: JeuParametres) -> Explication:
    """La règle Ségur des acquisitions de la campagne, en une phrase (aide des écrans)."""
    obligation = jeu["conditions.segur_obligatoire_acquisition"]
    dispenses = [
        f"« {CHAMPS[Champ(c)].lower()} »"
        for c in jeu["conditions.champs_dispenses_segur_acquisition"].valeur
    ]
    if obligation.valeur:
        texte = "toute acquisition exige une solution référencée Ségur" + (
            f", sauf si tous les ESSMS retenus relèvent des champs {', '.join(dispenses)}"
            if dispenses
            else ""
        )
        a_confirmer = jeu.get("conditions.champs_dispense_segur_a_confirmer")
        if a_confirmer and a_confirmer.valeur:
            noms = " ou ".join(f"« {CHAMPS[Champ(c)].lower()} »" for c in a_confirmer.valeur)
            texte += (
                f" ; une dispense pour les projets dont tous les ESSMS relèvent des champs {noms}, "
                "venue d'un texte que l'application ne détient pas, est à confirmer par l'ARS"
            )
        return Explication(texte, obligation.reference)
    texte = (
        "une acquisition peut choisir une solution non référencée Ségur si la majorité des ESSMS "
        "retenus relève des champs personnes âgées, personnes handicapées ou domicile ; l'achat "
        "passe alors par le SAD"
    )
    return Explication(texte, obligation.reference)


def anomalie_taille(
    nombre_retenus: int,
    en_tete: list[str],
    jeu: JeuParametres,
    autodiagnostics: Sequence[ResultatAutodiagnostic],
) -> list[Anomalie]:
    """Moins de 15 ESSMS retenus (8 si l'ARS pivot est en Corse ou outre-mer) : l'ARS apprécie,
    au vu de l'autodiagnostic de chaque OG, dont le message cite les scores."""
    if not nombre_retenus:
        return []
    ultramarin = bool(en_tete) and all(regions()[r].corse_ou_outre_mer for r in en_tete)
    seuil = jeu[
        "seuils.taille_projet.corse_outre_mer" if ultramarin else "seuils.taille_projet.metropole"
    ]
    if nombre_retenus >= seuil.valeur:
        return []
    message = (
        f"{essms_retenus(nombre_retenus)}, moins que les {seuil.valeur} attendus idéalement : "
        "l'ARS appréciera la maturité en management du SI de la maîtrise d'ouvrage "
        "(autodiagnostic de chaque OG) et pourra accepter le projet."
    )
    if commence(autodiagnostics):
        scores = " ; ".join(resume_maturite(r) for r in autodiagnostics)
        message += f" Scores de maturité que l'ARS regardera — {scores}."
    return [Anomalie(AVERTISSEMENT, message, seuil.reference, "etablissements")]


def anomalies_enveloppes(
    repartition: dict[str, Decimal], orientation: Orientation, jeu: JeuParametres
) -> list[Anomalie]:
    """La part de la grappe dans une région au-delà de l'enveloppe de son ARS (annexe 1) :
    l'ARS ne pourra pas la financer entière sur cette enveloppe, qui sert tous ses projets.
    Un projet national est financé sur l'enveloppe nationale (IV.A), pas sur celle-ci."""
    regionale = jeu.get("enveloppes.enveloppe_regionale")
    if regionale is None or orientation is not Orientation.REGIONALE:
        return []
    anomalies = []
    for code, part in repartition.items():
        enveloppe = regionale.valeur.get(code)
        if enveloppe is not None and part > enveloppe:
            message = (
                f"Part de la grappe pour l'{nom_ars(code)} : {euros(part)}, au-delà de "
                f"l'enveloppe {jeu.campagne.code} de cette ARS pour tous ses projets, "
                f"{euros(enveloppe)} : l'ARS ne pourra pas la financer entière sur cette "
                "enveloppe."
            )
            anomalies.append(Anomalie(AVERTISSEMENT, message, regionale.reference))
    return anomalies


def anomalies_pivot(en_tete: list[str], orientation: Orientation) -> list[Anomalie]:
    if len(en_tete) < 2:
        return []
    noms = ", ".join(nom_region(r) for r in en_tete)
    if orientation is Orientation.NATIONALE:
        message = (
            f"Pas d'ARS pivot probable : {noms} comptent autant d'ESSMS retenus. La CNSA et la "
            "DNS désignent l'ARS pivot après la sélection ; les crédits sont comptés "
            "provisoirement pour la première."
        )
        return [Anomalie(AVERTISSEMENT, message, ref.CREDITS_NATIONAUX, "etablissements")]
    message = (
        f"Pas d'ARS pivot : {noms} comptent autant d'ESSMS retenus. Le porteur choisit l'ARS "
        "de dépôt avec les ARS concernées ; la répartition affecte l'arrondi à la première."
    )
    return [Anomalie(AVERTISSEMENT, message, ref.ARS_PIVOT, "etablissements")]


def informations(
    dossier: Dossier,
    retenus: list[Etablissement],
    organismes: list[ResultatOrganisme],
    orientation: Orientation,
    pivot: str | None,
    regions_retenus: list[str],
    jeu: JeuParametres,
    autodiagnostics: Sequence[ResultatAutodiagnostic],
) -> list[Anomalie]:
    """Ce que le porteur doit savoir ou joindre : rien de bloquant ; chaque OG voit où il en
    est de son autodiagnostic."""
    infos: list[Anomalie] = []
    if retenus:
        infos += _informations_depot(orientation, pivot, regions_retenus, jeu)
        infos += _informations_projet(dossier, retenus, jeu)
    for i, (og, resultat) in enumerate(zip(dossier.organismes, autodiagnostics, strict=True)):
        nom = og.raison_sociale or og.id
        version = "pour le responsable SI (RSI)" if og.dispose_rsi else "pour le directeur"
        message = f"{nom} remplit l'autodiagnostic de maturité SI {version}."
        if commence(autodiagnostics):
            message = _message_autodiagnostic(nom, resultat)
        infos.append(Anomalie(INFORMATION, message, ref.AUTODIAGNOSTIC, f"autodiagnostic.{og.id}"))
        if og.entite_nationale_dui_commun and not og.rattache_entite_nationale:
            message = (
                f"{nom} : la case {_case('organismes[].entite_nationale_dui_commun')} est "
                "cochée, mais l'OG n'est pas indiqué rattaché à une entité nationale : elle est "
                f"sans effet ; cochez {_case('organismes[].rattache_entite_nationale')} si "
                "c'est le cas."
            )
            infos.append(
                Anomalie(
                    AVERTISSEMENT,
                    message,
                    ref.ENTITE_NATIONALE,
                    f"organismes[{i}].entite_nationale_dui_commun",
                )
            )
        if (
            og.rattache_entite_nationale
            and og.accord_entite_nationale
            and not og.entite_nationale_dui_commun
        ):
            message = f"{nom} : joindre l'accord écrit de l'entité nationale de rattachement."
            infos.append(Anomalie(INFORMATION, message, ref.ENTITE_NATIONALE, f"organismes[{i}]"))
    for og in organismes:
        if og.petite_taille and og.nombre_essms_retenus:
            message = (
                f"{og.raison_sociale or og.id} est de petite taille : équipements (par ESSMS), "
                "AMOA marché et AMOA projet peuvent être demandés."
            )
            infos.append(
                Anomalie(
                    INFORMATION,
                    message,
                    jeu.reference("financements_specifiques", ref.FINANCEMENTS_SPECIFIQUES),
                    "financements_specifiques",
                )
            )
    return infos


def _message_autodiagnostic(nom: str, resultat: ResultatAutodiagnostic) -> str:
    version = LIBELLES_VERSION[resultat.version]
    if resultat.complet:
        return (
            f"{nom} a rempli l'autodiagnostic de maturité SI ({version}) : {note(resultat.score)}."
        )
    if not resultat.commence:
        return f"{nom} n'a pas commencé l'autodiagnostic de maturité SI ({version})."
    return (
        f"{nom} remplit l'autodiagnostic de maturité SI ({version}) : {avancement_texte(resultat)}."
    )


def _informations_depot(
    orientation: Orientation, pivot: str | None, regions_retenus: list[str], jeu: JeuParametres
) -> list[Anomalie]:
    infos = []
    multiregional = len(set(regions_retenus)) > 1
    if orientation is Orientation.NATIONALE:
        probable = (
            f" ; l'{nom_ars(pivot)}, dont la région compte le plus d'ESSMS retenus, est la plus "
            "probable"
            if pivot
            else ""
        )
        message = (
            "Projet national : dépôt à l'appel à projets national ; la CNSA et la DNS "
            "sélectionnent les projets, puis désignent une ARS pivot qui porte le projet et "
            f"reçoit tous ses crédits{probable}."
        )
        infos.append(Anomalie(INFORMATION, message, credits_nationaux(jeu)))
    elif pivot:
        genre = "multirégional" if multiregional else "régional"
        message = f"Projet {genre} : dépôt auprès de l'{nom_ars(pivot)}."
        infos.append(
            Anomalie(
                INFORMATION, message, ref.ARS_PIVOT if multiregional else ref.ORIENTATION_REGIONALE
            )
        )
    if orientation is Orientation.NATIONALE:
        nationale = jeu.get("enveloppes.enveloppe_nationale")
        if nationale:
            message = (
                f"Enveloppe {jeu.campagne.code} de l'appel à projets national, pour tous ses "
                f"projets : {euros(nationale.valeur)}."
            )
            infos.append(Anomalie(INFORMATION, message, nationale.reference))
        return infos
    regionale = jeu.get("enveloppes.enveloppe_regionale")
    if regionale and pivot and pivot in regionale.valeur:
        message = (
            f"Enveloppe {jeu.campagne.code} de l'{nom_ars(pivot)} pour tous ses projets : "
            f"{euros(regionale.valeur[pivot])}."
        )
        infos.append(Anomalie(INFORMATION, message, regionale.reference))
    return infos


def _informations_projet(
    dossier: Dossier, retenus: list[Etablissement], jeu: JeuParametres
) -> list[Anomalie]:
    infos = []
    projets = {e.projet for e in retenus}
    for projet in sorted(projets):
        duree = jeu[f"versements.duree_maximale.{projet.value}"]
        libelle = "acquisition" if projet is TypeProjet.ACQUISITION else "mise en conformité"
        message = f"Durée attendue ({libelle}) : au plus {duree.valeur} mois du début du projet à la fin du déploiement."
        infos.append(Anomalie(INFORMATION, message, duree.reference))
    if len(projets) == 2:
        soumis = soumis_commande_publique(dossier)
        if soumis:
            suite = (
                f"{', '.join(soumis)} {'est' if len(soumis) == 1 else 'sont'} soumis au code de "
                "la commande publique : l'achat suit ce code."
            )
        else:
            suite = (
                "ni le porteur ni aucun organisme gestionnaire n'est indiqué soumis au code de "
                "la commande publique ; si l'un l'est, l'achat suit ce code (cochez "
                f"{_case('organismes[].soumis_commande_publique')} pour cet OG)."
            )
        message = (
            "Regroupement mixte (acquisition et mise en conformité) : étudié au cas par cas par "
            f"l'ARS ; {suite}"
        )
        infos.append(
            Anomalie(
                INFORMATION, message, f"{ref.REGROUPEMENT_MIXTE} ; {ref.COMMANDE_PUBLIQUE_MIXTE}"
            )
        )
    if dossier.porteur.type is TypePorteur.GHT:
        message = (
            "Porteur GHT : solution référencée Ségur vague 1 (couloir hôpital) possible si le "
            "marché public du GHT couvre les ESSMS, avec un document de couverture fonctionnelle "
            "du DPI au regard du cahier des charges DUI, et sans autre aide européenne ni HOP'EN."
        )
        infos.append(Anomalie(INFORMATION, message, ref.GHT, "porteur.type"))
    confort = [e for e in retenus if e.part_activite_eligible < 1]
    if confort:
        message = (
            f"{len(confort)} ESSMS avec une activité de « confort » : joindre pour chacun la "
            "répartition des heures entre activités essentielles et confort."
        )
        infos.append(Anomalie(INFORMATION, message, ref.CONFORT))
    compte = Counter(e.champ for e in retenus)
    _, nombre = compte.most_common(1)[0]
    if 2 * nombre <= len(retenus):
        message = (
            "Aucun champ ne réunit la majorité des ESSMS retenus : le regroupement doit présenter "
            "une dominante de secteur et une stratégie qui justifie sa mixité."
        )
        infos.append(Anomalie(INFORMATION, message, ref.DOMINANTE))
    return infos
