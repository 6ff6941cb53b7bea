"""What the whole batch says about a word, gathered before any document is corrected.

One document rarely settles whether an unknown word is a misreading or a real name; a batch of
releases from the same office often does: a form that recurs across documents with high OCR
confidence is real, and a capitalised common word that the batch otherwise writes small is a
case confusion. The batch runner builds one ``BatchVocabulary`` and hands it to every ``correct``.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.core.records import WordSpan
from pipeline.stages.correct.config import CorrectConfig
from pipeline.stages.correct.tokens import SpanLocator, case_forms, is_alpha_word, tokenize

log = logging.getLogger(__name__)

#: Words this long (in letters) have the plain words either side of them kept
#: (``BatchVocabulary.short_contexts``): the short non-words ``batchread`` reads.
SHORT_CONTEXT_LENGTHS = range(2, 5)


@dataclass
class BatchVocabulary:
    """Forms (lowercased words) across all documents of a batch, built before correcting.

    A form that recurs across documents, read with high confidence, is probably right even if no
    dictionary has it (a name, a term of art); a form that is rare next to a close, common one is
    probably an error of it.

    ``counts`` are occurrences, ``docs`` the number of documents a form occurs in, ``conf_sum`` /
    ``conf_n`` the summed Tesseract confidences (0-100) of its readings, ``documents`` the
    documents added.

    >>> vocab = BatchVocabulary.from_documents(["the Talks went on", "talks resumed"])
    >>> vocab.docs["talks"], vocab.documents, vocab.mean_conf("talks")
    (2, 2, None)
    """

    counts: Counter[str] = field(default_factory=Counter)
    docs: Counter[str] = field(default_factory=Counter)
    conf_sum: dict[str, float] = field(default_factory=dict)
    conf_n: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    #: Capitalised words (``Situation``) mid-sentence, as written, and words written small.
    title_mid: Counter[str] = field(default_factory=Counter)
    lower_forms: Counter[str] = field(default_factory=Counter)
    #: Documents in which a word with capitals inside (``FonOff``) occurs, as written.
    mixed_docs: Counter[str] = field(default_factory=Counter)
    #: Adjacent pairs of words (``"first second"``, lowercased, no punctuation between): the
    #: batch as its own language model (a release of 1,000 documents is its own best context).
    bigrams: Counter[str] = field(default_factory=Counter)
    #: Runs of three such words (``"first second third"``): the batch's word triples, which
    #: decide between near rivals where a pair cannot (``window.decisive``).
    trigrams: Counter[str] = field(default_factory=Counter)
    #: Each short lowercase word (``SHORT_CONTEXT_LENGTHS`` letters) -> the plain words either
    #: side of it, ``"prev next"`` (lowercased, no punctuation between) -> how often: where the
    #: batch's other places can read a short non-word (``wvas``) by both its neighbours.
    short_contexts: dict[str, Counter[str]] = field(default_factory=dict)

    def add_document(self, text: str, spans: Sequence[WordSpan] = ()) -> None:
        """Count one document: ``text`` is its stripped text, ``spans`` its OCR word spans
        (offsets into ``text``, for confidences; none for a text input)."""
        tokens = tokenize(text)
        locator = SpanLocator(spans)
        words = [tok for tok in tokens if is_alpha_word(tok.core)]
        self.counts.update([tok.low for tok in words])
        if locator.spans:  # a text input has no confidences: nothing to look up
            for tok in words:
                conf = locator.conf(tok.start, tok.end)
                if conf is not None:
                    low = tok.low
                    self.conf_sum[low] = self.conf_sum.get(low, 0.0) + conf
                    self.conf_n[low] += 1
        self.docs.update(set([tok.low for tok in words]))
        self.bigrams.update(
            f"{a.low} {b.low}"
            for a, b in itertools.pairwise(tokens)
            if not a.trail and not b.lead and a.core.isalpha() and b.core.isalpha()
        )
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False):
            core = b.core
            plain = not (a.trail or b.lead or b.trail or c.lead)
            if plain and a.core.isalpha() and core.isalpha() and c.core.isalpha():
                self.trigrams[f"{a.low} {b.low} {c.low}"] += 1
            if (
                len(core) in SHORT_CONTEXT_LENGTHS
                and not (a.trail or b.lead or b.trail or c.lead)
                and core.isalpha()
                and core.islower()
                and a.core.isalpha()
                and c.core.isalpha()
            ):
                self.short_contexts.setdefault(core, Counter())[f"{a.low} {c.low}"] += 1
        title, lower, mixed = case_forms(tokens)
        self.title_mid.update(title)
        self.lower_forms.update(lower)
        self.mixed_docs.update(mixed)
        self.documents += 1

    @classmethod
    def from_documents(
        cls, documents: Iterable[tuple[str, Sequence[WordSpan]] | str]
    ) -> BatchVocabulary:
        """The vocabulary of ``documents``: stripped texts, or ``(text, spans)`` pairs."""
        vocab = cls()
        for doc in documents:
            if isinstance(doc, str):
                vocab.add_document(doc)
            else:
                vocab.add_document(doc[0], doc[1])
        return vocab

    @classmethod
    def of_document(cls, text: str, spans: Sequence[WordSpan] = ()) -> BatchVocabulary:
        """One document's part of a batch vocabulary (the map step of ``merged``)."""
        vocab = cls()
        vocab.add_document(text, spans)
        return vocab

    @classmethod
    def merged(cls, parts: Iterable[BatchVocabulary]) -> BatchVocabulary:
        """The vocabulary of the documents of ``parts``, folded in the order given (the reduce
        step; confidences are float sums, so the order is fixed for identical results).

        >>> parts = [BatchVocabulary.of_document(t) for t in ["the Talks went on", "talks"]]
        >>> vocab = BatchVocabulary.merged(parts)
        >>> vocab.docs["talks"], vocab.counts["talks"], vocab.documents
        (2, 2, 2)
        """
        vocab = cls()
        for part in parts:
            vocab.merge(part)
        return vocab

    def merge(self, other: BatchVocabulary) -> None:
        """Add the documents counted in ``other`` to this vocabulary."""
        self.counts.update(other.counts)
        self.docs.update(other.docs)
        for low, conf in other.conf_sum.items():
            self.conf_sum[low] = self.conf_sum.get(low, 0.0) + conf
        self.conf_n.update(other.conf_n)
        self.title_mid.update(other.title_mid)
        self.lower_forms.update(other.lower_forms)
        self.mixed_docs.update(other.mixed_docs)
        self.bigrams.update(other.bigrams)
        self.trigrams.update(other.trigrams)
        for form, contexts in other.short_contexts.items():
            self.short_contexts.setdefault(form, Counter()).update(contexts)
        self.documents += other.documents

    def mean_conf(self, low: str) -> float | None:
        """Mean OCR confidence (0-100) of ``low``'s readings, or None if none was recorded."""
        n = self.conf_n.get(low, 0)
        return None if n == 0 else self.conf_sum[low] / n

    def established(self, low: str, config: CorrectConfig, rival: str | None = None) -> bool:
        """Is ``low`` a consistent form of the batch (and not dwarfed by ``rival``)?"""
        if self.docs.get(low, 0) < config.established_min_docs:
            return False
        conf = self.mean_conf(low)
        if conf is not None and conf < config.established_min_conf:
            return False
        return not (rival is not None and self.counts.get(rival, 0) > 4 * self.counts[low])
