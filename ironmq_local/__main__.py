"""`python -m ironmq_local`."""

from .cli import main

main()
