"""Tests of the documentation site's sources."""
