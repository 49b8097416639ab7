# The README's two commands: `make run` and `make test`. Both install what they need first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
# ccache keys on paths relative to the checkout, so two clones of the repository (CI's own and
# the stand-alone clone of .ci/run) share the compiler cache.
export CCACHE_BASEDIR ?= $(CURDIR)

.PHONY: all deps build run test asan coverage bench clean tidy fuzz format format-check

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The daily loop on the bundled sample (config.yaml and rules.yaml at the repository root).
run: build
	./$(BUILD)/kiss-signal run

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKISS_SANITIZE=ON -DKISS_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS)

# Line coverage of the persistence layer (story 007 AC5.1: >= 90%), gcovr from Debian.
# price_store is measured by its own owner; store_test runs everything else of src/store/.
coverage: deps
	cmake -S . -B build-coverage -DCMAKE_BUILD_TYPE=Debug -DKISS_COVERAGE=ON -DKISS_BENCH=OFF
	cmake --build build-coverage --target store_test -j $(JOBS)
	find build-coverage -name '*.gcda' -delete
	./build-coverage/store_test --gtest_brief=1
	gcovr --root . --object-directory build-coverage \
	  --filter 'src/store/' --exclude 'src/store/.*_test\.cc' --exclude 'src/store/price_store.*' \
	  --exclude 'src/store/test_support\.h' --print-summary --fail-under-line 90

# libFuzzer targets (clang++, own build folder build-fuzz): regression corpus, then FUZZ_SECONDS
# (default 60) of fuzzing per target. See fuzz/run.sh and docs/reliability.md.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) fuzz/run.sh

clean:
	rm -rf $(BUILD) build-asan build-coverage

# clang-tidy (.clang-tidy) over every source of src/ (tests excluded: gtest macros are noise to
# it); headers are checked through the sources that include them. Needs only the configured
# build's compile_commands.json; JOBS files at a time; TIDY_FILES to narrow.
TIDY_FILES ?= $(sort $(filter-out %_test.cc,$(wildcard src/*/*.cc)))
tidy: deps $(BUILD)/CMakeCache.txt
	printf '%s\n' $(TIDY_FILES) | xargs -n 1 -P $(JOBS) clang-tidy -p $(BUILD) --quiet

# clang-format (.clang-format) over every C++ file of src/, tests/, bench/ and fuzz/:
# `make format` rewrites them in place, `make format-check` fails naming each unformatted line.
FORMAT_FILES ?= $(sort $(shell find src tests bench fuzz -name '*.cc' -o -name '*.h'))
format: deps
	clang-format -i $(FORMAT_FILES)

format-check: deps
	clang-format --dry-run --Werror $(FORMAT_FILES)
