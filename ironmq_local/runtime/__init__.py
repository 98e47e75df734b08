"""What runs over time inside the server process: clocks, long-poll waiting, the push
worker and its HTTP delivery."""
