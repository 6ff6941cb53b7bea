"""What the document's own text looks like: the cable header, paragraph starts and prose.

These are the counter-evidence: a protected header line is never removed on weak evidence, and
a line that reads like a sentence is no running head.
"""

from __future__ import annotations

import logging
import re

from pipeline.core import text

log = logging.getLogger(__name__)

# The cable's own header and paragraph markings (issue 3, "What is not"). Weak evidence never
# removes these; only a strong stamp found inside them is cut out as a span.
PROTECTED = re.compile(
    r"""^\W{0,3}(?:
        (?:TAGS|SUBJECT|SUBJ|REF|REFS|APPR|DRAFT|DRAFTED|CLEAR|CLEARED|OTHER|FM|TO|INFO|ACTION)\s*:
        |[A-Z]?E\.?\s?O\.?\s?\d{4,6}
        |DECL\s*:
        |Classified\s+by\b|CLASSIFIED\s+BY\b|Reason\s*:
        |\d{1,2}\.\s*\(\s*[A-Za-z/]{1,5}\s*\)
        |\(\s*[A-Za-z]{1,3}\s*\)\s+\S
    )""",
    re.X,
)

# Paragraph and list starts: a line beginning like this starts something new.
# A "KEY: value" header counts only with its value: in capitals, a wrapped paragraph's last line
# can be one word and a colon ("OPPORTUNITY:").
LIST_START = re.compile(r"^\s*(?:\d{1,2}\.\s|\(\w{1,3}\)\s|[-•*]\s|[A-Z][A-Z /&.-]{1,20}:\s+\S)")


LOWER_RUN = re.compile(r"[a-z]{2,}")


def has_prose(text: str) -> bool:
    """Several lower-case words: a sentence, not a stamp (stamps are capitals or Title Case).

    >>> has_prose("ALL INFORMATION CONTAINED"), has_prose("the talks went on in Minsk")
    (False, True)
    """
    return sum(1 for t in text.split() if LOWER_RUN.search(t) and t[0].islower()) >= 2


def prose_words(text: str) -> int:
    """Words that start in lower case: "the", "of", "would" - sentences have them, titles and
    running heads few (a word counts with two lower-case letters in a row).

    >>> prose_words("Assassination Records Collection Act of"), prose_words("a US note was sent")
    (1, 3)
    """
    return sum(1 for t in text.split() if t[0].islower() and LOWER_RUN.search(t))


_WORD = re.compile(r"[^\W\d_]{2,}[,;]?")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"')\]”’]*$")


def _plain_word(token: str) -> bool:
    """A word a sentence goes on with: letters (a comma or semicolon after), not a field name
    ("SUBJECT:"), not a code."""
    return bool(_WORD.fullmatch(token))


# Words that tie a phrase into a sentence ("WILL RELEASE IN FULL THE NAMES"): English grammar's
# closed classes, shared with review's scope of a learned correction (core.text).
FUNCTION_WORDS = text.FUNCTION_WORDS


def in_sentence(
    before: str, after: str, prev_line: str, next_line: str, closes: bool = False
) -> bool:
    """Is a stamp's bare phrase (``SpanPattern.phrase``) part of a sentence rather than a stamp?

    ``before``/``after``: the line's text on either side of the phrase (other stamps cut out);
    ``prev_line``/``next_line``: the neighbouring source lines ("" at a blank line or the page
    edge). A stamp stands apart: its own line, beside a field ("... SUBJECT:") or a code, after
    a full stop. A phrase is body text when a sentence's words run on at both of its ends - on
    its line, or across the line break where its line stops mid-sentence - and one of the two
    is a word that ties it into the sentence (``FUNCTION_WORDS``: "WILL", "THE", "OF" ...); a
    stamp run into a title ("... SCHEDULE RELEASE IN FULL" / "DECEMBER 29, 1995") has none.
    ``closes``: the phrase itself ends with the sentence's full stop ("The memo was released
    under the John F. Kennedy Assassination Records Act."): then nothing need run on after it,
    and the word in front of it must be the tie.

    >>> in_sentence("THE GOVERNMENT WILL", "THE NAMES OF", "", "")
    True
    >>> in_sentence("", "", "1. THE TALKS.", "2. NEXT"), in_sentence("", "SUBJECT: TRIP", "", "")
    (False, False)
    >>> in_sentence("IT WILL", "", "", "THE NAMES OF THE DETAINEES.")
    True
    >>> in_sentence("THE TALKS ENDED.", "", "", "THE NAMES")
    False
    >>> in_sentence("TALBOTT'S SCHEDULE", "", "", "DECEMBER 29, 1995")
    False
    >>> in_sentence("The memo was", "", "", "", closes=True), in_sentence("", "", "", "", True)
    (True, False)
    >>> in_sentence("Best ava=-ab e -mage", "", "", "", closes=True)
    False
    """
    left = before.split()
    right = after.split()
    if not left and not right:
        return False  # the phrase is the line: a stamp
    if left:
        last = left[-1]
    else:
        prev = prev_line.split()
        if not prev or _ENDS_SENTENCE.search(prev_line.rstrip()):
            return False
        last = prev[-1]
    first = right[0] if right else (next_line.split() or [""])[0]
    if closes and not right:  # the sentence ends with the phrase: the tie is in front of it
        return _plain_word(last) and last.strip(",;").lower() in FUNCTION_WORDS
    if not (_plain_word(last) and _plain_word(first)):
        return False
    return any(w.strip(",;").lower() in FUNCTION_WORDS for w in (last, first))
