#!/bin/sh
# tests/cli/fuzz_payload.sh - the bundle payload reader (store_bundle_manifest,
# store_bundle_apply: the SQLite image inside an opened envelope) against its seed
# corpus and seeded random mutations of it (tests/fuzz/fuzz_payload.c, built by
# tests/fuzz/build.sh against the library of the build under test: the directory of
# $BANTU, so build-san gives an ASan+UBSan run). Nothing may crash or leak, a refused
# payload may write nothing, an applied one must leave a store that passes
# store_check. FUZZ_RUNS (default 5000) and FUZZ_SEED (default: a new one each day,
# printed on failure) tune it; FUZZ_VERBOSE=1 prints why each corpus file was
# refused. Run from the repository root (tests/run.sh does); the checks are
# fuzz_corpus in tests/lib.sh, shared with tests/cli/fuzz_envelope.sh.
. "$(dirname "$0")/../lib.sh"

fuzz_corpus payload "${FUZZ_RUNS:-5000}" \
	"valid-* files apply, invalid-* files are refused and write nothing" \
	"no crash, nothing written when refused"
