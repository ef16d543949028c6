# Two commands do everything on a fresh machine with Python 3.11+:
#   make run   – install, migrate, load the demo county, build the search index, serve
#   make test  – install what the tests need and run the whole suite, on SQLite and again on PostgreSQL
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app minutes_app
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: run test test-sqlite test-postgresql install install-test system-deps migrate demo serve bench-search bench-search-deps bench-docx bench-oparl bench-oparl-import bench-pages bench-deps clean

# Debian packages the tests use: Chromium (browser and accessibility tests), LibreOffice and
# poppler (DOCX → PDF checks), Java (Nu Html Checker), openssl (certificates of the test mail server),
# PostgreSQL (the second test pass, on a throw-away cluster). Installed only when missing.
TOOLS := .tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The compound splitter's lexicon, converted from Debian's German hunspell dictionary (GPL-2+, not in git).
LEXICON := minutes_app/search/lexicon_de.txt
$(LEXICON): minutes_app/search/lexicon.py | $(VENV)/.installed
	@[ -f /usr/share/hunspell/de_DE.dic ] || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
		-o DPkg::Lock::Timeout=600 --no-install-recommends hunspell-de-de; }
	$(BIN)/python -c "from minutes_app.search.lexicon import main; raise SystemExit(main([]))"

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed $(LEXICON)

install-test: $(VENV)/.installed-test system-deps $(TOOLS)/.installed $(LEXICON)

system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	fc-list 2>/dev/null | grep -qi "Liberation Sans" || missing="$$missing fonts-liberation2"; \
	if [ -n "$$missing" ]; then \
		echo "Installiere Debian-Pakete:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 \
			--no-install-recommends $$missing; \
	fi

# axe-core (accessibility rules) and the Nu Html Checker, from the npm registry.
$(TOOLS)/.installed:
	mkdir -p $(TOOLS)
	echo '{"name": "minutes-app-test-tools", "private": true}' > $(TOOLS)/package.json
	cd $(TOOLS) && npm install --no-audit --no-fund --silent axe-core@4 vnu-jar
	touch $@

migrate: install
	$(FLASK) db-upgrade

demo: migrate
	$(FLASK) seed-demo --if-empty
	$(FLASK) search-rebuild

serve: install
	@HOST=$(HOST) PORT=$(PORT) $(FLASK) welcome
	$(BIN)/gunicorn --workers $(WORKERS) --threads 4 --bind $(HOST):$(PORT) \
		--access-logfile - 'minutes_app.wsgi:app'

run: demo serve

# The whole suite twice: on SQLite and on a throw-away PostgreSQL cluster (.ci/with-postgres).
# The two passes run side by side (one per core); the PostgreSQL pass writes to a log that is
# printed when it ends. PYTEST_ARGS passes options to both, e.g. make test PYTEST_ARGS="-x tests/web".
test: install-test
	@log=$$(mktemp "$${TMPDIR:-/tmp}/minutes-pg-pass.XXXXXX"); start=$$(date +%s); \
	( .ci/with-postgres $(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) >"$$log" 2>&1; \
	  echo $$? >"$$log.status"; echo $$(( $$(date +%s) - start )) >"$$log.seconds" ) & pg=$$!; \
	status=0; $(BIN)/python -m pytest -q $(PYTEST_ARGS) || status=$$?; \
	sqlite_s=$$(( $$(date +%s) - start )); wait $$pg; \
	echo; echo "=== PostgreSQL-Durchlauf ==="; cat "$$log"; \
	pg_status=$$(cat "$$log.status"); pg_s=$$(cat "$$log.seconds"); rm -f "$$log" "$$log.status" "$$log.seconds"; \
	echo "SQLite-Durchlauf: $$sqlite_s s (Status $$status)"; \
	echo "PostgreSQL-Durchlauf: $$pg_s s (Status $$pg_status)"; \
	[ $$status = 0 ] && [ $$pg_status = 0 ]

# One pass alone.
test-sqlite: install-test
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-postgresql: install-test
	.ci/with-postgres $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Benchmarks (not timed tests): figures are printed; see the README.
# tantivy is the benchmark's reference only, never a dependency of the application.
# The PostgreSQL engine is measured at the same sizes, with GIN and with Debian's RUM index extension
# (installed for the benchmark only, like tantivy): a throw-away cluster each run.
bench-search: install bench-search-deps
	$(BIN)/python -m pip install --quiet tantivy
	$(BIN)/python -m bench search --sizes 20000,100000
	$(BIN)/python -m bench search-postgres --sizes 20000,100000

bench-search-deps:
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	apt_install() { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
		-o DPkg::Lock::Timeout=600 --no-install-recommends "$$@"; }; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql; \
	version=$$(ls /usr/lib/postgresql | sort -V | tail -n 1); \
	[ -f /usr/share/postgresql/$$version/extension/rum.control ] || apt_install postgresql-$$version-rum

bench-docx: install
	$(BIN)/python -m bench docx

bench-oparl: install
	$(BIN)/python -m bench oparl

bench-oparl-import: install
	$(BIN)/python -m bench oparl-import
# The page benchmark drives the servers with wrk (Debian package), installed only when missing.
bench-deps:
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
		-o DPkg::Lock::Timeout=600 --no-install-recommends wrk; }

bench-pages: install bench-deps
	$(BIN)/python -m bench pages

clean:
	rm -rf $(VENV) $(TOOLS) instance search_index/public search_index/internal $(LEXICON)
