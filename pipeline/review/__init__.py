"""Review: people's decisions on proposed corrections, kept for good and re-applied on every run.

A reviewer accepts, rejects or edits the correct stage's proposals (``foia-clean review``). Each
decision is a ``Decision`` record appended to a plain-text log the moment it is made, in a
reviews folder that no generated output lives in; nothing is ever erased (an undo is a record
naming the decision it cancels). Decisions teach the user lexicon, which the correct stage reads
on the next run. The core never prints; ``pipeline.cli.review_terminal`` is the terminal
interface, ``pipeline.cli.review_commands`` the ``decide``/``forget`` commands, and ``web`` the
browser's.

The modules, one job each:

* ``decisions``: the ``Decision`` record, ``Action``/``Scope``, ``effective`` (what stands in
  one log) and ``covers``/``overridden`` (what a later decision superseded in the other log);
* ``store``: the reviews folder (``ReviewStore``): append-only logs, the lock, the user lexicon
  as read;
* ``learning``: ``record_decision``, ``undo_last``, ``forget`` and the lexicon lines a decision
  implies;
* ``answers``: what an answer means (``parse_answer``), for ``decide``, the web API and sheets;
* ``resolve``: applying standing decisions to one document's records (``resolve``: pure);
* ``outputs``: a document's output folder read back and written again (``load_output``,
  ``refresh``), the batch's folders and the order proposals are asked in;
* ``session``: the interactive review as a state machine fed one key at a time;
* ``queue``: the batch's pending proposals for the web review, in the order asked, and groups
  of like changes;
* ``audit``: the changes the run made on its own, grouped by change, kept (``confirm``) or
  reverted (scoped to like places) by a person, and the audit's key machine;
* ``rules``: what decisions taught, listed with scope and places (``learned_rules``), and
  every decision with whether it stands (``decision_states``);
* ``left``: the words correction left alone (``left.jsonl``), listed and decided like
  proposals;
* ``transcribe``: pages OCR flagged for manual transcription, typed by a reviewer: the pixels'
  digest a transcription is tied to, the ``page`` records that put it in ``clean.txt``, stale
  ones;
* ``web``: the browser review, a local Starlette app and its JSON API, over ``queue``;
* ``sheets``: CSV export and import; ``crops``: the word cut out of its page scan.

The pipeline's review stage (``pipeline.stages.review``) calls ``resolve`` for every document.

**For a run**, per document, with the store read once per batch::

    store = ReviewStore(config.reviews)
    batch, learned = store.standing_batch(), store.learned()
    reviewed = resolve(name, stripped, records, store.standing(name), batch, learned)
    # clean.txt: reviewed.text; corrections.jsonl: reviewed.records();
    # metadata.json "review": reviewed.summary(name); warn about reviewed.stale
"""

from __future__ import annotations

import logging

from pipeline.review.crops import ScanCropper
from pipeline.review.decisions import (
    CHANGED,
    FORMAT_VERSION,
    Action,
    Decision,
    Scope,
    describe,
    effective,
)
from pipeline.review.learning import (
    last_decision,
    lexicon_lines,
    record_decision,
    rederive,
    undo_last,
)
from pipeline.review.outputs import (
    DocOutput,
    batch_folders,
    form_counts,
    load_output,
    pending_documents,
    pristine,
    refresh,
    refresh_or_defer,
    refresh_others,
    review_order,
    write_reviewed,
)
from pipeline.review.resolve import (
    CONTEXT_MIN_SIMILARITY,
    Reviewed,
    Stale,
    apply_decisions,
    resolve,
    text_context,
)
from pipeline.review.sheets import export_csv, import_csv, read_csv, write_csv
from pipeline.review.store import (
    BATCH_LOG,
    USER_LEXICON,
    Learned,
    ReviewLogError,
    ReviewStore,
)

log = logging.getLogger(__name__)

__all__ = [
    "BATCH_LOG",
    "CHANGED",
    "CONTEXT_MIN_SIMILARITY",
    "FORMAT_VERSION",
    "USER_LEXICON",
    "Action",
    "Decision",
    "DocOutput",
    "Learned",
    "ReviewLogError",
    "ReviewStore",
    "Reviewed",
    "ScanCropper",
    "Scope",
    "Stale",
    "apply_decisions",
    "batch_folders",
    "describe",
    "effective",
    "export_csv",
    "form_counts",
    "import_csv",
    "last_decision",
    "lexicon_lines",
    "load_output",
    "pending_documents",
    "pristine",
    "read_csv",
    "record_decision",
    "rederive",
    "refresh",
    "refresh_or_defer",
    "refresh_others",
    "resolve",
    "review_order",
    "text_context",
    "undo_last",
    "write_csv",
    "write_reviewed",
]
