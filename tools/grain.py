#!/usr/bin/env python
"""Measure the notebooks' grain: how long the exported cells are, how many definitions a cell holds, which calls
pass many positional arguments, how long the test cells are and whether each public definition is shown before the
next one is defined; with `--check`, fail when the targets are missed.

    python tools/grain.py                     # billp's nbs/
    python tools/grain.py ../fastcore/nbs     # any nbdev project's notebooks, to compare
    python tools/grain.py --check             # exit 1 above the targets (CI runs this)

An export cell's length counts its source lines without the `#|` directives and blank lines, and a signature as one
line however many lines its parameters and their docments comments take. A definition is a
top-level `def` or `class`. A call is counted when it passes 8 or more positional arguments (in any code cell).
A test cell is an unexported code cell that calls a `test*` function of fastcore.test or asserts; it is hidden when
it carries `#| hide`. A public definition (a top-level `def` or `class`, or a `@patch`ed method, whose name does not
start with `_`) counts as shown when an unexported code cell follows its export cell before the next export cell.
"""

import argparse, ast, json, statistics, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = dict(
    median=15, over_40=10, positional_8=0, long_tests=0, unshown=5
)  # near fastcore's and nbdev's own notebooks
LONG, MANY_DEFINITIONS, MANY_POSITIONAL, LONG_TEST = 40, 3, 8, 15


def _source(cell):
    return ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']


def _is_export(source):
    return any(line.strip().replace(' ', '') in ('#|export', '#|exports') for line in source.splitlines())


def _code_lines(source):
    return [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith('#|')]


def _signature_extra_lines(tree):
    "Lines beyond the first that the signatures of the cell's functions take (one parameter a line, with docments)."
    if tree is None:
        return 0
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return sum(max(n.body[0].lineno - n.lineno - 1, 0) for n in functions)


def _parse(source):
    "The cell's syntax tree, with IPython magics and shell lines blanked; None when it is not Python."
    lines = ['' if line.lstrip().startswith(('%', '!')) else line for line in source.splitlines()]
    try:
        return ast.parse('\n'.join(lines))
    except SyntaxError:
        return None


def _definitions(tree):
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return sum(isinstance(node, kinds) for node in tree.body)


def _positional_calls(tree):
    "The calls passing `MANY_POSITIONAL` or more positional arguments, as (line, callee, count)."
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            count = sum(not isinstance(arg, ast.Starred) for arg in node.args)
            if count >= MANY_POSITIONAL:
                found.append((node.lineno, ast.unparse(node.func), count))
    return found


def _is_test(source, tree):
    "Whether an unexported cell tests: it calls a fastcore.test function (`test_eq`, `test_fail`, ...) or asserts."
    if tree is None:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith('test'):
            return True
    return False


def _is_hidden(source):
    return any(line.strip().replace(' ', '') == '#|hide' for line in source.splitlines())


def _public_names(tree):
    "The public names an export cell defines: top-level functions and classes, and `@patch`ed methods."
    if tree is None:
        return []
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [node.name for node in tree.body if isinstance(node, kinds) and not node.name.startswith('_')]


def measure_tests(nbs_path):
    """Per test cell: (notebook, cell id, lines, hidden, slow); per public definition: (notebook, cell id, name,
    shown)."""
    tests, definitions, pending, notebook_now = [], [], [], None
    for notebook, name, source, tree in _code_cells(nbs_path):
        if notebook != notebook_now:  # definitions still pending at a notebook's end were never shown
            definitions += [(notebook_now, cell_id, public, False) for cell_id, public in pending]
            pending, notebook_now = [], notebook
        if _is_export(source):
            definitions += [(notebook, cell_id, public, False) for cell_id, public in pending]
            pending = [(name, public) for public in _public_names(tree)]
            continue
        definitions += [(notebook, cell_id, public, True) for cell_id, public in pending]
        pending = []
        if _is_test(source, tree):
            slow = any(line.strip().replace(' ', '') == '#|slow' for line in source.splitlines())
            tests.append((notebook, name, len(_code_lines(source)), _is_hidden(source), slow))
    definitions += [(notebook_now, cell_id, public, False) for cell_id, public in pending]
    return tests, definitions


