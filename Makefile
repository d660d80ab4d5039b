# One command to run the bot, one to test it. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict bot

eval: $(STAMP)
	$(BIN)/python -m bot eval tests/eval/questions.jsonl --quiet --min-accuracy 0.92 --min-rejection 0.90
	$(BIN)/python -m bot eval tests/eval/holdout.jsonl --quiet --min-accuracy 0.88 --min-rejection 0.83
	$(BIN)/python -m bot eval tests/eval/holdout2.jsonl --quiet --min-accuracy 0.85 --min-rejection 0.75
	$(BIN)/python -m bot eval tests/eval/holdout3.jsonl --quiet --min-accuracy 0.90 --min-rejection 0.80

test: $(STAMP) lint eval
	$(BIN)/python -m bot kb check
	$(BIN)/python -m pytest -q

# The evaluation set the README's figures are measured on; e.g. BENCH_QUESTIONS="$(wildcard tests/eval/*.jsonl)".
BENCH_QUESTIONS ?= tests/eval/questions.jsonl

bench: $(STAMP)
	$(BIN)/python -m bot bench $(addprefix --questions ,$(BENCH_QUESTIONS))
	$(BIN)/python -m benchmarks.discord_load --levels 1,50,500 $(addprefix --questions ,$(BENCH_QUESTIONS))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
