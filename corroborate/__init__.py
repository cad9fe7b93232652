"""The `corroborate` command: serve, worker, score, eval."""
