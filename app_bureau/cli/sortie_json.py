"""L'évaluation au format JSON de `app-bureau estimer --json`, et le suivi d'un projet
financé de `app-bureau suivi --json` (contrats stables).

Les montants sont des nombres JSON en euros, au plus deux décimales.
"""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app_bureau.formats import texte_explication
from app_bureau.regles.resultats import Evaluation

if TYPE_CHECKING:
    from app_bureau.regles.suivi import ResultatSuivi


def _euros(montant: Decimal) -> int | float:
    return int(montant) if montant == montant.to_integral_value() else float(montant)


def evaluation_en_json(evaluation: Evaluation) -> dict[str, Any]:
    t, v = evaluation.totaux, evaluation.versements
    return {
        "campagne": evaluation.campagne,
        "recevable": evaluation.recevable,
        "orientation": evaluation.orientation.value,
        "ars_pivot": evaluation.ars_pivot,
        "nombre_essms_retenus": evaluation.nombre_essms_retenus,
        "etablissements": [
            {
                "finess": r.finess,
                "retenu": r.retenu,
                "rang": r.rang,
                "moa": _euros(r.moa),
                "editeur": _euros(r.editeur),
                "equipement": _euros(r.equipement),
                "total": _euros(r.total),
                "explications": [
                    {"texte": texte_explication(x), "reference": x.reference}
                    for x in r.explications
                ],
            }
            for r in evaluation.etablissements
        ],
        "totaux": {
            "moa": _euros(t.moa),
            "editeur": _euros(t.editeur),
            "equipement": _euros(t.equipement),
            "amoa_marche": _euros(t.amoa_marche),
            "amoa_projet": _euros(t.amoa_projet),
            "total": _euros(t.total),
        },
        "versements": {"avance": _euros(v.avance), "solde": _euros(v.solde)},
        "repartition_ars": {r: _euros(m) for r, m in evaluation.repartition_ars.items()},
        "anomalies": [
            {"gravite": a.gravite.value, "message": a.message, "reference": a.reference}
            for a in evaluation.anomalies
        ],
    }


def suivi_en_json(resultat: "ResultatSuivi") -> dict[str, Any]:
    """Le suivi d'un projet financé, pour `app-bureau suivi --json` : dates ISO, montants et
    taux en nombres (un taux de 0,7 pour 70 %), états par leur nom (`EtatCible`)."""
    from app_bureau.libelles import L_ARS_DECIDE

    def jour(valeur: "datetime.date | None") -> str | None:
        return valeur.isoformat() if valeur else None

    calendrier = resultat.calendrier
    return {
        "aujourd_hui": jour(calendrier.aujourd_hui),
        "etat": resultat.etat.value,
        "montant_notifie": _euros(resultat.montant_notifie),
        "avance": _euros(resultat.avance),
        "solde_maximal": _euros(resultat.solde_maximal),
        "montant_en_jeu": _euros(resultat.montant_en_jeu),
        "modulation": L_ARS_DECIDE,
        "calendrier": {
            "debut": jour(calendrier.debut),
            "premiere_mesure": jour(calendrier.premiere_mesure),
            "fin_prevue": jour(calendrier.fin_prevue),
        },
        "retiennent_le_solde": [e.finess for e in resultat.retiennent_le_solde],
        "essms": [
            {
                "finess": e.finess,
                "nom": e.nom,
                "etat": e.etat.value,
                "fin_prevue": jour(e.fin_prevue),
                "montant_notifie": _euros(e.montant_notifie),
                "mois_manquants": [jour(m) for m in e.mois_manquants],
                "depenses": _euros(e.depenses),
                "indicateurs": [
                    {
                        "indicateur": i.indicateur.cle,
                        "etat": i.etat.value,
                        "cible": _euros(i.cible.valeur),
                        "dernier_mois": jour(i.dernier.mois) if i.dernier else None,
                        "numerateur": i.dernier.numerateur if i.dernier else None,
                        "denominateur": i.dernier.denominateur if i.dernier else None,
                        "taux": (
                            _euros(i.dernier.part)
                            if i.dernier and i.dernier.part is not None
                            else None
                        ),
                    }
                    for i in e.indicateurs
                ],
            }
            for e in resultat.essms
        ],
        "depenses": {
            "total": _euros(resultat.depenses),
            "par_poste": {r.value: _euros(m) for r, m in resultat.depenses_par_rubrique.items()},
        },
        "preuves": [{"piece": p.identifiant, "gardee": p.gardee} for p in resultat.preuves],
        "anomalies": [
            {"gravite": a.gravite.value, "message": a.message, "reference": a.reference}
            for a in resultat.anomalies
        ],
    }
