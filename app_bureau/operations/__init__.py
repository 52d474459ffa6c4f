"""Les opérations partagées par la ligne de commande et les écrans (base évaluée, documents)."""
