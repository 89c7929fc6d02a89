"""`python -m pipeline` is `pii-pipeline`."""

import sys

from pipeline.cli import main

sys.exit(main())
