"""What page furniture looks like: the priors of the strip stage, one module per form family.

Each pattern was written from real forms (``../shared/corpus/stamps.tsv`` and the real OCR texts
it names) and tolerates the OCR damage seen there: letter-spaced document numbers, ``O``/``0`` and
``l``/``1`` swaps, ``GIA-RDP`` for ``CIA-RDP``, ``Docld`` for ``DocId``, stray quotes and dashes.
A pattern on its own is only a prior: the strip stage weighs it together with the line's
position on the page and its repetition across pages (weights in ``strip.config``).

* ``base`` - the pattern and match records, and OCR's character classes shared by the families;
* ``stamps`` - release stamps (State, CIA CREST, NARA JFK, FBI), whole or as wrapped pieces,
  and the CIA classification authority line;
* ``jfk_band`` - the NARA JFK release band: its fixed wording by rapidfuzz, its fields by shape;
* ``teletype`` - the teleprinter's page header;
* ``page_numbers`` - page labels and lone page numbers;
* ``banners`` - classification banners, as lines and run into a paragraph's end;
* ``forms`` - a form's printed check-box classification row ("[] SECRET [] CONFIDENTIAL");
* ``notices`` - a form's printed notices (the Espionage Laws notice, "REPRODUCTION BY OTHER
  THAN THE ISSUING OFFICE IS PROHIBITED") and mail and file room stamps ("REC-37", "SEARCHED");
* ``junk`` - scanner speckle read as characters;
* ``body`` - what the document's own text looks like (the cable header, prose, list starts);
* ``match`` - the patterns applied to a line: ``match_line`` and ``find_spans``.
"""
