# Two commands do everything on a fresh machine with Python 3.11+:
#   make run   – install, migrate, load the demo county, build the search index, serve
#   make test  – install what the tests need and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app minutes_app
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: run test install install-test migrate demo serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(FLASK) db-upgrade

demo: migrate
	$(FLASK) seed-demo --if-empty

serve: install
	@HOST=$(HOST) PORT=$(PORT) $(FLASK) welcome
	$(BIN)/gunicorn --workers $(WORKERS) --threads 4 --bind $(HOST):$(PORT) \
		--access-logfile - 'minutes_app:create_app()'

run: demo serve

test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) instance search_index/public search_index/internal
