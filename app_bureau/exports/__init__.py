"""Les documents qui sortent de l'application (sans Qt) : la synthèse PDF pour le conseil
d'administration et le classeur pour la saisie dans PAI numérique. Ils lisent le même dossier
et la même évaluation que l'écran."""
