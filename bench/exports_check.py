"""The archivists' outputs checked on held-back scans (issue 17's "how it is judged").

``python -m bench.exports_check [--tier medium] [--jobs 2]`` renders the test split's gold
documents (``bench/splits.json``: the frus1969-76ve04 volume) with ``bench/synth.py`` like
``make bench`` does, runs the pipeline over them with real Tesseract, and reports per document:

- **pdf pages**: the searchable PDF's page count against the scan's;
- **pdf words**: share of each page's final words (the index's page text, which replays
  ``clean.txt``) that ``pdftotext -f N -l N`` reads on that same page (multiset: a word counts
  once per occurrence; a word broken at a line end is in the PDF as its two printed parts, so
  it counts as missing);
- **pages read as written**: pages where ``pdftotext`` reads exactly the words of that page's
  ALTO (body and furniture, corrections applied): the layer holds nothing else and loses
  nothing;
- **alto valid**: ``alto.xml`` against the published ALTO 4.4 schema (``tests/data/alto/``);
- **search**: every place name (the shipped ``places_*`` lexicons) that occurs on one page only
  of the whole batch, searched with ``foia-clean search``'s function: found on that page of that
  document, first hit;
- **re-run**: a second run changes no byte of any document output or of the index.

Nothing here tunes anything: it only reads outputs. Needs pdftotext (poppler-utils) and lxml.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench import run as bench_run
from pipeline.core.config import RunConfig
from pipeline.exports.index import INDEX_NAME, search
from pipeline.runner import run_batch

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
ALTO_XSD = REPO / "tests" / "data" / "alto" / "alto-4-4.xsd"
ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
PLACES = ("places_countries.txt", "places_curated.txt", "places_cities.txt")


def _test_docs() -> tuple[str, ...]:
    splits = json.loads((REPO / "bench" / "splits.json").read_text(encoding="utf-8"))
    return tuple(sorted(f"{name}.txt" for name in splits["gold"]["test"]))


def _schema() -> Any:
    from lxml import etree

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url.endswith("xlink.xsd"):
                return self.resolve_filename(str(ALTO_XSD.parent / "xlink.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(ALTO_XSD), parser))


def _places() -> set[str]:
    names: set[str] = set()
    for file in PLACES:
        for line in (REPO / "dictionaries" / file).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            for name in line.split("|"):
                name = name.strip()
                if re.fullmatch(r"[A-Z][a-z]{3,}", name):
                    names.add(name)
    return names


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith((".", "manifest"))
    }


def _pdftotext(pdf: Path, page: int) -> list[str]:
    cmd = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()


def check(tier: str, jobs: int) -> dict[str, Any]:
    """Render, run twice and check; returns the report (also printed)."""
    import sqlite3

    import pikepdf
    from lxml import etree

    docs = _test_docs()
    profile = bench_run.Profile(f"exports-{tier}", (tier,), docs, None, talbott=0, jfk=())
    plans = bench_run.doc_plans(profile)
    scans = bench_run.ensure_scans(profile, tier, plans, jobs)
    in_dir = bench_run.SCANS / profile.name / "input" / tier
    out = bench_run.OUT / profile.name / tier
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as reviews:
        config = RunConfig(out_dir=out, jobs=jobs, reviews=Path(reviews))
        report = run_batch([in_dir], config)
        first = _snapshot(out)
        run_batch([in_dir], config)
        second = _snapshot(out)
    schema = _schema()
    con = sqlite3.connect(out / INDEX_NAME)
    texts = {
        (name, page): text for name, page, text in con.execute("SELECT name, page, text FROM pages")
    }
    rows: list[dict[str, Any]] = []
    for scan in scans:
        name = scan.plan.name
        row: dict[str, Any] = {"document": name, "scan pages": len(scan.pages)}
        if name in {d.name for d in report.failed}:
            row["failed"] = True
            rows.append(row)
            continue
        pdf = out / name / f"{name}.pdf"
        with pikepdf.open(pdf) as doc:
            row["pdf pages"] = len(doc.pages)
        alto = etree.parse(str(out / name / "alto.xml"))
        want = got = exact = 0
        for page in range(1, len(scan.pages) + 1):
            final = Counter(texts.get((name, page), "").split())
            read = Counter(_pdftotext(pdf, page))
            want += sum(final.values())
            got += sum((final & read).values())
            strings = alto.iterfind(f".//{{{ALTO_NS}}}Page[@ID='p{page}']//{{{ALTO_NS}}}String")
            exact += read == Counter(s.get("CONTENT") for s in strings)
        row["pdf words"] = round(got / want, 4) if want else None
        row["pages read as written"] = f"{exact}/{len(scan.pages)}"
        row["alto valid"] = schema.validate(alto)
        rows.append(row)
    # Place names on exactly one page of the batch, searched for.
    places = _places()
    where: dict[str, set[tuple[str, int]]] = {}
    for (name, page), text in texts.items():
        for word in set(re.findall(r"\w+", text)):
            if word.capitalize() in places:  # the index ignores case, and so does this count
                where.setdefault(word.capitalize(), set()).add((name, page))
    unique = {w: next(iter(p)) for w, p in where.items() if len(p) == 1}
    found = 0
    misses = []
    for word, (name, page) in sorted(unique.items()):
        hits = search(out / INDEX_NAME, word)
        if hits and (hits[0].name, hits[0].page) == (name, page):
            found += 1
        else:
            misses.append(word)
    result = {
        "tier": tier,
        "documents": rows,
        "search": {
            "place names": len(unique),
            "found first on their page": found,
            "missed": misses,
        },
        "rerun changes no byte": first == second,
        "changed on re-run": sorted(
            k for k in first.keys() | second.keys() if first.get(k) != second.get(k)
        ),
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default="medium", choices=("clean", "medium", "hard", "extreme"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if shutil.which("pdftotext") is None:
        print(
            "bench.exports_check needs pdftotext (apt-get install poppler-utils)", file=sys.stderr
        )
        return 3
    result = check(args.tier, args.jobs)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
