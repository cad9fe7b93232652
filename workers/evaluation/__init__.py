"""Offline evaluations of the scoring engine on labelled data."""
