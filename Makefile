# One command to run the bot, one to test it. Both create .venv and install what they need:
# `make run` only what running needs (pip install -e .), `make test` the dev tools as well
# (pip install -e '.[dev]': ruff, mypy, pytest, bm25s, a build backend for the wheel test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

# The store's tests run on SQLite and on a real PostgreSQL server (a temporary one each run): with
# REQUIRE_POSTGRES=1 a server that cannot be started fails the run instead of skipping those tests.
# `make test REQUIRE_POSTGRES=0` skips them where no server can be installed.
REQUIRE_POSTGRES ?= 1
export REQUIRE_POSTGRES

.PHONY: run test lint eval bench clean postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

# The dev install holds everything the run install does.
$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python -m bot

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict bot

eval: $(DEV_STAMP)
	$(BIN)/python -m bot eval tests/eval/questions.jsonl --quiet --min-accuracy 0.97 --min-rejection 0.99
	$(BIN)/python -m bot eval tests/eval/holdout.jsonl --quiet --min-accuracy 0.95 --min-rejection 0.98
	$(BIN)/python -m bot eval tests/eval/holdout2.jsonl --quiet --min-accuracy 0.93 --min-rejection 0.98
	$(BIN)/python -m bot eval tests/eval/holdout3.jsonl --quiet --min-accuracy 0.98 --min-rejection 0.98
	$(BIN)/python -m bot eval tests/eval/russian.jsonl --quiet --min-accuracy 0.92 --min-rejection 0.96
	$(BIN)/python -m bot eval tests/eval/chat.jsonl --quiet --min-accuracy 0.93 --min-rejection 0.97
	$(BIN)/python -m bot eval tests/eval/holdout4.jsonl --quiet --min-accuracy 0.92 --min-rejection 0.94
	$(BIN)/python -m bot eval tests/eval/holdout5.jsonl --quiet --min-accuracy 0.93 --min-rejection 0.95
	$(BIN)/python -m bot eval tests/eval/holdout6.jsonl --quiet --min-accuracy 0.96 --min-rejection 0.98
	$(BIN)/python -m bot eval tests/eval/holdout7.jsonl --quiet --min-accuracy 0.92 --min-rejection 0.94
	$(BIN)/python -m bot eval tests/eval/holdout8.jsonl --quiet --min-accuracy 0.93 --min-rejection 0.96
	$(BIN)/python -m bot eval tests/eval/holdout9.jsonl --quiet --min-accuracy 0.96 --min-rejection 0.99
	$(BIN)/python -m bot eval tests/eval/holdout10.jsonl --quiet --min-accuracy 0.96 --min-rejection 0.99
	$(BIN)/python -m bot eval tests/eval/holdout11.jsonl --quiet --min-accuracy 0.87 --min-rejection 0.92
	$(BIN)/python -m bot eval tests/eval/holdout12.jsonl --quiet --min-accuracy 0.80 --min-rejection 0.84
	$(BIN)/python -m bot eval tests/eval/holdout13.jsonl --quiet --min-accuracy 0.78 --min-rejection 0.88
	$(BIN)/python -m bot eval tests/eval/holdout14.jsonl --quiet --min-accuracy 0.85 --min-rejection 0.92
	$(BIN)/python -m bot eval tests/eval/holdout15.jsonl --quiet --min-accuracy 0.87 --min-rejection 0.92
	$(BIN)/python -m bot eval tests/eval/holdout16.jsonl --quiet --min-accuracy 0.83 --min-rejection 0.92
	$(BIN)/python -m bot eval tests/eval/holdout17.jsonl --quiet --min-accuracy 0.83 --min-rejection 0.85
	$(BIN)/python -m bot eval tests/eval/holdout18.jsonl --quiet --min-accuracy 0.94 --min-rejection 0.95
	$(BIN)/python -m bot eval tests/eval/holdout19.jsonl --quiet --min-accuracy 0.79 --min-rejection 0.93
	$(BIN)/python -m bot eval tests/eval/holdout20.jsonl --quiet --min-accuracy 0.88 --min-rejection 0.97
	$(BIN)/python -m bot eval tests/eval/holdout21.jsonl --quiet --min-accuracy 0.83 --min-rejection 0.90
	$(BIN)/python -m bot eval tests/eval/holdout22.jsonl --quiet --min-accuracy 0.96 --min-rejection 0.92

# The PostgreSQL server binaries for the tests (installed with apt when missing; see the script).
postgres:
ifeq ($(REQUIRE_POSTGRES),1)
	bash deploy/ensure-postgres
endif

test: $(DEV_STAMP) lint eval postgres
	$(BIN)/python -m bot kb check
	$(BIN)/python -m pytest -q

# The evaluation set the README's figures are measured on; e.g. BENCH_QUESTIONS="$(wildcard tests/eval/*.jsonl)".
BENCH_QUESTIONS ?= tests/eval/questions.jsonl

bench: $(DEV_STAMP)
	$(BIN)/python -m bot bench $(addprefix --questions ,$(BENCH_QUESTIONS))
	$(BIN)/python -m benchmarks.discord_load --levels 1,50,500 $(addprefix --questions ,$(BENCH_QUESTIONS))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
