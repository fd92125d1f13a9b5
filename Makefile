# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Debian packages the tests use: PDF checks (qpdf, poppler-utils) and a virtual screen; reading
# aloud: speech-dispatcher with the espeak-ng voice (Qt's "speechd" engine needs libspeechd2; the
# tests speak into a file, tests/speech_server.py).
DEB_PACKAGES := qpdf poppler-utils xvfb xauth libpulse0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
	speech-dispatcher speech-dispatcher-espeak-ng espeak-ng libspeechd2

.PHONY: run test bench screenshots schemas translations system-deps venv clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

# Installs missing Debian packages when we are root (CI and the dev machines are).
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; fi; \
	fi

run: venv
	$(VENV)/bin/advisor-app --demo

# In parallel, one worker per core (pytest-xdist); the benchmarks are skipped here (make bench).
test: venv system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -n auto

bench: venv system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/benchmarks --benchmark-enable --benchmark-only

screenshots: venv system-deps
	xvfb-run -a -s "-screen 0 1440x900x24" $(PY) -m devtools.screenshots out/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info out

schemas: venv
	$(PY) -m devtools.schema_files

# The translations: extract every string passed to _, N_ or Msg (see babel.cfg) into the template,
# merge it into each language's catalog (new entries empty, changed ones marked fuzzy), compile the
# .mo files the app reads (committed, so a fresh clone runs translated), and list what is left to
# translate (`python -m devtools.catalogs untranslated`; docs/translations.md says how).
LANGUAGES := pl ur
translations: venv
	PYTHONPATH=. $(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ -k Msg -k ngettext:1,2 --sort-output \
	  --project advisor-app -o resources/locale/advisor_app.pot .
	for lang in $(LANGUAGES); do \
	  $(VENV)/bin/pybabel update -i resources/locale/advisor_app.pot -d resources/locale -D advisor_app \
	    -l $$lang --ignore-obsolete --init-missing || exit 1; \
	  $(VENV)/bin/pybabel compile -d resources/locale -D advisor_app -l $$lang --statistics || exit 1; \
	done
	for ts in resources/locale/*/qt/*.ts; do $(VENV)/bin/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm || exit 1; done
	-$(PY) -m devtools.catalogs untranslated
