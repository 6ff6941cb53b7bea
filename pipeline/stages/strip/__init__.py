"""Strip page furniture, rejoin the document's text and keep a record of every removal.

Page furniture is what the release process, the classification system or the page layout put on
every page: classification banners, page numbers, release stamps, teletype page headers, junk
lines, and a form's printed check-box classification row (``patterns.forms``; what is written
into the form stays). The stage decides line by line, on the evidence a person would use (issue 3):

* **pattern** - the known kinds as priors (``patterns``): a strong stamp removes its text on
  its own, a bare banner line, a stamp piece, a lone number or a junk line needs one more piece
  of evidence (and the last two never count as evidence for their neighbours); banners are the
  older forms ("SECRET", "SECRET/NOFORN") and, by the grammar of ODNI's Intelligence Community
  Authorized Classification and Control Markings Register and Manual (CAPCO, v5.1, 2011, and
  its 2013 and 2016 successors), the modern ones ("TOP SECRET//SI//TK//NOFORN",
  ``patterns.capco``), whose portion marks ("(S//NF) ...") open protected paragraphs;
* **position** - in the top or bottom band of the page (word boxes and the paper's height:
  ``Page.paper`` on a photo or a scan with a dark border, else the image's), or, for text
  input without boxes, at the top or bottom of the page with only the page's band between the
  line and the edge (furniture, and for a banner a few short unrecognised lines: noise, debris;
  for a banner, the end of NARA's identification form is such an edge, the record's first page
  beginning under it); and for both, next to a stamp, banner or repeated line (the furniture
  between two halves of a paragraph sits together, as in the seed, whose four pages are one
  text page);
* **repetition** - the same line near the edge of most pages, matched with rapidfuzz after
  digits are masked, so OCR variation and changing numbers still match, or a running header
  whose one half repeats while the other changes; in text without boxes, a banner or handling
  marking ("SECRET", "NO FOREIGN DISSEM") alone on its line at several places of the document,
  which is all a text without page breaks has to go by; lone numbers that count up through the
  document (1, 2, 3 ...) are a page-number sequence, and a number glued to the start or end of
  a page's first or last line that keeps that numbering is a page number too.

The evidence is added up per line (``decide._score``); a line at or above
``StripConfig.threshold`` is furniture, and its ``Removal`` lists the evidence that decided it.
The cable's own header (``TAGS:``, ``E.O. 12958: DECL:``, portion markings) is protected from
everything but a strong stamp. Banners run into the end of a paragraph and release stamps inside
a line are removed as spans; the rest of the line stays. A stamp's bare words inside a sentence
("... WILL RELEASE IN FULL THE NAMES ...") are the document's. Redaction boxes found on the page
image become ``[REDACTED]`` in the text, the OCR noise inside them removed and recorded.

The kept text is then rejoined: a paragraph cut by a page break becomes one again, line-end
hyphenation is undone only where the lexicon or the document knows the joined word
(``reflow.hyphen_join``; each join recorded as a removed hyphen), and printed lines are
reflowed into paragraphs while header lines keep their own lines, and so do the items of a list
or table: a line that begins with its neighbours' shape (a time, a date, the next number or
letter, the same bullet, a label; ``reflow.item_shape``). Each page's line breaks taken out
(into a space, or inside a word broken at the line end) are listed in one ``line-join`` record
(``StripResult.joins``, ``line_joins``). Every word of the result maps back to its page and line
(``WordSpan``), and every removal says what it was and why (``Removal``), so the source text
is exactly the kept text plus the removals, and the records alone rebuild the kept text.

The modules, in the one direction they import each other:
``config`` (weights, ``StripConfig``) and ``patterns/`` (the forms) → ``lines`` (the working
line and token model) → ``page_marks`` (where a page begins in a short text or an excerpt: a
scan mark standing apart, an export's page marker the text was not split at) → ``evidence``
(position, rows, repetition, sequence, glued page numbers), ``page_breaks`` (a lone number or
a bare banner cutting a sentence, a page counter beside another), ``banner_evidence`` (banners
recurring in text without page position, beside a cable's header line, or broken over lines),
``form_evidence`` (a form's check boxes a few lines apart, or near its printed instruction; the
marking typed beside a CIA information report's printed caption, ``patterns.report_form``, also
where OCR damaged it past reading but it is like the marking read on another page; a printed
notice's wrapped lines, and a notice OCR cut into a block of damaged lines; the end of NARA's
identification form, which is the top of the record's first page in text without page markers),
``stamp_evidence`` (a stamp's date beside its caption, a library's name beside its photocopy
stamp, the NARA footer's record number without its "NW"), ``nara_evidence`` (NARA's footer
split or damaged, known by the document's own recurring id and case number; the JFK Act stamp
cut at the margin), ``recurring_block`` (a block of lines recurring a page apart in text
without page breaks, and the page numbers beside it), ``stamp_piece_evidence`` (a release
stamp's wrapped pieces on lines of their own, read against its printed wording),
``marking_evidence`` (a classification or handling marking damaged past the banner patterns,
read as a whole line against the vocabulary of real markings, and recurring through OCR damage),
``report_head_evidence`` (an information report's page head damaged past both readers, read
word by word where the document prints the report form's caption),
``level_evidence`` (a damaged level word weighed against the document's own banners and the
lexicon), ``counter_evidence``
(a running header with a page counter recurring in text without page breaks, the first page's
header carrying its message number, page numbers a numbering machine stamped),
``block_evidence`` (a stamp of several lines read as a block, a repeated line wrapped in two;
``glued_stamp_evidence``: such a stamp's line OCR ran into a line of text beside it;
``glued_serial_evidence``: the FBI's one-line "REC-" serial stamp at a line's end),
``edge_banners`` (a banner below a boxed page's band, known by how it is set: the page's first
or last line, a level alone, centred, set apart; a banner sharing its band row with a control
number or a date, set apart from it),
``designation_evidence`` (a form's designation cut into short lines), ``teletype_evidence``
(a worn teleprinter page header known by the telegram's headers read whole;
``glued_header_evidence``: such a header OCR ran into a body line at a page's top) and
``redactions`` (``[REDACTED]`` at each redaction box, exemption labels) →
``decide`` (the scores and the removals) → ``noise_evidence`` (a line of paper grain read as
words, known by the OCR's low confidence, its fragments and its place in the paper's margin,
``noise_place``; removed as junk after the scores so it lends its neighbours no evidence;
``noise_strip`` then takes the faint fragments of the same strip of grain beside it;
``speck_tokens``: a speck of grain read as a lone mark between words, inside a kept line) and
``list_items`` (a list's or table's leading shapes) → ``fields`` (release and cable metadata)
and ``reflow`` (the text, from each line's kept part, ``kept_lines``; ``line_joins`` writes its line
breaks' records); ``stage`` is the
stage the runner sees (cache key, ``--no-strip``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.core.records import Page
from pipeline.core.results import Removal, StripResult
from pipeline.stages.strip.config import FURNITURE_KINDS, StripConfig

if TYPE_CHECKING:
    from pipeline.lexicon import Lexicon

__all__ = [
    "FURNITURE_KINDS",
    "Removal",
    "StripConfig",
    "StripResult",
    "strip",
]

log = logging.getLogger(__name__)


def strip(
    pages: Sequence[Page], config: StripConfig | None = None, lexicon: Lexicon | None = None
) -> StripResult:
    """Remove the page furniture from a document; return its text, word map, removals, metadata.

    ``pages``: the document's pages in order (``Page.lines`` with OCR word boxes and a page
    height, or text lines without boxes: position then falls back to the page's first and last
    lines). ``config``: the weights' options (``StripConfig()`` if None). Returns a
    ``StripResult``: ``text`` (the kept text, paragraphs rejoined), ``spans`` (one ``WordSpan``
    per word of ``text``: page number, line index, box in page pixels, OCR confidence 0-100),
    ``removals`` (every removed line or span, with its kind and evidence), ``fields`` (release
    and cable metadata, by name), ``redactions`` and ``joins`` (per page, the lines whose line
    break was taken out: ``line_joins``). ``lexicon``: the run's dictionaries, asked
    whether a word broken at a line end is one word (``reflow.hyphen_join``); without it only
    the document's own words decide. Raises nothing for odd input: a page with no lines, or a
    document of one page, simply has less evidence.
    """
    # Imported here, not at the top: the runner imports this package at start-up, and the
    # patterns, rapidfuzz and numpy are only needed once the first document reaches the stage.
    from pipeline.stages.strip.banner_evidence import (
        banner_recurrence,
        broken_banners,
        cable_banners,
    )
    from pipeline.stages.strip.block_evidence import stamp_blocks, wrapped_repeats
    from pipeline.stages.strip.counter_evidence import (
        counted_headers,
        marked_heads,
        stamped_numbers,
    )
    from pipeline.stages.strip.decide import list_removals, mark_furniture
    from pipeline.stages.strip.designation_evidence import (
        designation_blocks,
        repeated_designations,
        revised_designations,
    )
    from pipeline.stages.strip.edge_banners import edge_banners, row_banners
    from pipeline.stages.strip.evidence import (
        glued_numbers,
        positions,
        recurrence,
        repetition,
        sequence,
    )
    from pipeline.stages.strip.fields import read_fields
    from pipeline.stages.strip.form_evidence import (
        form_columns,
        form_wording_lines,
        id_form_ends,
        notice_block_lines,
        notice_blocks,
        report_heads,
    )
    from pipeline.stages.strip.glued_header_evidence import glued_headers
    from pipeline.stages.strip.glued_serial_evidence import glued_serials
    from pipeline.stages.strip.glued_stamp_evidence import glued_stamps
    from pipeline.stages.strip.level_evidence import damaged_levels, specked_levels
    from pipeline.stages.strip.lines import collect
    from pipeline.stages.strip.marking_evidence import damaged_markings, marking_recurrence
    from pipeline.stages.strip.nara_evidence import cut_stamp_lines, nara_footers, wrapped_headers
    from pipeline.stages.strip.noise_evidence import noise_lines
    from pipeline.stages.strip.noise_strip import strip_rests
    from pipeline.stages.strip.page_breaks import counter_mates, cut_banners, cut_sentences
    from pipeline.stages.strip.page_marks import lone_scan_marks
    from pipeline.stages.strip.recurring_block import recurring_blocks
    from pipeline.stages.strip.redactions import labels, mark_redactions, place_marks
    from pipeline.stages.strip.reflow import assemble
    from pipeline.stages.strip.report_head_evidence import damaged_report_heads
    from pipeline.stages.strip.speck_tokens import speck_tokens
    from pipeline.stages.strip.stamp_evidence import footer_numbers, stamp_dates, stamp_names
    from pipeline.stages.strip.stamp_piece_evidence import stamp_pieces
    from pipeline.stages.strip.teletype_evidence import worn_headers

    config = config or StripConfig()
    lines, by_page = collect(pages)
    damaged_levels(lines, lexicon)
    broken_banners(lines)
    positions(pages, by_page, config)
    edge_banners(pages, by_page)
    row_banners(pages, by_page)
    mark_redactions(pages, by_page)
    repetition(pages, by_page, config)
    recurrence(lines)
    lone_scan_marks(lines)
    form_columns(lines)
    id_form_ends(lines)
    report_heads(lines)
    notice_blocks(lines)
    form_wording_lines(lines)
    notice_block_lines(by_page)
    stamp_dates(lines)
    stamp_names(lines)
    footer_numbers(lines)
    stamp_blocks(lines)
    stamp_pieces(lines)
    specked_levels(lines, lexicon)
    designation_blocks(lines)
    repeated_designations(lines)
    revised_designations(lines)
    worn_headers(lines)
    glued_headers(lines)
    wrapped_repeats(lines)
    stamped_numbers(by_page)
    banner_recurrence(lines)
    cable_banners(lines)
    sequence(lines)
    cut_sentences(lines)
    cut_banners(lines)
    counter_mates(lines)
    glued_numbers(by_page)
    damaged_markings(lines)
    damaged_report_heads(lines)
    marking_recurrence(lines)
    marked_heads(by_page)
    counted_headers(lines)
    nara_footers(lines)
    cut_stamp_lines(lines)
    wrapped_headers(lines)
    recurring_blocks(lines)
    glued_stamps(lines, lexicon)  # last: every pass above claims its whole lines first
    glued_serials(lines)  # a one-line stamp: after the blocks' glued lines
    mark_furniture(lines, config)
    noise_lines(pages, lines, lexicon)  # after: grain lines give no neighbour evidence
    strip_rests(pages, lines, lexicon)  # the fragments of a grain strip beside those lines
    speck_tokens(lines)  # lone marks that are specks, inside the lines kept
    removals = list_removals(pages, lines, config)
    fields = read_fields(pages, lines)
    redactions = labels(pages, lines)
    text, spans, hyphens, joins = assemble(pages, lines, config, lexicon)
    removals = tuple(sorted((*removals, *hyphens), key=lambda r: (r.page, r.line, r.start)))
    removals = place_marks(removals, spans, text)
    log.debug(
        "strip: %d pages, %d removals, %d characters kept", len(pages), len(removals), len(text)
    )
    return StripResult(text, spans, removals, fields, redactions, joins)
