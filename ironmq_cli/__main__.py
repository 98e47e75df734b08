"""`python -m ironmq_cli`: the same as the `ironmq` command."""

from ._entry import main

main()
