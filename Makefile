# The front door. `make demo` and `make test` install what is missing, build, and run.
SHELL := /bin/bash
ONCE ?=
FUZZ_SECONDS ?= 20

.PHONY: demo test deps build release asan fuzz bench bench-sla clean format

deps:
	@bash deploy/install-deps.sh

release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz

build: release

demo: release
	@bash deploy/demo.sh $(if $(ONCE),--once,)

test: asan fuzz
	@bash tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)
	@ctest --preset asan

bench: release
	@build/release/bench/aspirasi-bench --tickets 200000

bench-sla: release
	@build/release/bench/sla/aspirasi-sla-bench
	@build/release/bench/sla/aspirasi-sla-broker-bench

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	@rm -rf build .demo
