"""Prefect flows and tasks wrapping the plain steps in pipelines/; the watcher; deployments."""
