"""A short fragment's candidate needs a pair with a neighbour, not just a place in the document.

``decide``'s short-word branch (``CorrectConfig.short_needs_pair``). The fragments are as
damaged JFK dev typescript reads them (``bench/labels/proposals-dev.tsv``: ``war sce sui``,
``Yes whe wt``, judged unreadable); the sentences around them are synthetic.
"""

from __future__ import annotations

from pipeline.lexicon import Lexicon
from pipeline.stages.correct import CorrectConfig, correct

#: ``see`` and ``who`` occur in it: the candidates are "in the document".
SOUND = "We went to see the minister and he was glad to see us. The man who came was here.\n"
ON = CorrectConfig()
OFF = CorrectConfig(short_needs_pair=False)


def proposed(text: str, lexicon: Lexicon, config: CorrectConfig = ON) -> list[tuple[str, str]]:
    return [(c.original, c.replacement) for c in correct(text, None, lexicon, config).corrections]


def test_a_fragment_amid_noise_is_left_with_its_reason(lexicon: Lexicon) -> None:
    for line, word, cand in (
        ("trouble and war sce sui 2ks of the talks.\n", "sce", "see"),
        ("Yes whe wt O'BRIEN Yost came.\n", "whe", "who"),
    ):
        text = SOUND + line
        assert proposed(text, lexicon, OFF) == [(word, cand)]  # proposed without the rule
        result = correct(text, None, lexicon)
        assert [c for c in result.corrections if c.original == word] == []
        (left,) = [w for w in result.left_words if w.original == word]
        assert left.candidate == cand and "known pair" in left.why


def test_a_fragment_its_neighbours_pair_with_is_still_proposed(lexicon: Lexicon) -> None:
    text = SOUND + "He said he would be glad to see the paper, I sce.\n"
    assert ("sce", "see") in proposed(text, lexicon)
