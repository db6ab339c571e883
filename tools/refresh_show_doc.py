#!/usr/bin/env python
"""Re-render the saved outputs of a notebook's `show_doc(X)` cells from the code as it is now, and nothing else.

    python tools/refresh_show_doc.py nbs/05_env.ipynb nbs/15_agent.ipynb   # rewrite their show_doc outputs
    python tools/refresh_show_doc.py --check nbs/*.ipynb                   # list the stale ones; exit 1 if any

A `show_doc` cell is a code cell whose whole source is `show_doc(...)` (keyword arguments allowed). Its expression
is evaluated where `show_doc` and the notebook's exported module (`#| default_exp`, star-imported) are defined, and
where a name is not found there, after the star imports of the notebook's other cells too. The output has the shape
a kernel run leaves once `nbdev_clean` has been through (an `execute_result` with `text/markdown` and `text/plain`,
`execution_count` null). As in that kernel, where the symbol was defined in the notebook itself, the source link is
looked up by the symbol's own name (nbdev finds its line in the exported module that way). Run `nbdev_export`
first (the outputs are rendered from `billp/`), and `nbdev_clean` after.
"""

import argparse, importlib, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW_DOC = re.compile(r"^show_doc\((.+)\)$", re.S)
DEFAULT_EXP = re.compile(r"^#\|\s*default_exp\s+(\S+)", re.M)
STAR_IMPORT = re.compile(r"^from\s+([\w.]+)\s+import\s+\*\s*$", re.M)


def _text(value):
    return ''.join(value) if isinstance(value, list) else str(value)


def _lines(text):
    "Text as a notebook stores it: a list of lines, each ending in a newline but the last."
    return text.splitlines(keepends=True)


def _show_doc(sym, *args, **kwargs):
    "nbdev's `show_doc`, its source link looked up as a kernel that defined `sym` does (by the symbol's own name)."
    from fastcore.docments import qual_name
    from nbdev.showdoc import show_doc

    rendered = show_doc(sym, *args, **kwargs)
    if rendered is not None and hasattr(rendered, 'fn'):
        rendered.fn = qual_name(rendered.sym)
    return rendered


def _namespaces(cells):
    "The namespaces to look a `show_doc` expression up in: the exported module's, then with the other star imports."
    modules = [f"billp.{m}" for cell in cells for m in DEFAULT_EXP.findall(_text(cell['source']))]
    others = [m for cell in cells if cell['cell_type'] == 'code' for m in STAR_IMPORT.findall(_text(cell['source']))]
    namespace = {}
    for module in modules:
        namespace.update({k: v for k, v in vars(importlib.import_module(module)).items() if not k.startswith('__')})
    namespace['show_doc'] = _show_doc
    yield namespace
    wider = dict(namespace)
    for module in dict.fromkeys(others):
        if module not in modules:
            exec(f"from {module} import *", wider)
    wider.update({k: v for k, v in namespace.items()})  # the notebook's own module wins
    yield wider


def render(expression, cells):
    "The output `show_doc(expression)` gives now, as a cleaned notebook saves it."
    error = None
    for namespace in _namespaces(cells):
        try:
            rendered = eval(f"show_doc({expression})", namespace)
            break
        except NameError as e:
            error = e
    else:
        raise error
    return dict(
        data={'text/markdown': _lines(rendered._repr_markdown_()), 'text/plain': _lines(repr(rendered))},
        execution_count=None,
        metadata={},
        output_type='execute_result',
    )


def refresh(notebook, write=True):
    "The `show_doc` expressions of `notebook` whose saved output differs from the code's; rewritten if `write`."
    nb = json.loads(Path(notebook).read_text())
    stale = []
    for cell in nb['cells']:
        if cell['cell_type'] != 'code':
            continue
        call = SHOW_DOC.match(_text(cell['source']).strip())
        if call is None:
            continue
        output = render(call.group(1), nb['cells'])
        if cell.get('outputs') != [output]:
            stale.append(call.group(1))
            cell['outputs'] = [output]
    if write and stale:
        with open(notebook, 'w', encoding='utf-8') as f:
            json.dump(nb, f, indent=1, ensure_ascii=False)
            f.write('\n')
    return stale


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('notebooks', nargs='+', help='notebooks whose show_doc outputs to refresh')
    parser.add_argument('--check', action='store_true', help='only list the stale outputs; exit 1 if any')
    args = parser.parse_args()
    total = 0
    for notebook in args.notebooks:
        stale = refresh(notebook, write=not args.check)
        total += len(stale)
        for expression in stale:
            print(f"{Path(notebook).name}: show_doc({expression}) {'stale' if args.check else 'refreshed'}")
    print(f"{len(args.notebooks)} notebooks: {total} show_doc outputs {'stale' if args.check else 'refreshed'}")
    sys.exit(1 if args.check and total else 0)


if __name__ == '__main__':
    main()
