"""The one exception tree (base/errors.py): every class drawn in the docstring with its reason,
and a class alone fixes its reason and whether it is transient (no instance changes them)."""

from __future__ import annotations

import inspect
import re

import pytest

from base import errors

CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass)
           if issubclass(c, errors.CasefolioError)]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_class_is_drawn_in_the_tree_with_its_reason(cls: type[errors.CasefolioError]) -> None:
    doc = errors.__doc__ or ""
    line = next((ln for ln in doc.splitlines() if re.search(rf"\+-- {cls.__name__}\b", ln)
                 or ln.strip().startswith(f"{cls.__name__} ")), None)
    assert line is not None, f"{cls.__name__} is missing from the tree in base/errors.py"
    if f'"{cls.reason}"' not in line:
        # a class drawn without a reason of its own shares its parent's ("unreadable", ...)
        assert cls is errors.CasefolioError or '"' not in line, (cls.__name__, line)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_reason_and_transient_belong_to_the_class(cls: type[errors.CasefolioError]) -> None:
    e = cls("message")
    assert set(vars(e)) <= {"message", "sha256"}
    assert (e.reason, e.transient) == (cls.reason, cls.transient)
    assert isinstance(e.exit_code, int) and e.exit_code > 0
