#!/bin/sh
# tests/cli/fuzz_payload.sh - the bundle payload reader (store_bundle_manifest,
# store_bundle_apply: the SQLite image inside an opened envelope) against its seed
# corpus and seeded random mutations of it (tests/fuzz/fuzz_payload.c, built by
# tests/fuzz/build.sh against the library of the build under test: the directory of
# $BANTU, so build-san gives an ASan+UBSan run). Nothing may crash or leak, a refused
# payload may write nothing, an applied one must leave a store that passes
# store_check. FUZZ_RUNS (default 5000) and FUZZ_SEED (default: a new one each day,
# printed on failure) tune it; FUZZ_VERBOSE=1 prints why each corpus file was
# refused. Run from the repository root (tests/run.sh does).
. "$(dirname "$0")/../lib.sh"

build=$(dirname "$BANTU")
drv=$T_TMP/fuzz_payload
corpus=tests/fuzz/corpus/payload
runs=${FUZZ_RUNS:-5000}
seed=${FUZZ_SEED:-$(date +%Y%m%d)}

if out=$(sh tests/fuzz/build.sh "$build" "$drv" payload 2>&1); then
	t_ok "fuzz driver builds against $build/libbantu.a"
else
	t_fail "fuzz driver builds against $build/libbantu.a" "$out"
	exit 0
fi

n=$(find "$corpus" -type f -name 'valid-*' | wc -l | tr -d ' ')
if [ "$n" -ge 3 ]; then t_ok "seed corpus has $n valid files"; else t_fail "seed corpus has valid files" "found $n in $corpus"; fi

if out=$("$drv" -n 0 "$corpus" 2>&1); then
	t_ok "corpus: valid-* files apply, invalid-* files are refused and write nothing"
else
	t_fail "corpus: valid-* files apply, invalid-* files are refused and write nothing" "$out"
fi

if out=$("$drv" -n "$runs" -s "$seed" "$corpus" 2>&1); then
	t_ok "$runs mutations of the corpus: no crash, nothing written when refused ($(printf '%s' "$out" | tail -1))"
else
	t_fail "$runs mutations of the corpus (FUZZ_SEED=$seed): no crash, nothing written when refused" "$(printf '%s\n' "$out" | tail -30)"
fi
