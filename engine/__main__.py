"""``python -m engine`` is the ``regel`` command."""

from engine.cli import main

raise SystemExit(main())
