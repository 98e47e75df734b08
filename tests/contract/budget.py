"""How much the contract suite generates: bounded for CI, large for `make test-deep`.

Chosen by HYPOTHESIS_PROFILE (`ci` by default, `deep`), like the profiles in tests/conftest.py.
"""

from __future__ import annotations

import os

DEEP = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "deep"

FUZZ_EXAMPLES = 400 if DEEP else 25
"""schemathesis: generated requests per operation and generation mode (positive, negative)."""
STATEFUL_EXAMPLES = 200 if DEEP else 15
"""schemathesis stateful phase: scenarios (link-following sequences)."""
STATEFUL_STEPS = 30 if DEEP else 10
"""schemathesis stateful phase: steps per scenario."""
MODEL_EXAMPLES = 500 if DEEP else 20
"""Model state machines: runs (each from an empty server) per machine (sync, async)."""
MODEL_STEPS = 80 if DEEP else 40
"""Model state machines: rules per run."""
