"""`python -m reader` runs the same command line as the `paper-reader` script."""

from reader.cli.main import main

raise SystemExit(main())
