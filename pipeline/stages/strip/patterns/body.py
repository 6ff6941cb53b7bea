"""What the document's own text looks like: the cable header, paragraph starts and prose.

These are the counter-evidence: a protected header line is never removed on weak evidence, and
a line that reads like a sentence is no running head.
"""

from __future__ import annotations

import logging
import re

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
