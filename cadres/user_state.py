"""Per-user answers kept in the shared cache between requests.

Every signed-in page asks the user's roles (and the facts read with them, cadres.roles), and a
lesson page asks about the reader's enrolments in its course: small answers that change only
when someone writes. Each is stored under the user with the *stamp* it was computed under:

- the global token, dropped by any write that can change someone's roles or enrolments (group
  membership, an enrolment, a class, the link between a cadre and an account);
- the user's own token, dropped by writes of that user's learning (lessons opened, quiz
  attempts), so one learner's progress does not retire everyone's entries;
- whatever else the caller names (e.g. the content version for what a page reads of a course).

The tokens and the entry are read in one round trip; an entry whose stamp differs is computed
again. A dropped token is replaced by a new random one (never a counter that could meet an old
entry again), so a lost or evicted token retires what was stored under it. Writes drop tokens at
once and again after their transaction commits, and a reader reads the tokens before the
database, so no entry computed from data older than a write can carry the stamp that follows it.

Only when the cache is shared by every process (Redis; settings.USER_STATE_CACHE): with a cache
per process one process would not see another's writes.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from cadres.request_memo import (
    cache_get,
    cache_set,
    forget,
    forget_cache_read,
    forget_matching,
    read_cache,
    recall,
    remember,
)

GLOBAL_TOKEN_KEY = "cadres:user-state:all"
# Entries also expire on their own: a drop sent while the cache was unreachable is not repeated.
ENTRY_SECONDS = 600
TOKENS_MEMO = "cadres:user-state-tokens"
READ_AHEAD_MEMO = "cadres:user-state-read-ahead"
_DROPPED_IN = "_user_state_dropped_in"  # on the connection: the transaction that dropped a token
# Every signed-in page asks for these (cadres.auth_backends, cadres.roles).
ALWAYS_READ = ("user", "roles")


def _user_token_key(user_id: int) -> str:
    return f"cadres:user-state:user:{user_id}"


def _entry_key(user_id: int, name: str) -> str:
    return f"cadres:user-state:{user_id}:{name}"


def _new_token(key: str) -> str:
    token = uuid.uuid4().hex
    if cache.add(key, token, None):
        return token
    # Another process set one first (or the cache is unreachable: then nothing ever matches).
    return cache.get(key) or token


def enabled() -> bool:
    return getattr(settings, "USER_STATE_CACHE", False)


def user_value(user_id: int, name: str, compute, *, stamp=()):
    """compute() for this user, from the cache while nothing it depends on was written.

    `name` says what is stored (one entry per user and name); `stamp` adds what else the value
    depends on (it must be read before compute() reads the database)."""
    if not enabled():
        return compute()
    entry_key = _entry_key(user_id, name)
    memo_key = (TOKENS_MEMO, user_id)
    tokens = recall(memo_key)
    if tokens is None:
        # The first entry of a request: the tokens, this entry and those every page or this
        # page asks for (read_ahead) come in one round trip.
        global_key, user_key = GLOBAL_TOKEN_KEY, _user_token_key(user_id)
        names = dict.fromkeys([name, *ALWAYS_READ, *recall(READ_AHEAD_MEMO, ())])
        found = read_cache([global_key, user_key, *(_entry_key(user_id, n) for n in names)])
        tokens = (
            found.get(global_key) or _new_token(global_key),
            found.get(user_key) or _new_token(user_key),
        )
        remember(memo_key, tokens)
    entry = cache_get(entry_key)
    full_stamp = (*tokens, *stamp)
    if entry is not None and entry[0] == full_stamp:
        return entry[1]
    value = compute()
    if not _dropped_in_this_transaction():
        cache_set(entry_key, (full_stamp, value), ENTRY_SECONDS)
    return value


def _open_transaction():
    """The outermost atomic block of the default connection that will really commit or roll
    back (a test case's own blocks never do), or None in autocommit."""
    connection = transaction.get_connection()
    return next(
        (b for b in connection.atomic_blocks if not getattr(b, "_from_testcase", False)), None
    )


def _dropped_in_this_transaction() -> bool:
    # A value read after a drop in a transaction not yet committed may show writes that a
    # rollback undoes, and the token drawn after the drop would keep it valid: not stored.
    block = _open_transaction()
    return block is not None and getattr(transaction.get_connection(), _DROPPED_IN, None) is block


def read_ahead(names) -> None:
    """Entries this request will ask for (a lesson page: the reader's enrolments), read with
    the user's first entry instead of one round trip each."""
    remember(READ_AHEAD_MEMO, (*recall(READ_AHEAD_MEMO, ()), *names))


def _drop(key: str, memo_key) -> None:
    if not enabled():
        return
    # A request that writes and then reads again (a quiz answer, then its result) reads anew.
    if memo_key is None:
        forget_all_tokens()
    else:
        forget(memo_key)
    forget_cache_read(key)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    block = _open_transaction()
    if block is not None:
        setattr(transaction.get_connection(), _DROPPED_IN, block)


def changed_for_everyone(**_kwargs) -> None:
    """A write that can change anyone's roles, facts or enrolments (a signal receiver too)."""
    _drop(GLOBAL_TOKEN_KEY, None)


def changed_for_user(user_id: int | None) -> None:
    """A write of this user's own learning (lessons opened, quiz attempts)."""
    if user_id is not None:
        _drop(_user_token_key(user_id), (TOKENS_MEMO, user_id))


def forget_all_tokens() -> None:
    forget_matching(lambda key: isinstance(key, tuple) and key[:1] == (TOKENS_MEMO,))
