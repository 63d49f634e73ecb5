#!/bin/sh
# tests/cli/fuzz_envelope.sh - the bundle envelope reader against its seed corpus and
# seeded random mutations of it (tests/fuzz/fuzz_envelope.c, built by
# tests/fuzz/build.sh against the library of the build under test: the directory of
# $BANTU, so build-san gives an ASan+UBSan run). Nothing may crash, leak or open that
# should not. FUZZ_RUNS (default 30000) and FUZZ_SEED (default: a new one each day,
# printed on failure) tune it. Run from the repository root (tests/run.sh does);
# the checks are fuzz_corpus in tests/lib.sh, shared with tests/cli/fuzz_payload.sh.
. "$(dirname "$0")/../lib.sh"

fuzz_corpus envelope "${FUZZ_RUNS:-30000}" \
	"valid-* files open, invalid-* files are refused" "no crash"
