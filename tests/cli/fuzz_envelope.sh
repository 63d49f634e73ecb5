#!/bin/sh
# tests/cli/fuzz_envelope.sh - the bundle envelope reader against its seed corpus and
# seeded random mutations of it (tests/fuzz/fuzz_envelope.c, built by
# tests/fuzz/build.sh against the library of the build under test: the directory of
# $BANTU, so build-san gives an ASan+UBSan run). Nothing may crash, leak or open that
# should not. FUZZ_RUNS (default 30000) and FUZZ_SEED (default: a new one each day,
# printed on failure) tune it. Run from the repository root (tests/run.sh does).
. "$(dirname "$0")/../lib.sh"

build=$(dirname "$BANTU")
drv=$T_TMP/fuzz_envelope
corpus=tests/fuzz/corpus/envelope
runs=${FUZZ_RUNS:-30000}
seed=${FUZZ_SEED:-$(date +%Y%m%d)}

if out=$(sh tests/fuzz/build.sh "$build" "$drv" 2>&1); then
	t_ok "fuzz driver builds against $build/libbantu.a"
else
	t_fail "fuzz driver builds against $build/libbantu.a" "$out"
	exit 0
fi

n=$(find "$corpus" -type f -name 'valid-*' | wc -l | tr -d ' ')
if [ "$n" -ge 3 ]; then t_ok "seed corpus has $n valid files"; else t_fail "seed corpus has valid files" "found $n in $corpus"; fi

if out=$("$drv" -n 0 "$corpus" 2>&1); then
	t_ok "corpus: valid-* files open, invalid-* files are refused"
else
	t_fail "corpus: valid-* files open, invalid-* files are refused" "$out"
fi

if out=$("$drv" -n "$runs" -s "$seed" "$corpus" 2>&1); then
	t_ok "$runs mutations of the corpus: no crash ($(printf '%s' "$out" | tail -1))"
else
	t_fail "$runs mutations of the corpus (FUZZ_SEED=$seed): no crash" "$(printf '%s\n' "$out" | tail -30)"
fi
