# foia-clean — the two commands a new user needs:
#   make clean   set everything up, then run the batch over scans/ into out/
#   make test    set everything up, then run the test suite
# `make distclean` deletes generated files (out/, .venv/, caches); never scans/, dictionaries/
# or reviews/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# What the batch needs (foia-clean and its dependencies) ...
STAMP  := $(VENV)/.installed-stamp
# ... and, on top, the dev extra (pytest, ruff, the benchmark's tools) for make test and the
# developer targets. Each stamp is made by its own install, so `make clean` then `make test`
# adds the dev extra, and a changed pyproject.toml redoes both.
DEV_STAMP := $(VENV)/.dev-installed-stamp
SCANS  ?= scans
OUT    ?= out
REVIEWS ?= reviews
SOURCES ?= .cache/sources
JOBS   ?=

# Debian/Ubuntu packages: Tesseract 5 with English data and orientation detection (osd) for the
# pipeline; Tesseract's C API headers and a compiler, so pip builds tesserocr against the same
# libtesseract (one initialised Tesseract per worker instead of a process per page; without
# it the pipeline runs the program); fonts that the scan generator (bench/synth.py) renders
# typewriter pages with, for the tests and the benchmark.
TESSERACT_PKGS := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd
API_PKGS       := libtesseract-dev libleptonica-dev pkg-config g++ python3-dev
FONT_PKGS      := fonts-freefont-ttf fonts-liberation fonts-urw-base35
# A real browser for the web review's tests (Selenium drives Debian's headless Chromium).
BROWSER_PKGS   := chromium chromium-driver
# poppler-utils' pdftotext reads the searchable PDFs back in the tests.
TEST_PKGS      := poppler-utils
# OCRmyPDF's system dependencies, for the side-by-side benchmark (make bench-peers).
PEER_PKGS      := ghostscript unpaper pngquant

# $(call apt_get,PACKAGES): install quietly; if that fails, refresh the package lists once and
# try again (a fresh machine's lists may be stale).
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
apt_get = { $(APT_INSTALL) $(1) >/dev/null 2>&1 || { apt-get update -qq && $(APT_INSTALL) $(1); }; }

.PHONY: clean test distclean setup dev-setup python-check system-deps font-deps browser-deps test-deps dictionaries calibration \
        review lint format \
        sample bench bench-quick bench-peers

clean: setup
	$(BIN)/foia-clean run $(SCANS) --out $(OUT) --reviews $(REVIEWS) $(if $(JOBS),--jobs $(JOBS),)

test: dev-setup font-deps browser-deps test-deps
	$(BIN)/python -m pytest -q

setup: python-check system-deps $(STAMP)

dev-setup: setup $(DEV_STAMP)

# foia-clean needs Python 3.11 or newer (pyproject.toml's requires-python says the same to pip):
# one line and exit 3 (a missing dependency) before any venv is made with an older one.
PYTHON_CHECK = v=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) \
	  || { echo "foia-clean needs Python 3.11 or newer, and there is no '$(PYTHON)': sudo apt-get install python3 (or make PYTHON=/path/to/python3.11)" >&2; exit 3; }; \
	case "$$v" in 3.1[1-9]|3.[2-9][0-9]|[4-9].*) ;; \
	  *) echo "foia-clean needs Python 3.11 or newer; $(PYTHON) is Python $$v: install a newer one and run make PYTHON=/path/to/python3.11 (or newer)" >&2; exit 3;; esac

python-check:
	@$(PYTHON_CHECK)

