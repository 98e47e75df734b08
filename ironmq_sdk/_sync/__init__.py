"""The sync shells, generated from `ironmq_sdk._async` by scripts/unasync.py."""
