#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb (the README's source, as nbdev's `index.ipynb` is the docs' home page), without
Quarto: markdown cells as they are, code cells as ```python blocks followed by their saved text outputs (a displayed
Markdown result as Markdown, without its code); cells marked `#| hide` are left out.

    python tools/readme.py           # write README.md
    python tools/readme.py --check   # exit 1 when README.md is not what index.ipynb gives
"""

import argparse, json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _text(value):
    return ''.join(value) if isinstance(value, list) else str(value)


def _markdown(cell):
    "The Markdown a code cell's saved outputs display (a `Markdown(...)` result), or None."
    shown = [
        _text(out['data']['text/markdown']) for out in cell.get('outputs', []) if 'text/markdown' in out.get('data', {})
    ]
    return '\n\n'.join(shown) if shown else None


def _outputs(cell):
    "The text of a code cell's saved outputs (streams, and the plain-text form of results)."
    texts = []
    for out in cell.get('outputs', []):
        if out.get('output_type') == 'stream':
            texts.append(_text(out.get('text', '')))
        elif 'data' in out and 'text/plain' in out['data']:
            texts.append(_text(out['data']['text/plain']))
    return ''.join(t if t.endswith('\n') else t + '\n' for t in texts).rstrip('\n')


def render(notebook):
    "The README text of an index notebook."
    parts = []
    for cell in json.loads(Path(notebook).read_text())['cells']:
        source = _text(cell['source']).strip('\n')
        if not source or source.startswith('#| hide'):
            continue
        if cell['cell_type'] == 'markdown':
            parts.append(source)
        elif cell['cell_type'] == 'code' and (shown := _markdown(cell)) is not None:
            parts.append(shown.strip('\n'))  # a displayed Markdown result reads as the page's own text
        elif cell['cell_type'] == 'code' and not source.startswith('#| echo: false'):
            parts.append(f"```python\n{source}\n```")
            if shown := _outputs(cell):
                parts.append(f"```\n{shown}\n```")
    return '\n\n'.join(parts) + '\n'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--check', action='store_true')
    args = parser.parse_args()
    text, readme = render(ROOT / 'nbs' / 'index.ipynb'), ROOT / 'README.md'
    if args.check:
        if readme.read_text() != text:
            print('README.md is not what nbs/index.ipynb gives: run python tools/readme.py')
            return 1
        return 0
    readme.write_text(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
