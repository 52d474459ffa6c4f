"""L'interface Qt (PySide6) : le seul endroit de l'application qui importe Qt."""
