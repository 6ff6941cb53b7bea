"""A capitalised word mid-sentence that the document itself writes, one misreading away, is
applied when the calibrated model is sure (``corroborate.written_in_document``)."""

from __future__ import annotations

from pipeline.core.enums import CorrectionDecision
from pipeline.lexicon import Lexicon
from pipeline.stages.correct import correct

#: In the wild, dev split: lines 120, 692, 943, 1294, 1369 of
#: bench/furniture/jfk-176/2022__176-10030-10085.md (an interview transcript, real OCR).
LINES = [
    "The outgoing Deputy Secretary of Defense asked",
    "how better the Bresident could be served in",
    "talks with people like the Secretary of Pefense",
    "the means for President Kennedy to talk to",
    "President Kennedy talk to the Cubans ,was the",
]


def _decisions(text: str, lexicon: Lexicon) -> dict[str, tuple[str, CorrectionDecision, str]]:
    result = correct(text, None, lexicon)
    return {c.original: (c.replacement, c.decision, c.reason) for c in result.corrections}


def test_a_capitalised_word_the_document_writes_is_applied(lexicon: Lexicon) -> None:
    got = _decisions("\n".join(LINES) + "\n", lexicon)
    replacement, decision, reason = got["Pefense"]
    assert (replacement, decision) == ("Defense", CorrectionDecision.APPLIED)
    assert "written in this document" in reason
    # ``Bresident``: 'resident' nearly as likely, a doubt of its own: still proposed.
    assert got["Bresident"][:2] == ("President", CorrectionDecision.PROPOSED)


def test_not_where_the_document_writes_the_word_small(lexicon: Lexicon) -> None:
    """Synthetic variant: the document writes ``defense`` small mid-sentence, so the capital of
    ``Pefense`` may be OCR's (BLN600 dev: ``Gharacterised`` for characterised): proposed."""
    lines = [LINES[0].replace("of Defense asked", "said defense was"), *LINES[1:]]
    got = _decisions("\n".join(lines) + "\n", lexicon)
    assert got["Pefense"][1] == CorrectionDecision.PROPOSED
