"""L'autodiagnostic de maturité SI de chaque organisme gestionnaire (instruction 2022/34, II.B.5).

**Les réponses** font partie du dossier (`Dossier.autodiagnostic` : organisme → question →
niveau 0 à 4 ou `NON_CONCERNE` ; une question absente n'a pas encore de réponse). Elles
voyagent avec lui : base, versions, fichier dossier. `evaluer(dossier)` porte le résultat de
chaque OG dans `Evaluation.autodiagnostics`, lu tel quel par la page, les pièces à joindre et
les exports.

Un module par rôle, à importer directement (ce paquet n'importe rien de lui-même) :

- `questionnaire` : les questions, dimensions et versions, lues et contrôlées depuis
  `ressources/autodiagnostic/questionnaire.yaml` ;
- `scores` : les scores d'un OG (`noter`), les points forts et faibles en mots ;
- `recommandations` : ce que chaque OG peut faire, lu et contrôlé depuis
  `ressources/autodiagnostic/recommandations.yaml`, et `evaluer_autodiagnostics` ;
- `vocabulaire` : le sens de chaque mot de ce fichier (critères, marques, répétitions) ;
- `reprise` : où reprendre la saisie (quel OG, quelle question).
"""