$(STAMP): pyproject.toml setup.py
	@$(PYTHON_CHECK)
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { [ "$$(id -u)" = 0 ] && \
	  $(APT_INSTALL) python3-venv >/dev/null 2>&1; } || \
	  { echo "Python's venv is missing: sudo apt-get install python3-venv" >&2; exit 3; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@# tesserocr built from source against the system libtesseract (a binary wheel bundles its
	@# own); if it cannot be built the pipeline runs the tesseract program instead.
	$(BIN)/python -m pip install --quiet --no-binary tesserocr -e '.[api]' || \
	  echo "note: tesserocr did not build; OCR runs the tesseract program (slower per page)" >&2
	touch $(STAMP)

# The test and development tools (the dev extra), on top of what the batch needs.
$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

# Tesseract >= 5 with English data: installed with apt-get when missing and we are root,
# otherwise stop with what to install (exit 3, like the CLI's missing-dependency code).
system-deps:
	@if command -v tesseract >/dev/null 2>&1 \
	    && tesseract --version 2>&1 | head -n1 | grep -Eq 'tesseract v?([5-9]|[1-9][0-9])\.' \
	    && tesseract --list-langs 2>/dev/null | grep -qx eng \
	    && tesseract --list-langs 2>/dev/null | grep -qx osd \
	    && { pkg-config --exists tesseract lept 2>/dev/null || [ "$$(id -u)" != 0 ]; }; then \
	  exit 0; \
	fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing $(TESSERACT_PKGS) $(API_PKGS) with apt-get ..."; \
	  $(call apt_get,$(TESSERACT_PKGS) $(API_PKGS)) \
	  || $(APT_INSTALL) $(TESSERACT_PKGS) \
	  || exit 3; \
	else \
	  echo "foia-clean needs Tesseract 5 with English and orientation (osd) data." >&2; \
	  echo "  Debian/Ubuntu: sudo apt-get install $(TESSERACT_PKGS)" >&2; \
	  echo "  (and, for the faster API path: sudo apt-get install $(API_PKGS))" >&2; \
	  echo "  Fedora:        sudo dnf install tesseract tesseract-langpack-eng" >&2; \
	  echo "  macOS:         brew install tesseract" >&2; \
	  exit 3; \
	fi

font-deps:
	@if fc-list 2>/dev/null | grep -qiE 'FreeMono|Liberation Mono|Nimbus Mono'; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing $(FONT_PKGS) with apt-get ..."; \
	  $(call apt_get,$(FONT_PKGS)); \
	else \
	  echo "note: no typewriter font found; the scan generator falls back to DejaVu Sans Mono." >&2; \
	  echo "  Debian/Ubuntu: sudo apt-get install $(FONT_PKGS)" >&2; \
	fi

# Chromium and its WebDriver for the web review's browser test: installed with apt-get when
# missing and we are root; otherwise that test is skipped with a note (it fails under CI=true).
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing $(BROWSER_PKGS) with apt-get ..."; \
	  $(call apt_get,$(BROWSER_PKGS)) \
	  || exit 3; \
	else \
	  echo "note: the web review's browser test needs: sudo apt-get install $(BROWSER_PKGS)" >&2; \
	fi

test-deps:
	@if command -v pdftotext >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing $(TEST_PKGS) with apt-get ..."; \
	  $(call apt_get,$(TEST_PKGS)); \
	else \
	  echo "note: no pdftotext; the PDF read-back tests are skipped." >&2; \
	  echo "  Debian/Ubuntu: sudo apt-get install $(TEST_PKGS)" >&2; \
	fi

# Rebuild the domain lexicon in dictionaries/ from its sources (gazetteer packages at build time).
# SCOWL American English comes from Debian's wamerican; without it the builder keeps the
# committed english_scowl.txt / names_scowl.txt and says so.
dictionaries: dev-setup
	@test -f /usr/share/dict/american-english || { [ "$$(id -u)" = 0 ] && \
	  $(APT_INSTALL) wamerican >/dev/null 2>&1; } || \
	  echo "note: install wamerican (sudo apt-get install wamerican) to rebuild the SCOWL lists" >&2
	$(BIN)/python -m pip install --quiet -e '.[dev,dictionaries]'
	$(BIN)/python -m dictionaries.tools.build
	@for r in frus-history other-publications pocom; do \
	  test -d $(SOURCES)/HistoryAtState+$$r/repo || \
	    git clone --quiet --depth 1 https://github.com/HistoryAtState/$$r $(SOURCES)/HistoryAtState+$$r/repo; \
	done
	$(BIN)/python -m dictionaries.tools.lm --mirror $(SOURCES)
	@for b in $$($(BIN)/python -c 'from dictionaries.tools.books import BOOKS; print(*BOOKS)'); do \
	  test -d $(SOURCES)/GITenberg+$$b/repo || \
	    git clone --quiet --depth 1 https://github.com/GITenberg/$$b $(SOURCES)/GITenberg+$$b/repo; \
	done
	$(BIN)/python -m dictionaries.tools.books --mirror $(SOURCES)

# Refit the correct stage's calibrated apply decision on development material (BLN600 dev and
# the labelled FOIA dev set; needs ../shared/corpus): writes pipeline/stages/correct/calibration.json
calibration: dev-setup
	$(BIN)/python -m bench.calibrate

# Review one document's proposed corrections: make review DOC=<name>
review: setup
	@test -n "$(DOC)" || { echo "usage: make review DOC=<name>  (a folder in $(OUT)/)" >&2; exit 2; }
	$(BIN)/foia-clean review $(OUT)/$(DOC) --reviews $(REVIEWS)

# Regenerate the bundled sample scans in scans/ from the scan generator (fixed seeds).
sample: setup font-deps
	$(BIN)/python -m bench.synth sample --out $(SCANS)

lint: dev-setup
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench

format: dev-setup
	$(BIN)/ruff format pipeline tests bench
	$(BIN)/ruff check --fix pipeline tests bench

# The whole benchmark with the peers side by side (bench/README.md says what each figure means
# and which are held out); writes bench/results.json and bench/sweep-test.png.
bench: dev-setup font-deps bench-peers
	@# start-up over its budget is reported, not a reason to skip the other measurements
	$(BIN)/python -m bench.startup || echo 'bench.startup: over its CPU budget (figures above); the benchmark goes on'
	$(BIN)/python -m bench.run

# The held-out (test split) figures in a few minutes: tiers on 3 test texts, the labelled real
# OCR and BLN600 test parts, the sweep on one test text. Writes bench/out/results-quick.json.
bench-quick: dev-setup font-deps
	$(BIN)/python -m bench.run --quick

bench-peers: dev-setup
	$(BIN)/python -m pip install --quiet ocrmypdf
	@command -v gs >/dev/null 2>&1 && command -v unpaper >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && $(call apt_get,$(PEER_PKGS)); } || \
	  echo "OCRmyPDF needs: sudo apt-get install $(PEER_PKGS)" >&2

distclean:
	rm -rf $(OUT) $(VENV) .cache .pytest_cache .ruff_cache bench/scans bench/out bench/work
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf *.egg-info
