"""``python -m pipeline`` is the same as the ``foia-clean`` command."""

from pipeline.cli import main

main()
