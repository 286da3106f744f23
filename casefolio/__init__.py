"""casefolio: the records unit's document pipeline (application shell: settings, CLI, web)."""

__version__ = "0.1.0"
