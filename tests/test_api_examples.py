"""Every function argmap exports, and every public function of its modules, shows how it is
called: a runnable ``>>>`` example in its docstring, which ``--doctest-modules`` runs with the tests (the numpydoc style networkx and
pyoxigraph follow)."""
from __future__ import annotations

import inspect
import pkgutil
from importlib import import_module
from types import FunctionType

import argmap


def module_names() -> list[str]:
    """Every module of the argmap package (not ``__main__``, which runs the command line)."""
    return ["argmap"] + [m.name for m in pkgutil.walk_packages(argmap.__path__, "argmap.") if not m.name.endswith("__main__")]


def exported_functions() -> dict[str, FunctionType]:
    """``module.name`` -> function, for every function named in the ``__all__`` of an argmap module."""
    found: dict[str, FunctionType] = {}
    for module_name in module_names():
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


def public_functions() -> dict[str, FunctionType]:
    """``module.name`` -> function, for every public function (no leading underscore) an argmap
    module defines at its top level with ``def`` (a function a factory makes, such as the RDF
    formats' ``read_turtle``, is shown by its factory's example); the click commands of
    ``argmap.cli`` are shells over these and are documented by their ``--help``."""
    found: dict[str, FunctionType] = {}
    for module_name in module_names():
        if module_name.startswith("argmap.cli"):
            continue
        module = import_module(module_name)
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == module_name and obj.__name__ == name and not name.startswith("_"):
                found[f"{module_name}.{name}"] = obj
    return found


def test_every_public_function_has_a_runnable_example() -> None:
    functions = public_functions()
    assert {"argmap.analysis.semantics.grounded_labelling", "argmap.exports.map.render_view"} <= set(functions)
    missing = sorted(name for name, obj in functions.items() if ">>>" not in (obj.__doc__ or ""))
    assert not missing, "public functions without a >>> example in their docstring:\n  " + "\n  ".join(missing)
