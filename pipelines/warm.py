"""Imported once by the worker processes' fork server: page readers and the language model load
before any worker starts, so no worker (and no file) pays for them."""

from __future__ import annotations

from extractors import extract, pages, pdf, searchable  # noqa: F401 - imported for their start-up cost
from extractors.names import get_nlp
from extractors.pdfa import preload

get_nlp()
preload()
