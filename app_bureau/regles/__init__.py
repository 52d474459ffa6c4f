"""Les règles du programme ESMS numérique, en Python pur (aucun import de Qt).

Point d'entrée : `regles.evaluation.evaluer(dossier)` renvoie une `Evaluation` complète
(`regles.resultats`), chaque euro accompagné de son explication et de son paragraphe. Ce
paquet n'importe rien de lui-même : un module qui n'a besoin que des paramètres ou des
résultats ne charge pas tout le moteur.
"""
