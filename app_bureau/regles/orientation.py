"""Orientation régionale ou nationale (II.C), ARS pivot et répartition entre ARS."""

from collections import Counter
from decimal import Decimal

from app_bureau.formats import euros
from app_bureau.libelles import essms_retenus
from app_bureau.modele import Orientation, Porteur
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles import references as ref
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import Explication, arrondir


def orientation(
    nombre_retenus: int, porteur: Porteur, jeu: JeuParametres
) -> tuple[Orientation, Explication]:
    seuil = jeu["seuils.orientation_nationale"]
    if nombre_retenus >= seuil.valeur:
        texte = f"{essms_retenus(nombre_retenus)}, au moins {seuil.valeur} : projet national"
        return Orientation.NATIONALE, Explication(texte, seuil.reference)
    if porteur.representativite_nationale:
        texte = (
            f"{essms_retenus(nombre_retenus)}, mais un porteur représentatif de l'offre "
            "nationale : projet national"
        )
        return Orientation.NATIONALE, Explication(texte, ref.ORIENTATION_NATIONALE_PORTEE)
    texte = f"{essms_retenus(nombre_retenus)}, moins de {seuil.valeur} : projet régional"
    return Orientation.REGIONALE, Explication(texte, ref.ORIENTATION_REGIONALE)


def regions_en_tete(regions_retenus: list[str]) -> list[str]:
    """Les régions qui comptent le plus d'ESSMS retenus, dans l'ordre du dossier."""
    compte = Counter(regions_retenus)
    if not compte:
        return []
    maximum = max(compte.values())
    return [r for r in compte if compte[r] == maximum]


def repartition_ars(
    total: Decimal, regions_retenus: list[str], pivot: str | None
) -> tuple[dict[str, Decimal], tuple[Explication, ...]]:
    """Le total au prorata des ESSMS retenus de chaque région ; l'arrondi va à l'ARS pivot.

    Sans ARS pivot (égalité), l'arrondi va provisoirement à la première région ex æquo
    dans l'ordre du dossier.
    """
    compte = Counter(regions_retenus)
    if not compte:
        return {}, ()
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
