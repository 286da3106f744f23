"""Copying between the repositories' plain records and their table rows, column by column.

A record never shares a list or dict with a row (a caller changing a record's list must not
change the row behind the repository's back), and writing a record back only touches the columns
whose value changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def fresh(value: Any) -> Any:
    """A copy of a JSON value (list or dict); anything else as it is."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def values_of(row: Any, columns: Iterable[str]) -> dict[str, Any]:
    """The named columns of a row, as keyword arguments for a record."""
    return {name: fresh(getattr(row, name)) for name in columns}


def write_onto(row: Any, record: Any, columns: Iterable[str]) -> None:
    """Set the named columns of `row` from `record` where they differ."""
    for name in columns:
        value = fresh(getattr(record, name))
        if getattr(row, name) != value:
            setattr(row, name, value)
