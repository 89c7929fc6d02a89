"""`python -m pipeline.streaming.bench`."""

import sys

from pipeline.streaming.bench.cli import main

sys.exit(main())
