#!/bin/sh
# tests/fuzz/build.sh BUILD OUT [TARGET] - compiles a fuzz target with the built-in
# driver's main() (tests/fuzz/driver.h; not libFuzzer: see the top of
# tests/fuzz/fuzz_TARGET.c) against BUILD/libbantu.a, with the unit tests' flags; with
# ASan+UBSan when BUILD is a sanitizer build (make san: build-san). TARGET: envelope
# (default), payload, csv, config or input. Called by tests/cli/fuzz_*.sh; the
# Makefile knows nothing of it.
set -eu
[ $# -eq 2 ] || [ $# -eq 3 ] || { echo "usage: $0 BUILD OUT [TARGET]" >&2; exit 2; }
build=$1
out=$2
target=${3:-envelope}
cd "$(dirname "$0")/../.."
if [ ! -f "tests/fuzz/fuzz_$target.c" ]; then
	echo "tests/fuzz/fuzz_$target.c: no such fuzz target" >&2
	exit 2
fi
if [ ! -f "$build/libbantu.a" ]; then
	echo "$build/libbantu.a: missing (run make first)" >&2
	exit 1
fi
case $(basename "$build") in
*san*) opt="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" ;;
*) opt="-O2 -g" ;;
esac
warn="-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla"
# shellcheck disable=SC2086 # word splitting of the flag lists is wanted
${CC:-cc} -std=c11 -D_GNU_SOURCE $warn $opt -Isrc $(pkg-config --cflags sqlite3 libsodium) \
	"tests/fuzz/fuzz_$target.c" "$build/libbantu.a" \
	$(pkg-config --libs sqlite3 yaml-0.1 libsodium) -lm -o "$out"
