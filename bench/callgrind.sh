#!/usr/bin/env bash
# Instructions per benchmark operation, under callgrind: the difference of
# two runs (N and 3N iterations) divided by 2N, so that the fixture's setup
# cancels out. Repeatable where wall time on this noisy machine is not.
#
#   bench/callgrind.sh '^BenchmarkPrice$/^lines=10$' [PACKAGE] [N]
#
# PACKAGE defaults to ./bench, N to 10000. Needs valgrind.
set -euo pipefail
bench=${1:?usage: bench/callgrind.sh BENCH_REGEX [PACKAGE] [N]}
pkg=${2:-./bench}
n=${3:-10000}
bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
GOAMD64=v1 go test -c -o "$bin" "$pkg"
dir=$(go list -f '{{.Dir}}' "$pkg")
ir() {
	(cd "$dir" && GODEBUG=asyncpreemptoff=1 GOGC=off valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"$bin" -test.run '^$' -test.bench "$bench" -test.benchtime "${1}x" -test.cpu 1 2>&1) |
		grep -oP 'Collected : \K[0-9]+'
}
a=$(ir "$n")
b=$(ir $((3 * n)))
echo "$bench: $(((b - a) / (2 * n))) instructions/op"
