#!/usr/bin/env bash
# Installs every Debian package medqa's build, tests and benchmarks need. Idempotent: safe to
# run again; packages already installed are left as they are. Needs root (or sudo).
set -euo pipefail

packages=(
  g++ cmake make pkg-config          # toolchain (C++20 with g++ 12, CMake >= 3.25)
  libxapian-dev xapian-tools         # the index (Xapian 1.4) and its inspection tools
  libcli11-dev                       # command line
  doctest-dev                        # tests
  nlohmann-json3-dev                 # JSON input and output
  libfmt-dev                         # formatting and terminal colour
  libxxhash-dev                      # content hashes
  libpugixml-dev                     # MedQuAD XML
  libicu-dev                         # accent folding (ICU's Latin-ASCII transform)
  libsqlite3-dev                     # SQLite FTS5: the plain-BM25 baseline (bench/eval-relevance) and peer (bench/run)
  time jq                            # bench/run and bench/batch-size: peak RSS, and their JSON results
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
