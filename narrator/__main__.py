"""python -m narrator."""

import sys

from .cli import main

sys.exit(main())
