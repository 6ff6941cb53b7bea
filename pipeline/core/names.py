"""Document names that are safe to write, and text that is safe to print.

A document's name comes from a file or folder name chosen by whoever made the scans, and it
becomes a folder under ``--out`` and a decision log under ``--reviews``. ``name_problem`` says why
a name cannot be one (``..``, a hidden or reserved name, control characters, too long for the
file names made from it); the runner fails that document alone, before any work. ``printable``
escapes what a terminal would act on (newlines, escape sequences, direction overrides) so a file
name can never rewrite or hide another line of output; ``scrub`` takes machine-specific paths and
temporary file names out of an error text before it is written into ``error.json`` or the
manifest.
"""

from __future__ import annotations

import re
import unicodedata

#: The longest name, in UTF-8 bytes. A file system allows 255 per name; the longest file made
#: from a document name is its review log's temporary file (``.NAME.jsonl.XXXXXXXX.foia-clean.tmp``,
#: 31 bytes more), and a little room is left for whatever names a later version derives.
MAX_NAME_BYTES = 200

#: Names foia-clean itself uses where document names go: the batch's search index
#: ``OUT/index.sqlite``, the manifest of earlier versions ``OUT/manifest.json`` (removed when
#: found) and the batch-wide decision log ``REVIEWS/_batch.jsonl``.
RESERVED_NAMES = frozenset({"index.sqlite", "manifest.json", "_batch"})

# Invisible characters that reorder or hide what follows them on a terminal (bidirectional
# overrides and isolates, marks): escaped when printed, like control characters.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _BIDI


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a document's output name, or None when it can.

    >>> name_problem("cable-1997-aliyev") is None
    True
    >>> name_problem("..")
    "the name '..' would put its outputs outside --out"
    >>> name_problem(".hidden")
    "the name starts with '.', which foia-clean keeps for its own files in --out"
    >>> name_problem("memo\\x1b[2K") is not None
    True
    """
    if not name.strip():
        return "the name is empty"
    if set(name) == {"."}:
        return f"the name {printable(name)!r} would put its outputs outside --out"
    if "/" in name or "\\" in name or "\x00" in name:
        return "the name contains a path separator"
    if name.startswith("."):
        return "the name starts with '.', which foia-clean keeps for its own files in --out"
    if name in RESERVED_NAMES:
        return f"the name {name!r} is reserved for foia-clean's own files"
    if any(_is_control(ch) for ch in name):
        return (
            f"the name {printable(name)} contains control characters (newlines, terminal "
            "escapes or direction overrides); rename the file"
        )
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        return "the name is not valid UTF-8; rename the file"
    if size > MAX_NAME_BYTES:
        return (
            f"the name is {size} bytes long; at most {MAX_NAME_BYTES} fit in the output and "
            "review file names made from it"
        )
    return None


def printable(text: str) -> str:
    """``text`` with control characters, direction overrides and undecodable bytes escaped, for
    a terminal line (a file name can never move the cursor, erase a line or start a new one).

    >>> printable("memo\\n.pdf")
    'memo\\\\n.pdf'
    >>> printable("a\\x1b[2Kb")
    'a\\\\x1b[2Kb'
    >>> printable("Ter-Petrossian.pdf")
    'Ter-Petrossian.pdf'
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if _is_control(ch) or "\udc80" <= ch <= "\udcff":
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


# An absolute path (two or more components) inside an error text, and a temporary file's name.
_ABSOLUTE = re.compile(r"(?<![\w.~-])/(?:[^/\s'\"]+/)+([^/\s'\"]+)")
_TEMPORARY = re.compile(r"\.[^/\s'\"]+\.[A-Za-z0-9_]{8}(?:\.foia-clean)?\.tmp\b")


def scrub(reason: str) -> str:
    """An error text fit for ``error.json`` and the manifest: absolute paths shortened to their
    last part, temporary file names dropped, control characters escaped.

    >>> scrub("[Errno 28] No space left on device: '/home/a/out/memo/.raw.txt.k2j4h5g6.tmp'")
    "[Errno 28] No space left on device: '(temporary file)'"
    >>> scrub("cannot identify image file '/home/a/scans/memo.png'")
    "cannot identify image file 'memo.png'"
    """
    reason = _TEMPORARY.sub("(temporary file)", reason)
    reason = _ABSOLUTE.sub(lambda m: m.group(1), reason)
    reason = _TEMPORARY.sub("(temporary file)", reason)
    return printable(reason)
