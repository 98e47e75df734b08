"""`python -m ironmq_local`."""

from ._cli import main

main()
