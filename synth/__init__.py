"""Synthetic test material: labelled records-unit documents (documents.py, names.py) and realistic,
deterministic scan degradations of clean page renders (degrade.py). No Prefect imports."""
