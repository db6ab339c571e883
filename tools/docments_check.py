"""Public functions, classes and methods of billp with five or more parameters whose parameters lack docments comments.

    python tools/docments_check.py [--check]

A parameter is documented when `fastcore.docments.docments` finds a comment for it (`name,  # what it is`), as
nbdev's parameter tables read them; `*args` and `**kwargs` too. A dataclass's inherited fields are documented where
they are declared (as a class's inherited `__init__` is). A public class's public methods count too, those defined
in its body and those `@patch`ed onto it (as `LLMClient.chat`); a method that overrides one of a base class keeps
the signature documented there (as a `Provider`'s `complete`). `--check` exits 1 when any is missing (CI runs it).
"""

import argparse, dataclasses, importlib, inspect, pkgutil
import billp
from fastcore.docments import docments

MIN_PARAMETERS = 5


def public_methods(cls):
    "(name, function) of `cls`'s public methods written in billp: in its body or `@patch`ed onto it."
    for name, value in vars(cls).items():
        function = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
        function = function.fget if isinstance(function, property) else function
        if not name.startswith('_') and inspect.isfunction(function) and function.__module__.startswith('billp.'):
            yield name, function


def public_callables():
    "(qualified name, callable, its class or None) for every name in each billp module's `__all__`, and methods."
    for module_info in pkgutil.walk_packages(billp.__path__, 'billp.'):
        module = importlib.import_module(module_info.name)
        for name in getattr(module, '__all__', []):
            value = getattr(module, name, None)
            if (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == module.__name__:
                yield f'{module.__name__}.{name}', value, None
                for method, function in public_methods(value) if inspect.isclass(value) else ():
                    yield f'{module.__name__}.{name}.{method}', function, value


def inherited_comments(owner, name):
    "The docments of the method `name` as a base class of `owner` documents it ({} when none does)."
    for base in owner.__mro__[1:]:
        method = vars(base).get(name)
        if inspect.isfunction(method) and method.__module__.startswith('billp.'):
            return {k: v for k, v in docments(method, full=True, args_kwargs=True).items() if v.get('docment')}
    return {}


def undocumented(value, owner=None):
    "The parameters of `value` (a function, a method of `owner`, or a class's `__init__`) without a docments comment."
    if inspect.isclass(value) and not dataclasses.is_dataclass(value) and '__init__' not in vars(value):
        return []  # its __init__ is documented where it is defined
    target = value.__init__ if inspect.isclass(value) and not dataclasses.is_dataclass(value) else value
    try:
        parameters = [p for p in inspect.signature(target).parameters if p not in ('self', 'cls')]
    except (TypeError, ValueError):
        return []
    if len(parameters) < MIN_PARAMETERS:
        return []
    try:
        comments = docments(target, full=True, args_kwargs=True)
    except OSError:  # no source (made at run time)
        return []
    if dataclasses.is_dataclass(value):  # its own fields: docments reads the comments of the class's own body
        parameters = [p for p in parameters if p in vars(value).get('__annotations__', {})]
    inherited = inherited_comments(owner, value.__name__) if owner is not None else {}
    return [p for p in parameters if p in comments and not comments[p].get('docment') and p not in inherited]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true', help='exit 1 when a parameter lacks its comment')
    args = parser.parse_args()
    missing = {name: found for name, value, owner in public_callables() if (found := undocumented(value, owner))}
    for name, parameters in missing.items():
        print(f'{name}: {", ".join(parameters)}')
    print(f'{len(missing)} public functions or classes with {MIN_PARAMETERS}+ parameters lack docments comments')
    raise SystemExit(1 if args.check and missing else 0)


if __name__ == '__main__':
    main()
