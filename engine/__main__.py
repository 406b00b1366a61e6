"""``python -m regel`` is the ``regel`` command."""

from regel.cli import main

raise SystemExit(main())
