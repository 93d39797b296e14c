"""`python -m pantau`: the same as the `pantau` command."""

from pantau.cli import main

main()
