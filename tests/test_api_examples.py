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


#: The numpydoc validation codes (https://numpydoc.readthedocs.io/en/latest/validation.html) every
#: function of the public facade (``argmap._HOMES``) must pass. Left out: SS05 (a summary must
#: start with an infinitive; numpydoc tests whether the first word ends in "s", which rejects the
#: noun-phrase summaries the style uses for what a function computes, e.g. "Speakers ranked by
#: ..."), SA01 (See Also is given where useful, not everywhere), GL01 (the summary may start on
#: the line of the opening quotes) and YD01 (none of them is a generator).
NUMPYDOC_CHECKS = frozenset({
    "GL02", "GL03", "GL06", "GL07", "GL08",  # layout: closing quotes, blank lines, known sections in order; a docstring at all
    "SS01", "SS02", "SS03", "SS04", "SS06",  # one-line summary, capitalised, ending with a period, no leading blanks
    "ES01",  # an extended summary
    "PR01", "PR02", "PR03", "PR04", "PR05", "PR06", "PR07", "PR08", "PR09", "PR10",  # every parameter, in order, typed, described
    "RT01", "RT02", "RT03", "RT04", "RT05",  # a Returns section with a type and a description
    "EX01",  # an Examples section
})


def test_every_exported_function_has_a_numpydoc_docstring() -> None:
    """numpydoc's own validator, over every function an ``__all__`` names (the facade's twelve included)."""
    from numpydoc.validate import validate

    failures, checked = [], set()
    for exported, function in exported_functions().items():
        # By the module that defines it: numpydoc would take "argmap.store.ingest" for the module of that name.
        path = f"{function.__module__}.{function.__qualname__}"
        assert getattr(import_module(function.__module__), function.__qualname__) is function, f"{path} is not {exported}"
        if path not in checked:
            checked.add(path)
            failures += [f"{exported} ({path}): {code} {message}" for code, message in validate(path)["errors"] if code in NUMPYDOC_CHECKS]
    assert {f"argmap.{public}" for public in argmap._HOMES} <= set(exported_functions())
    assert not failures, "numpydoc validation of the exported functions:\n  " + "\n  ".join(failures)
