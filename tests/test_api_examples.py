"""Every function argmap exports shows how it is called: a runnable ``>>>`` example in its
docstring, which ``--doctest-modules`` runs with the tests (the numpydoc style networkx and
pyoxigraph follow)."""
from __future__ import annotations

import inspect
import pkgutil
from importlib import import_module
from types import FunctionType

import argmap


def exported_functions() -> dict[str, FunctionType]:
    """``module.name`` -> function, for every function named in the ``__all__`` of an argmap module."""
    names = ["argmap"] + [m.name for m in pkgutil.walk_packages(argmap.__path__, "argmap.") if not m.name.endswith("__main__")]
    found: dict[str, FunctionType] = {}
    for module_name in names:
        module = import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found[f"{module_name}.{name}"] = obj
    return found


def test_the_walk_finds_the_exported_functions() -> None:
    functions = exported_functions()
    assert {"argmap.load", "argmap.analysis.claim_pagerank", "argmap.store.open_store", "argmap.server.serve"} <= set(functions)


def test_every_exported_function_has_a_runnable_example() -> None:
    missing = sorted(f"{exported} (defined in {obj.__module__})"
                     for exported, obj in exported_functions().items() if ">>>" not in (obj.__doc__ or ""))
    assert not missing, "exported functions without a >>> example in their docstring:\n  " + "\n  ".join(missing)
