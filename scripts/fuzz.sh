#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/ and runs each for
# SECONDS (default 10), one after the other, starting from the seed corpus in
# tests/fuzz/corpus/TARGET. New inputs go to build-fuzz/corpus/TARGET (kept between runs),
# crashing inputs to build-fuzz/findings/TARGET/. Prints executions and findings per target;
# the exit code is 1 when any target found something.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   targets: text jsonl json doctor_qa medquad query
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-10}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text jsonl json doctor_qa medquad query)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: needs clang++ and libFuzzer: apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEDQA_FUZZ=ON \
  -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/#/fuzz_}"

dict_of() {
  case "$1" in
    jsonl | json | doctor_qa) echo "-dict=tests/fuzz/json.dict" ;;
    medquad) echo "-dict=tests/fuzz/xml.dict" ;;
    query) echo "-dict=tests/fuzz/query.dict" ;;
  esac
}

failed=0
summary=()
for target in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$target" findings="build-fuzz/findings/$target" log="build-fuzz/fuzz-$target.log"
  mkdir -p "$corpus" "$findings"
  status=0
  # The sanitizers stop at the first error; leaks count as findings too.
  ASAN_OPTIONS="halt_on_error=1:detect_leaks=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$findings/" $(dict_of "$target") "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  found=$(find "$findings" -type f | wc -l)
  summary+=("$(printf '%-10s %12s executions  %3d findings in %s' "$target" "$runs" "$found" "$findings")")
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    failed=1
    echo "fuzz: $target failed (exit $status); its log: $log" >&2
    tail -n 40 "$log" >&2
  fi
done
printf '%s\n' "${summary[@]}"
exit "$failed"
