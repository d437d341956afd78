# Two commands do everything on a fresh machine (Python 3.11, nothing installed):
#   make demo   runs unspin compare on the sample articles in samples/, then corpus mode (stories,
#               a fact sheet, the static report) on samples/corpus
#   make test   runs the whole test suite, quality gates included
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test fuzz lint bench clean browser serve

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/unspin compare samples/port-strike/source.txt samples/port-strike/farm-spin.html
	$(BIN)/unspin compare samples/port-strike/source.txt samples/port-strike/paraphrase.txt
	$(BIN)/unspin compare samples/port-strike/source.txt samples/port-strike/other-outlet.json --format markdown
	$(BIN)/unspin compare samples/port-strike/source.txt samples/port-strike/farm-spin.html --format html --output out/port-strike.html
	@echo "HTML report written to out/port-strike.html"
	$(BIN)/unspin run samples/corpus/articles.jsonl --db out/demo.db
	$(BIN)/unspin stories --db out/demo.db
	$(BIN)/unspin show ferry-fire-farm --db out/demo.db
	$(BIN)/unspin facts farm-spin-1 --db out/demo.db
	$(BIN)/unspin report --db out/demo.db -o out/corpus-report.html

# one pytest worker per core (tests/conftest.py hands out the slowest tests first)
test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n auto --dist worksteal

# The fuzz harness at length: 10,000 malformed inputs per input family (`make test`: 1,000)
fuzz: $(STAMP)
	UNSPIN_FUZZ=long $(BIN)/python -m pytest -q -p no:logging -n auto tests/test_fuzz.py

# The web UI's end-to-end tests drive Debian's Chromium through its driver; install both if
# missing (as root, or through sudo). Without them those tests skip and say why.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif command -v apt-get >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ( $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null ) \
	    || echo "warning: could not install chromium and chromium-driver; the browser tests will skip"; \
	else echo "warning: no apt-get to install chromium; the browser tests will skip"; fi

# The web UI over the demo's store (after `make demo`): http://127.0.0.1:8765/
serve: $(STAMP)
	$(BIN)/unspin serve --db out/demo.db

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) out
