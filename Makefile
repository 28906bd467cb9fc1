# One task file for local runs and CI. `make site` and `make test` are the two commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup validate site serve test pdf previews bench clean

help:
	@echo "make site      build the runbook site into site/ (sets up .venv first)"
	@echo "make test      run the whole test suite"
	@echo "make validate  check the playbook and print every problem"
	@echo "make serve     live preview at http://127.0.0.1:8000"
	@echo "make pdf       print checklists, the quick-reference card and the slide to site/pdf/"
	@echo "make previews  refresh the README's preview images in .github/img from the current build"
	@echo "make bench     run the benchmarks"

# The pinned packages need Python 3.11.5 or newer (pymdown-extensions 13.1.2 says so); Debian 12's own
# python3 is 3.11.2. Checked before anything is installed, with what to do.
PYTHON_MIN := 3.11.5
# The interpreter that made .venv; a different one requested (PYTHON=...) makes it again, from scratch.
WANTED := $(shell $(PYTHON) -c 'import sys; print(sys.executable, "%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
ifneq ($(WANTED),$(shell cat $(VENV)/.python 2>/dev/null))
$(shell rm -f $(STAMP))
endif

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; need = tuple(map(int, "$(PYTHON_MIN)".split("."))); sys.exit(0 if sys.version_info[:3] >= need else "$(PYTHON) is Python %d.%d.%d; the pinned packages need Python $(PYTHON_MIN) or newer. Install one (Debian 12: pyenv or uv python install 3.11; Ubuntu 24.04 python3 is fine) and run: make setup PYTHON=/path/to/python3.11" % sys.version_info[:3])' \
	  || { echo "(nothing was installed; .venv was left as it was)" >&2; exit 1; }
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# pip compiles what it installs, but not an editable package: without this, where PYTHONDONTWRITEBYTECODE
	@# is set, every build process (and its helper) compiles the core again
	$(BIN)/python -m compileall -q -j 0 macros scripts
	@echo "$(WANTED)" > $(VENV)/.python
	@touch $@

setup: $(STAMP)

validate: $(STAMP)
	$(BIN)/playbook validate

site: $(STAMP)
	$(BIN)/playbook build

serve: $(STAMP)
	$(BIN)/playbook serve

# The PDFs are printed from the built site by one headless Chromium (Debian's chromium package).
pdf: site
	$(BIN)/playbook pdf

# The README's preview images, from the current build (commit .github/img/ afterwards).
previews: site
	$(BIN)/playbook pdf --png-dir .github/img

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench_validate.py
	$(BIN)/python scripts/bench_site.py
	$(BIN)/python scripts/bench_pdf.py
	$(BIN)/python scripts/bench_diff.py
	$(BIN)/python scripts/bench_calibrate.py
	$(BIN)/python scripts/bench_checker.py
	$(BIN)/python scripts/bench_finder.py
	$(BIN)/python scripts/bench_consistency.py
	$(BIN)/python scripts/bench_operations.py
	$(BIN)/python scripts/bench_print.py
	$(BIN)/python scripts/bench_mutation.py

clean:
	rm -rf site .site-build-* $(VENV)
