"""Allow ``python -m gap_tracker``."""

from gap_tracker.cli import main

raise SystemExit(main())
