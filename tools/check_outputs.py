#!/usr/bin/env python
"""Check that the notebooks' saved outputs tell the truth: no machine paths, no stderr, and every `show_doc` output
showing the signature and docstring the code has now.

    python tools/check_outputs.py           # all notebooks under nbs/; exit 1 on any finding
    python tools/check_outputs.py nbs/05_env.ipynb

A machine path is an absolute path under a home, a temporary or a system folder (/home, /root, /work, /tmp, /Users,
/private, /opt, /usr, /var) or a virtual environment's folder. A `show_doc(X)` cell's output is compared with what
`show_doc(X)` renders now, without the source link (its line number moves with every edit above it) and the
parameters' comments (a kernel shows them only where it finds the source); white space is folded. A cell that displays
`layout_table(...)` (the index's, which the README copies) must show the table the notebooks and `LAYERS` give now.
"""

import argparse, importlib, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACHINE_PATH = re.compile(r"(?<![\w.:/~-])/(?:home|root|work|tmp|Users|private|opt|usr|var)/[^\s'\"<>)]*|\.venv/")
SHOW_DOC = re.compile(r"^show_doc\((.+)\)$")
SOURCE_LINK = re.compile(r"^\[source\]\(.*$", re.M)
# docments: a comment after a parameter, shown when the source is found (a kernel may not find it); headings stay
PARAMETER_COMMENT = re.compile(r"(?m)(?<=[^\s#])[ \t]+#[^\n]*")


def _signature_and_doc(markdown):
    "A `show_doc` rendering without its source link and parameter comments, white space folded."
    text = PARAMETER_COMMENT.sub('', SOURCE_LINK.sub('', markdown))
    text = re.sub(r"\s+", ' ', text)
    return re.sub(r",?\s*\)", ")", text).strip()


def _text(value):
    return ''.join(value) if isinstance(value, list) else str(value)


def _output_texts(output):
    if 'text' in output:
        yield _text(output['text'])
    for kind, value in output.get('data', {}).items():
        if kind.startswith('text/'):
            yield _text(value)


def _module_namespace(notebook):
    "The namespace a notebook's `show_doc` calls see: its exported module, after the package's own names."
    cells = json.loads(notebook.read_text())['cells']
    names = {}
    for cell in cells:
        match = re.search(r"^#\|\s*default_exp\s+(\S+)", _text(cell['source']), re.M)
        if match:
            names.update(vars(importlib.import_module(f"billp.{match.group(1)}")))
    return names


def _doc_markdown(expression, namespace):
    "What `show_doc(expression)` renders now, as markdown without its source link."
    from nbdev.showdoc import show_doc

    rendered = show_doc(eval(expression, dict(namespace)))
    return _signature_and_doc(rendered._repr_markdown_())


def _layout_finding(cell, notebook):
    "What is wrong with a saved `layout_table` output, or None when it is the table the notebooks give now."
    from billp.core import layout_table

    saved = [_text(o['data']['text/markdown']) for o in cell.get('outputs', []) if 'text/markdown' in o.get('data', {})]
    now = layout_table(notebook.parent)
    if saved and saved[0].strip() == now.strip():
        return None
    return "the saved layout table is not what layout_table gives now: re-execute the notebook, then tools/readme.py"


def check(notebook):
    "The findings of one notebook: (cell number, what is wrong)."
    findings, namespace = [], None
    for number, cell in enumerate(json.loads(notebook.read_text())['cells']):
        if cell['cell_type'] != 'code':
            continue
        for output in cell.get('outputs', []):
            if output.get('output_type') == 'stream' and output.get('name') == 'stderr':
                findings.append((number, f"stderr saved: {_text(output['text'])[:80]!r}"))
            for text in _output_texts(output):
                for match in MACHINE_PATH.finditer(text):
                    findings.append((number, f"machine path saved: {match.group(0)[:80]}"))
        if 'Markdown(layout_table(' in _text(cell['source']) and (stale := _layout_finding(cell, notebook)):
            findings.append((number, stale))
        call = SHOW_DOC.match(_text(cell['source']).strip())
        if call is None:
            continue
        saved = [
            _text(o['data']['text/markdown']) for o in cell.get('outputs', []) if 'text/markdown' in o.get('data', {})
        ]
        if namespace is None:
            namespace = _module_namespace(notebook)
        now = _doc_markdown(call.group(1), namespace)
        if not saved:
            findings.append((number, f"show_doc({call.group(1)}) has no saved output"))
        elif _signature_and_doc(saved[0]) != now:
            findings.append((number, f"show_doc({call.group(1)}) is stale: the code now renders\n{now}"))
    return findings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('notebooks', nargs='*', help='notebooks to check (default: nbs/*.ipynb)')
    args = parser.parse_args()
    notebooks = [Path(p) for p in args.notebooks] or sorted((ROOT / 'nbs').glob('*.ipynb'))
    total = 0
    for notebook in notebooks:
        for number, finding in check(notebook):
            print(f"{notebook.name} cell {number}: {finding}")
            total += 1
    print(f"{len(notebooks)} notebooks checked: {total} findings")
    sys.exit(1 if total else 0)


if __name__ == '__main__':
    main()
