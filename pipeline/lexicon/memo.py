"""``lexicon_memo``: remember a pure function of a lexicon and some strings, for one lexicon.

``functools.lru_cache`` keys each answer by all the arguments, the lexicon among them: every
key is a tuple holding the lexicon, which the garbage collector tracks for as long as the answer
is kept, and walks in each full collection (on BLN600 dev the correct stage's lexicon-keyed
caches held some 60k such keys, and full collections were a tenth of the stage's time). Here the
answers are kept per lexicon, keyed by the other arguments only: a tuple of strings, numbers and
None is untracked by the collector once it has seen it, so the keys cost it nothing.

The answers are the same as the function's (it must depend on its arguments only, as
``lru_cache`` requires too); only what is forgotten differs: everything at once when
``maxsize`` answers are held or another lexicon is asked (one lexicon is held at a time, and
compared by identity, so an answer is never read for another lexicon).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_MISSING = object()


def lexicon_memo(maxsize: int) -> Callable[[F], F]:
    """Decorator for ``fn(lex, *args)`` (positional arguments, hashable): its answers
    remembered for the last lexicon asked, at most ``maxsize`` of them (then forgotten at
    once). The wrapped function has ``cache_clear()``.

    >>> calls = []
    >>> @lexicon_memo(2)
    ... def f(lex, word):
    ...     calls.append(word)
    ...     return word.upper()
    >>> lex = object()
    >>> f(lex, "a"), f(lex, "a"), calls
    ('A', 'A', ['a'])
    >>> f(object(), "a"), calls  # another lexicon: asked again
    ('A', ['a', 'a'])
    """

    def wrap(fn: F) -> F:
        held: list[Any] = [None, {}]  # the lexicon, its answers by the other arguments

        @functools.wraps(fn)
        def memo(lex: Any, *args: Any) -> Any:
            if held[0] is not lex:
                held[0], held[1] = lex, {}
            answers = held[1]
            found = answers.get(args, _MISSING)
            if found is _MISSING:
                if len(answers) >= maxsize:
                    answers.clear()
                found = answers[args] = fn(lex, *args)
            return found

        def cache_clear() -> None:
            held[0], held[1] = None, {}

        memo.cache_clear = cache_clear  # type: ignore[attr-defined]
        return memo  # type: ignore[return-value]

    return wrap
