# Footnotes: `make serve` to preview, `make test` to check, `make build` for site/.
# Each target first creates or updates .venv from the pinned dependencies.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: serving needs only the build's packages; tests and checks add theirs.
SERVE_STAMP := $(VENV)/.installed-serve
STAMP  := $(VENV)/.installed
# Hides Material's end-of-life notice (5 May 2027), shown on every build and
# preview save; README "The road after Material" states the date and the plan.
export NO_MKDOCS_2_WARNING := 1
# Print the dependencies in pyproject.toml, with their exact pins: what
# serving needs (DEPS_SERVE), and everything (DEPS).
DEPS_SERVE := 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(" ".join(p["dependencies"]))'
DEPS   := 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(" ".join(p["dependencies"] + [d for ds in p["optional-dependencies"].values() for d in ds]))'

.PHONY: help setup serve build test test-fast bench check hooks clean lock zensical-check review-report

help:
	@echo "make serve   build and serve the guide at http://127.0.0.1:8000 (live reload)"
	@echo "make build   write the finished site to site/ (left as it was if the build fails)"
	@echo "make test    run every test"
	@echo "make test-fast  every test except those that drive a browser"
	@echo "make zensical-check  try a Zensical build of the same sources (not part of make test)"
	@echo "make bench   build speed and site size (medians)"
	@echo "make check   data, build, Markdown lint, reading grade, claims, spelling: one line per problem"
	@echo "make hooks   run make check's steps before every commit (pre-commit)"
	@echo "make review-report  pages and data due for review within 90 days (never fails)"
	@echo "make clean   remove site/, caches and .venv"
	@echo "make lock    re-pin constraints.txt after changing pyproject.toml"

setup: $(STAMP)

# Direct dependencies (with their exact pins) come from pyproject.toml;
# constraints.txt pins everything they pull in.
$(SERVE_STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt $$($(BIN)/python -c $(DEPS_SERVE))
	@touch $(SERVE_STAMP)

$(STAMP): $(SERVE_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt $$($(BIN)/python -c $(DEPS))
	@touch $(STAMP)

serve: $(SERVE_STAMP)
	$(BIN)/python -m macros serve --dev-addr 127.0.0.1:8000

build: $(SERVE_STAMP)
	$(BIN)/python -m macros build --site-dir site

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

bench: $(STAMP)
	$(BIN)/python -m macros bench

review-report: $(SERVE_STAMP)
	$(BIN)/python -m macros review-report

# The same steps as the pre-commit hooks (.pre-commit-config.yaml); it builds site/.
check: $(STAMP)
	$(BIN)/python -m macros check --site-dir site

hooks: $(STAMP)
	$(BIN)/pre-commit install

# Zensical, the successor to Material, in a venv of its own. 0.0.70 is the
# newest release whose dependencies install from the package index here.
ZENSICAL_VENV := .venv-zensical
zensical-check: $(STAMP)
	@test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt zensical==0.0.70 mkdocs==1.6.1 pydantic==2.14.3 PyYAML==6.0.3 segno==1.6.6
	$(BIN)/python -m macros zensical-check --zensical $(ZENSICAL_VENV)/bin/zensical

clean:
	rm -rf site .site-new-* .site-old-* .pytest_cache .cache $(VENV) $(ZENSICAL_VENV)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Re-pin: install the direct dependencies fresh, then freeze the full set.
lock:
	rm -rf /tmp/footnotes-lock && $(PYTHON) -m venv /tmp/footnotes-lock
	/tmp/footnotes-lock/bin/python -m pip install --quiet --disable-pip-version-check \
		$$(/tmp/footnotes-lock/bin/python -c $(DEPS))
	/tmp/footnotes-lock/bin/python -m pip freeze --exclude-editable > constraints.txt
	rm -rf /tmp/footnotes-lock
