# The front door. `make demo` and `make test` install what is missing, build, and run.
SHELL := /bin/bash
ONCE ?=
FUZZ_SECONDS ?= 20

.PHONY: demo test deps build release asan fuzz package bench bench-sla clean format

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

# The Debian package (docs/INSTALL.md): build/release/aspirasi_<version>_<arch>.deb, checked by lintian.
package: release
	@cd build/release && cpack -G DEB > cpack.log || { cat cpack.log; exit 1; }
	@lintian --fail-on error build/release/aspirasi_*.deb

demo: release
	@bash deploy/demo.sh $(if $(ONCE),--once,)

test: asan fuzz package
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
