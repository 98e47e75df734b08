"""The async shells, written by hand; scripts/unasync.py generates `ironmq_sdk._sync` from them."""
