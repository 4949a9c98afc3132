# The two commands: `make run` (local platform) and `make test` (everything).
# Both install what is missing first (scripts/setup is idempotent and fast).
BUILD      ?= build
ASAN_BUILD ?= build-asan

.PHONY: all setup build run web test lint fuzz bench bench-search rollout-test dr-drill clean help

all: build

help:
	@echo "make run    set up, build, start PostgreSQL + agora on http://127.0.0.1:8080"
	@echo "make test   set up, build (normal + ASan/UBSan), run unit, pg and e2e tests"
	@echo "make lint   clang-format, shellcheck and clang-tidy (also part of make test)"
	@echo "make fuzz   every fuzz target for FUZZ_SECONDS each (default 60; 20 s each in make test)"
	@echo "make bench  agora vs pgbench on the same SQL (not a test)"
	@echo "make bench-search  search relevance on Debian's package descriptions, HNSW recall and speed at 100k posts (20-40 min)"
	@echo "make rollout-test  zero-downtime rolling replacement behind nginx (also part of make test)"
	@echo "make dr-drill      restore drills with measured RPO/RTO (DR_SIZE=full: 1 GB; small runs in make test)"

setup:
	@scripts/setup

build: setup
	@scripts/build $(BUILD)

run: build
	@scripts/web build
	@scripts/run-local $(BUILD)/agora

# The web app alone (web/dist, which agora serve answers at /).
web: setup
	@scripts/web build

test: setup
	@scripts/test

lint: build
	@scripts/lint $(BUILD)

FUZZ_SECONDS ?= 60
fuzz: setup
	@scripts/fuzz --seconds $(FUZZ_SECONDS)

bench: build
	@bench/run $(BUILD)/agora
	@bench/community $(BUILD)/agora
	@bench/jobs $(BUILD)/agora
	@$(BUILD)/agora admin embeddings time

bench-search: build
	@bench/search $(BUILD)/agora

# Three replicas behind nginx under load, replaced one by one: zero errors.
rollout-test: build
	@scripts/rollout-test $(BUILD)/agora

# Backup, destroy, restore, verify against the writer's log; prints RPO/RTO.
DR_SIZE ?= small
dr-drill: build
	@DR_SIZE=$(DR_SIZE) scripts/dr-drill $(BUILD)/agora

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
