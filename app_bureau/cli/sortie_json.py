"""L'évaluation au format JSON de `app-bureau estimer --json` (contrat stable).

Les montants sont des nombres JSON en euros, au plus deux décimales.
"""

from decimal import Decimal
from typing import Any

from app_bureau.formats import texte_explication
from app_bureau.regles.resultats import Evaluation


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
