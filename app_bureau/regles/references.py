"""Les paragraphes cités par les règles qui ne portent pas de montant.

Les références des montants, seuils et dates sont dans les paramètres
(`ressources/parametres/`), avec leur valeur.
"""

INSTRUCTION = "Instruction 2022/34"
FAQ = "FAQ ESMS numérique (03/02/2023)"

ELIGIBILITE_L312_1 = f"{INSTRUCTION}, II.A ; annexe 2 A"
TABLE_CATEGORIES = "table des catégories FINESS de l'application"
SANS_FINESS = (
    f"{FAQ}, « Est-ce qu'un établissement sans numéro FINESS peut prétendre à un financement ? »"
)
NON_REDONDANCE = f"{INSTRUCTION}, II.B.1) ; annexe 2 B"
SONS_AUTRE_LOGICIEL = f"{INSTRUCTION}, II.B.1) ; annexe 2 B ; {FAQ}"
ENTITE_NATIONALE = f"{INSTRUCTION}, II.B.2) ; {FAQ}, « ESSMS rattaché à une entité nationale »"
AUCUN_RETENU = f"{INSTRUCTION}, II.A ; annexe 2 A (« Non pour toutes les structures »)"
CONFORT = f"{INSTRUCTION}, II.A ; {FAQ}, « services à domicile … de confort »"
RANG = f"{INSTRUCTION}, II.D.4)"
ORIENTATION_REGIONALE = f"{INSTRUCTION}, II.C.1) ; annexe 2 C"
ORIENTATION_NATIONALE_TAILLE = f"{INSTRUCTION}, II.C.2) ; annexe 2 C"
ORIENTATION_NATIONALE_PORTEE = f"{INSTRUCTION}, II.C.3) ; annexe 2 C"
ARS_PIVOT = f"{INSTRUCTION}, II.C.1) (projets multirégionaux) ; {FAQ}, « Un projet peut-il être multirégional ? »"
REPARTITION_ARS = f"{INSTRUCTION}, II.C.1) (« au prorata du nombre d'ESSMS de chaque région »)"
CREDITS_NATIONAUX = (
    f"{INSTRUCTION}, IV.A (« à l'issue de la phase de sélection par la CNSA et la DNS, une ARS "
    "pivot sera désignée pour porter le projet et les crédits supplémentaires lui seront "
    "alloués »)"
)
SEGUR_CONFORMITE = f"{INSTRUCTION}, II.B.3) et II.D.2) ; annexe 2 D"
SEGUR_CHAMP_NON_MEDICO_SOCIAL = f"{INSTRUCTION}, II.B.3) et II.D.1) ; annexe 2 D"
SEGUR_ACQUISITION_2023 = (
    f"{FAQ}, « Les solutions DUI choisies dans le cadre des projets d'acquisition "
    "doivent-elles être obligatoirement référencées Ségur ? »"
)
SEGUR_EN_COURS = (
    f"{FAQ}, « Est-ce qu'un porteur de projet peut répondre à l'appel à projets régional sur un "
    "projet d'évolution de son DUI même si sa solution DUI n'est pas référencée Ségur au moment "
    "de son dépôt de candidature ESMS numérique ? »"
)
SAD = f"{INSTRUCTION}, II.D.1) « Recours au SAD » ; annexe 2 D"
MISE_EN_CONCURRENCE = f"{INSTRUCTION}, II.D.1) ; {FAQ}, « le choix de l'éditeur peut-il se faire sans mise en concurrence ? »"
COMMANDE_PUBLIQUE_CONTROLE = (
    f"{FAQ}, « En l'absence d'encadrement par le système d'achat dynamique national, quelles "
    "sont les pièces attendues pour s'assurer de la mise en concurrence ? »"
)
FINANCEMENTS_SPECIFIQUES = f"{INSTRUCTION}, II.D.3) ; annexe 2 E"
SOLUTION_UNIQUE = f"{FAQ}, « Un projet peut-il intégrer plusieurs solutions DUI différentes ? »"
SIRET_PORTEUR = (
    f"{FAQ}, « Le porteur de projet doit-il obligatoirement disposer d'un FINESS juridique ? »"
)
REGROUPEMENT_MIXTE = f"{FAQ}, regroupements « mixtes » (acquisition et évolution)"
COMMANDE_PUBLIQUE_MIXTE = (
    f"{FAQ}, « Un projet intégrant des établissements qui souhaitent faire évoluer leur solution "
    "DUI et des établissements qui souhaitent acquérir une solution DUI doit-il obligatoirement "
    "recourir à une procédure d'achat cadrée par le code de la commande publique ? »"
)
DOMINANTE = f"{FAQ}, « Un regroupement peut-il être composé d'ESSMS gérant différents publics ? »"
GHT = f"{FAQ}, « Les groupements hospitaliers de territoire (GHT) peuvent-ils candidater ? »"
FINANCEMENT_EUROPEEN_EXCLUSIF = (
    f"{INSTRUCTION}, résumé et introduction (« Le bénéfice du programme ESMS numérique est "
    "exclusif de tout autre financement européen »)"
)
AUTODIAGNOSTIC = f"{INSTRUCTION}, II.B.5)"
TOTAL = f"{INSTRUCTION}, II.D.3) (« financement unique et forfaitaire »)"
