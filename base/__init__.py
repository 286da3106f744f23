"""The base package: settings, the shared models and the one exception tree.

Every layer (`extractors/`, `storage/`, `pipelines/`, `flows/`, `casefolio/`) may import it; it
imports none of them.
"""
