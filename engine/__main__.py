"""``python -m regel`` is the ``regel`` command."""

from regel.cli.main import main

raise SystemExit(main())
