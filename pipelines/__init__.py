"""Plain domain steps (no Prefect): ingest, court, notify, lifecycle, reports."""
