"""Les règles du programme ESMS numérique, en Python pur (aucun import de Qt).

Point d'entrée : `evaluer(dossier)` renvoie une `Evaluation` complète, chaque euro
accompagné de son explication et de son paragraphe.
"""

from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.resultats import Anomalie, Evaluation, Explication, Gravite

__all__ = ["Anomalie", "Evaluation", "Explication", "Gravite", "evaluer"]
