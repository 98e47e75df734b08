"""The examples/ programs, run as a user runs them."""
