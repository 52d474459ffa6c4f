"""`python -m app_bureau` : même entrée que la commande `app-bureau`."""

import sys

from app_bureau.cli import main

sys.exit(main())
