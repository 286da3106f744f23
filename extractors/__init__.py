"""Turning bytes into text and facts: triage, images, OCR, PDF, entities, classification.

Never imports prefect, never reads the environment: settings are passed in.
"""