def _code_cells(nbs_path):
    "Each code cell of the notebooks, in order, as (notebook name, cell id, source, syntax tree or None)."
    for notebook in sorted(Path(nbs_path).rglob('*.ipynb')):
        if '.ipynb_checkpoints' in notebook.parts or notebook.name.startswith('_'):
            continue
        for index, cell in enumerate(json.loads(notebook.read_text())['cells']):
            if cell['cell_type'] == 'code':
                source = _source(cell)
                yield notebook.name, cell.get('id') or f"cell {index}", source, _parse(source)


def measure(nbs_path):
    "Per export cell: (notebook, cell id, lines, definitions); the many-positional calls of all code cells."
    cells, calls = [], []
    for notebook, name, source, tree in _code_cells(nbs_path):
        if tree is not None:
            calls += [(notebook, name, *call) for call in _positional_calls(tree)]
        if _is_export(source):
            definitions = _definitions(tree) if tree is not None else 0
            cells.append((notebook, name, len(_code_lines(source)) - _signature_extra_lines(tree), definitions))
    return cells, calls


def test_summary(tests, definitions):
    return dict(
        test_cells=len(tests),
        long_tests=sum(lines > LONG_TEST and not slow for _, _, lines, _, slow in tests),
        long_slow_tests=sum(lines > LONG_TEST and slow for _, _, lines, _, slow in tests),
        hidden_tests=sum(hidden for *_, hidden, _ in tests),
        public_definitions=len(definitions),
        unshown=sum(not shown for *_, shown in definitions),
    )


def summary(cells, calls):
    lengths = sorted(lines for _, _, lines, _ in cells)
    deciles = statistics.quantiles(lengths, n=10) if len(lengths) > 1 else lengths * 9
    return dict(
        export_cells=len(cells),
        median=statistics.median(lengths) if lengths else 0,
        p90=deciles[-1] if lengths else 0,
        over_40=sum(lines > LONG for lines in lengths),
        over_80=sum(lines > 2 * LONG for lines in lengths),
        definitions_3=sum(definitions >= MANY_DEFINITIONS for *_, definitions in cells),
        positional_8=len(calls),
    )


def report(stats, cells, calls, top=10):
    print(f"export cells: {stats['export_cells']}")
    print(f"export cell lines, median / 90th percentile: {stats['median']:g} / {stats['p90']:g}")
    print(f"export cells over {LONG} lines: {stats['over_40']} ({stats['over_80']} over {2 * LONG})")
    print(f"export cells defining {MANY_DEFINITIONS} or more functions or classes: {stats['definitions_3']}")
    print(f"calls with {MANY_POSITIONAL} or more positional arguments: {stats['positional_8']}")
    print(f"\nlongest export cells:")
    for notebook, name, lines, definitions in sorted(cells, key=lambda cell: -cell[2])[:top]:
        print(f"  {lines:4d} lines  {definitions} definitions  {notebook} #{name}")
    for notebook, name, line, callee, count in calls:
        print(f"  positional call: {notebook} #{name} line {line}: {callee} with {count} positional arguments")


def report_tests(stats, tests, definitions):
    print(f"\ntest cells: {stats['test_cells']} ({stats['hidden_tests']} hidden)")
    print(f"test cells over {LONG_TEST} lines: {stats['long_tests']} (and {stats['long_slow_tests']} flagged slow)")
    for notebook, name, lines, _, slow in sorted(tests, key=lambda test: -test[2]):
        if lines > LONG_TEST:
            print(f"  {lines:4d} lines  {notebook} #{name}{'  (slow)' if slow else ''}")
    print(
        f"public definitions: {stats['public_definitions']}, not shown before the next export cell: {stats['unshown']}"
    )
    for notebook, name, public, shown in definitions:
        if not shown:
            print(f"  {notebook} #{name} {public}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('nbs', nargs='?', default=str(ROOT / 'nbs'), help="a folder of notebooks (default: billp's)")
    parser.add_argument('--check', action='store_true', help=f"exit 1 when a target is missed: {TARGETS}")
    args = parser.parse_args()
    cells, calls = measure(args.nbs)
    stats = summary(cells, calls)
    report(stats, cells, calls)
    tests, definitions = measure_tests(args.nbs)
    stats |= test_summary(tests, definitions)
    report_tests(stats, tests, definitions)
    missed = [f"{name} {stats[name]:g} > {limit}" for name, limit in TARGETS.items() if stats[name] > limit]
    if args.check and missed:
        print(f"\ngrain targets missed: {', '.join(missed)}")
        sys.exit(1)


if __name__ == '__main__':
    main()
