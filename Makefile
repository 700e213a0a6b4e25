# The two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format check lock bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exact versions with hashes from the lock file; reinstalled only when it changes, so
# repeated runs stay fast.
$(STAMP): requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# The site and, beside it, the worker that sends e-mails (printed to this terminal in
# development); Ctrl-C stops both.
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_sample_content
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Extra pytest options via PYTEST_ARGS, e.g. PYTEST_ARGS="-rs -x".
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Needs the production environment (SECRET_KEY, ALLOWED_HOSTS, ...) to be meaningful.
check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Page weight, Lighthouse and server speed against a production-like local server
# (bench/run.py). Options via BENCH_ARGS, e.g. BENCH_ARGS="--duration 5 --skip-lighthouse".
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Re-resolve the lock files from pyproject.toml (see README, "Updating dependencies").
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links $(UPGRADE) -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links $(UPGRADE) --extra dev \
		-o requirements-dev.lock pyproject.toml
