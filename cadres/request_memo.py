"""Values read once per request: several parts of one page (a hook, the page's context, the
menu) ask the same question. Outside a request (commands, workers, tests calling selectors
directly) nothing is remembered, so no answer outlives the request that read it."""

import threading

from django.core.signals import request_finished, request_started


class _Memo(threading.local):
    values: dict | None = None


_memo = _Memo()


def _start(**_kwargs) -> None:
    _memo.values = {}


def _finish(**_kwargs) -> None:
    _memo.values = None


request_started.connect(_start, dispatch_uid="cadres-request-memo-start")
request_finished.connect(_finish, dispatch_uid="cadres-request-memo-finish")


def remembered(key, compute):
    """compute() once per request for this key (every time outside a request)."""
    values = _memo.values
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def forget(key) -> None:
    if _memo.values is not None:
        _memo.values.pop(key, None)
