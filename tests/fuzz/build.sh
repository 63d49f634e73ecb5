#!/bin/sh
# tests/fuzz/build.sh BUILD OUT - compiles the envelope fuzz driver (its own main(),
# not libFuzzer: see the top of fuzz_envelope.c) against BUILD/libbantu.a, with the
# unit tests' flags; with ASan+UBSan when BUILD is a sanitizer build (make san:
# build-san). Called by tests/cli/fuzz_envelope.sh; the Makefile knows nothing of it.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BUILD OUT" >&2; exit 2; }
build=$1
out=$2
cd "$(dirname "$0")/../.."
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
	tests/fuzz/fuzz_envelope.c "$build/libbantu.a" \
	$(pkg-config --libs sqlite3 yaml-0.1 libsodium) -lm -o "$out"
