"""Orientation régionale ou nationale (II.C), ARS pivot et répartition entre ARS."""

from collections import Counter
from decimal import Decimal

from app_bureau.formats import euros
from app_bureau.libelles import essms_retenus
from app_bureau.modele import Orientation, Porteur
from app_bureau.referentiel.territoires import nom_ars, nom_region
from app_bureau.regles import references as ref
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import Explication, arrondir


def orientation(
    regions_retenus: list[str], porteur: Porteur, jeu: JeuParametres
) -> tuple[Orientation, Explication]:
    """Régional ou national, selon la campagne : en 2022, national à partir de 50 ESSMS
    retenus ou pour un porteur représentatif de l'offre nationale (II.C) ; en 2023, national
    seulement pour 50 ESSMS ou plus situés dans plusieurs régions (FAQ)."""
    n = len(regions_retenus)
    combien = essms_retenus(n)
    seuil = jeu["seuils.orientation_nationale"]
    une_region = jeu["conditions.regional_si_une_seule_region"]
    portee = jeu["conditions.portee_nationale_moins_de_50"]
    regions = {r for r in regions_retenus if r}
    if n >= seuil.valeur:
        if une_region.valeur and len(regions) <= 1:
            ou = f"tous en {nom_region(next(iter(regions)))}" if regions else "une seule région"
            texte = f"{combien}, {ou} : projet régional, quel que soit leur nombre"
            return Orientation.REGIONALE, Explication(texte, une_region.reference)
        lieux = f" dans {len(regions)} régions" if une_region.valeur else ""
        texte = f"{combien}{lieux}, au moins {seuil.valeur} : projet national"
        return Orientation.NATIONALE, Explication(texte, seuil.reference)
    if porteur.representativite_nationale:
        if portee.valeur:
            texte = (
                f"{combien}, mais un porteur représentatif de l'offre nationale : projet national"
            )
            return Orientation.NATIONALE, Explication(texte, portee.reference)
        texte = (
            f"{combien}, moins de {seuil.valeur} : projet régional ; la représentativité "
            "nationale du porteur n'ouvre pas l'appel à projets national (50 ESSMS ou plus "
            "dans plusieurs régions)"
        )
        return Orientation.REGIONALE, Explication(texte, portee.reference)
    texte = f"{combien}, moins de {seuil.valeur} : projet régional"
    cle = "orientation_regionale"
    if len(regions) > 1:
        texte += f" ({len(regions)} régions : dépôt auprès de l'ARS pivot)"
        cle = "orientation_multiregionale"
    return Orientation.REGIONALE, Explication(texte, jeu.reference(cle, ref.ORIENTATION_REGIONALE))


def regle_orientation(jeu: JeuParametres) -> Explication:
    """La règle d'orientation de la campagne, en une phrase (aide des écrans)."""
    seuil = jeu["seuils.orientation_nationale"]
    une_region = jeu["conditions.regional_si_une_seule_region"]
    portee = jeu["conditions.portee_nationale_moins_de_50"]
    if une_region.valeur:
        texte = (
            f"projet national pour {seuil.valeur} ESSMS retenus ou plus situés dans plusieurs "
            "régions ; régional sinon, quel que soit leur nombre s'ils sont dans une seule "
            "région, auprès de l'ARS pivot s'ils sont dans plusieurs"
        )
        return Explication(texte, f"{seuil.reference} ; {une_region.reference}")
    texte = f"projet régional en dessous de {seuil.valeur} ESSMS retenus, national à partir de {seuil.valeur}"
    if portee.valeur:
        texte += " ou pour un porteur représentatif de l'offre nationale"
        return Explication(texte, f"{seuil.reference} ; {portee.reference}")
    return Explication(texte, seuil.reference)


def regions_en_tete(regions_retenus: list[str]) -> list[str]:
    """Les régions qui comptent le plus d'ESSMS retenus, dans l'ordre du dossier."""
    compte = Counter(regions_retenus)
    if not compte:
        return []
    maximum = max(compte.values())
    return [r for r in compte if compte[r] == maximum]


