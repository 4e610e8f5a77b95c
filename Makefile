# The two commands (see README.md):
#   make demo   installs what is missing, builds in Release, runs the main job on the built-in sample
#   make test   installs what is missing, builds, runs the whole GoogleTest suite through CTest
# Further targets: build, sanitize (the suite under ASan + UBSan), fuzz (replay the corpus,
# then FUZZ_SECONDS per libFuzzer target), bench, clean.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
OUT        ?= out/demo
FUZZ_SECONDS ?= 60
REVIR       = $(BUILD)/bin/revir

.PHONY: setup build demo test sanitize fuzz bench bench-serve bench-vrp plan-porto-alegre clean

setup:
	@bash scripts/setup.sh

build: setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD) $(OUT)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# -O1 -g1 (line tables): the optimisation AddressSanitizer's documentation asks for
# and stack traces with file and line, at half the compile time of -O2 -g.
sanitize: setup
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
	  -DREVIR_SANITIZE=ON -DREVIR_BUILD_BENCHMARKS=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# Every reader under libFuzzer (tests/fuzz): the committed corpus and seeds from
# ../shared/data replayed, then FUZZ_SECONDS of fuzzing per target, two at a time.
fuzz: build
	BUILD=$(BUILD) JOBS=$(JOBS) bash scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build
	$(BUILD)/bin/revir-bench-import
	$(BUILD)/bin/revir-bench-units
	$(BUILD)/bin/revir-bench-ch
	$(BUILD)/bin/revir-bench-visits

# The routing core on the X instances with n <= 400 and on Solomon, 10 s each (about 16 min).
bench-serve: build
	$(BUILD)/bin/revir-bench-serve
	bash benchmarks/serve/load.sh

bench-vrp: build
	$(BUILD)/bin/revir-bench-vrp

# revir plan on the real Porto Alegre data (../shared/data) with 900 sample accounts
# and 8 bases drawn from the population: out/porto-alegre/plan/report.html.
plan-porto-alegre: build
	$(BUILD)/bin/revir-sample-accounts ../shared/data/porto_alegre/poa_hexgrid_h3.gpkg --weight population \
	  --accounts 900 --bases 8 --seed 1 -o out/porto-alegre
	$(REVIR) plan benchmarks/porto_alegre/plan.yaml

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz out
