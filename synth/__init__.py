"""Synthetic test material: realistic scan degradations of clean page renders (no Prefect)."""
