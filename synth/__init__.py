"""Synthetic labelled documents and scan degradation for tests and evaluation."""
