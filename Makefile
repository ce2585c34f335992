# Two commands set everything up: `make run` serves the demo, `make test` runs the whole suite.
# Both create .venv and install what they need, and check the Debian packages they need
# (installing them when run as root; scripts/system-packages.sh).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run test test-s3 venv lock run-packages test-packages messages lint format makemessages clean

run: run-packages venv messages
	$(PY) scripts/stale_database.py
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: test-packages venv messages
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

# The tests that read or write stored files, again, against moto's S3 server on a loopback port
# (started by the test fixtures): the S3 storage of several-machine deployments.
test-s3: test-packages venv messages
	CCEC_TEST_STORAGE=s3 $(VENV)/bin/pytest -m storage

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# After changing requirements.in or requirements-dev.in: write the locks (every package of the
# tree pinned, with the hashes of its files on PyPI; `make venv` installs with --require-hashes).
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: venv
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

run-packages:
	@bash scripts/system-packages.sh run

test-packages:
	@bash scripts/system-packages.sh test

# Compiled catalogues are build output (.gitignore): build them from the .po files.
messages: venv
	@command -v msgfmt >/dev/null || bash scripts/system-packages.sh run
	$(PY) manage.py compilemessages --ignore=$(VENV) --verbosity 0

# For developers: refresh the .po files after changing strings, then translate the new ones.
makemessages: venv
	$(PY) manage.py makemessages --locale zh_Hans --ignore=$(VENV) --ignore=scripts --ignore=tests --no-obsolete

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache
