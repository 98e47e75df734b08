"""Storage engines for the domain's `Store` port (domain/store.py): SQLite today."""
