"""The examples in the docstrings of zielwerk.core.observations run and are right."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import zielwerk.core.observations as package

MODULES = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
