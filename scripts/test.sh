#!/usr/bin/env bash
# The test command of the README and of CI: install the dependencies, build from scratch in
# build/, run every test through CTest; then build the test suite and the medqa binary it runs
# with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ and run it again.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"

# Only what the tests run: the benchmarks' tools are not part of the suite.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMEDQA_SANITIZE=ON
cmake --build build-asan -j"$(nproc)" --target medqa medqa_tests
# Stop at the first error of any kind (a leak included) with a stack trace; medqa processes
# the tests start inherit these, and tests/support.hpp fails a test whose medqa reported one.
ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