def ars_pivot(
    sens: Orientation, en_tete: list[str], regions_retenus: list[str], jeu: JeuParametres
) -> tuple[str | None, Explication]:
    """L'ARS pivot et ce qu'il faut en dire : la région qui compte le plus d'ESSMS retenus
    (II.C.1) ; pour un projet national, elle n'est que la plus probable, la CNSA et la DNS
    la désignant après la sélection (IV.A)."""
    pivot = en_tete[0] if len(en_tete) == 1 else None
    if sens is Orientation.NATIONALE:
        reference = credits_nationaux(jeu)
        if pivot:
            texte = (
                f"{nom_ars(pivot)} (sa région compte le plus d'ESSMS retenus) ; la CNSA et la "
                "DNS désignent l'ARS pivot après la sélection"
            )
        else:
            ex_aequo = ", ".join(nom_region(r) for r in en_tete) or "aucune région"
            texte = (
                "à désigner par la CNSA et la DNS après la sélection (à égalité d'ESSMS "
                f"retenus : {ex_aequo})"
            )
        return pivot, Explication(texte, reference)
    if pivot:
        plusieurs = len({r for r in regions_retenus if r}) > 1
        return pivot, Explication(
            nom_ars(pivot), ref.ARS_PIVOT if plusieurs else ref.ORIENTATION_REGIONALE
        )
    if not en_tete:
        return None, Explication("aucune (aucun ESSMS retenu)", ref.ARS_PIVOT)
    ex_aequo = ", ".join(nom_region(r) for r in en_tete)
    return None, Explication(f"aucune : {ex_aequo} comptent autant d'ESSMS retenus", ref.ARS_PIVOT)


def essms_par_ars(
    repartition: dict[str, Decimal], regions_retenus: list[str], sens: Orientation
) -> dict[str, int]:
    """Les ESSMS retenus portés par chaque ARS de la répartition."""
    if sens is Orientation.NATIONALE:
        return {code: len(regions_retenus) for code in repartition}
    compte = Counter(regions_retenus)
    return {code: compte[code] for code in repartition}


def credits_nationaux(jeu: JeuParametres) -> str:
    """IV.A, et en 2023 la FAQ qui dit qui sélectionne les projets nationaux."""
    selection = jeu.reference("selection_nationale", "")
    return f"{ref.CREDITS_NATIONAUX} ; {selection}" if selection else ref.CREDITS_NATIONAUX


def repartition_ars(
    total: Decimal,
    regions_retenus: list[str],
    pivot: str | None,
    sens: Orientation,
    jeu: JeuParametres,
) -> tuple[dict[str, Decimal], tuple[Explication, ...]]:
    """Projet régional : le total au prorata des ESSMS retenus de chaque région, l'arrondi à
    l'ARS pivot (II.C.1). Projet national : tout à l'ARS pivot (IV.A).

    Sans ARS pivot (égalité), l'arrondi — ou, pour un projet national, le total — va
    provisoirement à la première région ex æquo dans l'ordre du dossier.
    """
    compte = Counter(regions_retenus)
    if not compte:
        return {}, ()
    if sens is Orientation.NATIONALE:
        beneficiaire = pivot or regions_en_tete(regions_retenus)[0]
        pour = (
            f"comptés ici pour l'{nom_ars(beneficiaire)}, la plus probable"
            if pivot
            else f"comptés provisoirement pour l'{nom_ars(beneficiaire)}, première des régions "
            "à égalité"
        )
        texte = (
            "Projet national : tous les crédits à l'ARS pivot, que la CNSA et la DNS désignent "
            f"après la sélection ; {pour} (pas de répartition au prorata)"
        )
        return {beneficiaire: total}, (Explication(texte, credits_nationaux(jeu), total),)
    n = len(regions_retenus)
    parts = {r: arrondir(total * c / n) for r, c in compte.items()}
    explications = [
        Explication(
            f"{nom_region(r)}, {c} ESSMS sur {n} × {euros(total)}", ref.REPARTITION_ARS, parts[r]
        )
        for r, c in compte.items()
    ]
    reste = total - sum(parts.values())
    if reste:
        beneficiaire = pivot or regions_en_tete(regions_retenus)[0]
        parts[beneficiaire] += reste
        qui = "l'ARS pivot" if pivot else "la première région ex æquo (faute d'ARS pivot)"
        explications.append(
            Explication(
                f"Arrondi affecté à {qui}, {nom_region(beneficiaire)}", ref.REPARTITION_ARS, reste
            )
        )
    return parts, tuple(explications)
