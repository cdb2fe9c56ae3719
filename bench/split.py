"""Where a page's CPU time goes, in one process (docs/benchmark.md, "Sixth round").

    DATABASE_URL=sqlite:////tmp/county.sqlite3 STATIC_ROOT=/tmp/static \\
        .venv/bin/python -m bench.split --rounds 25 --pages fee,budget,my_tasks

Set up as bench/inprocess.py (production settings, the page cache off, the bench users with
their roles: use a copy of the data). Each request's CPU time (`time.process_time`) is split,
exclusively, into: **sql**, the database driver executing the statements (SQLite runs in this
process); **orm**, the rest of reading (`QuerySet` evaluation: building the query, compiling
its SQL, making rows and model instances, prefetches); **template**, rendering templates
(minus the reads and forms inside them); **forms**, the form renderer; and **rest**, all else
(middleware, session and user, the view's own Python). The wrappers cost time of their own, so
the totals are higher than bench.inprocess gives: read the shares, not the milliseconds. The
`about` page is the layout alone (no query).
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.inprocess import set_up

CATEGORIES = ("sql", "orm", "template", "forms")
_spent: dict[str, float] = {}
_stack: list[list[Any]] = []


def _timed(category: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        now = time.process_time()
        if _stack:
            _spent[_stack[-1][0]] = _spent.get(_stack[-1][0], 0.0) + now - _stack[-1][1]
        _stack.append([category, now])
        try:
            return function(*args, **kwargs)
        finally:
            now = time.process_time()
            name, start = _stack.pop()
            _spent[name] = _spent.get(name, 0.0) + now - start
            if _stack:
                _stack[-1][1] = now

    return wrapper


def _instrument() -> None:
    from django.db.backends import utils
    from django.db.models import query
    from django.forms import renderers
    from django.template import base

    from samverkan.core import renderers as our_renderers

    for name in ("_fetch_all", "count", "exists", "get"):
        setattr(query.QuerySet, name, _timed("orm", getattr(query.QuerySet, name)))
    utils.CursorWrapper._execute_with_wrappers = _timed("sql", utils.CursorWrapper._execute_with_wrappers)  # type: ignore[method-assign]
    base.Template.render = _timed("template", base.Template.render)  # type: ignore[method-assign]
    renderers.BaseRenderer.render = _timed("forms", renderers.BaseRenderer.render)  # type: ignore[method-assign]
    our_renderers.FormRenderer.render = _timed("forms", our_renderers.FormRenderer.render)  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    args = set_up("python -m bench.split", 25, argv)
    from django.test import Client

    from bench import probe
    from bench.inprocess import _roles

    _instrument()
    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    for persona, user in _roles().items():
        clients[persona] = Client(HTTP_HOST="127.0.0.1")
        clients[persona].force_login(user)
    pages = [("floor", probe._floor()[0], "anonymous"), ("about", "/om/", "anonymous")]
    for name in [n for n in args.pages.split(",") if n]:
        pages.append((name, probe.PICKERS[name]()[0], probe.LOGGED_IN.get(name, "anonymous")))
    print(f"{'page':16} {'cpu ms':>7}  " + "  ".join(f"{c:>8}" for c in (*CATEGORIES, "rest")))
    for name, path, persona in pages:
        client = clients[persona]
        for _ in range(2):
            if client.get(path).status_code != 200:
                raise SystemExit(f"{name} {path}: not 200")
        totals, shares = [], []
        for _round in range(args.rounds):
            _spent.clear()
            start = time.process_time()
            client.get(path)
            totals.append(time.process_time() - start)
            shares.append(dict(_spent))
        total = statistics.median(totals)
        parts = {c: statistics.median(s.get(c, 0.0) for s in shares) for c in CATEGORIES}
        parts["rest"] = total - sum(parts.values())
        print(f"{name:16} {total * 1000:7.2f}  " + "  ".join(f"{100 * v / total:7.0f}%" for v in parts.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
