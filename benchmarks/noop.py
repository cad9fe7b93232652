"""The job stock RQ workers drain for the no-op ceiling (benchmarks/end_to_end.py)."""


def nothing() -> None:
    return None
