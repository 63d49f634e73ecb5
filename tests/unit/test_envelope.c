/*
 * test_envelope.c - the sealed, signed bundle container: round trips, nothing
 * readable in the file, and every kind of damage or forgery refused with a reason
 * and no payload (flipped bits, truncation, appended bytes, reordered, dropped and
 * extra chunks, re-addressed and re-attributed files, wrong keys, forged lengths);
 * fingerprints; key files.
 *
 * Forgeries that only a holder of the sender's key could make are re-signed with
 * it, to show the check after the signature (the secretstream, the header checks)
 * catches them on its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/util.h"
#include "sync/envelope.h"

#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define SEALED_LEN (crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES)

struct fixture {
	char dir[64];
	struct office_secret province;  /* "18", the recipient */
	struct office_secret district;  /* "18.71", the sender */
	struct office_secret other;     /* "18.72", another district */
};

static char peek_path[96]; /* a file in the fixture's directory, for peek_agrees */

static int setup(void **state)
{
	assert_true(sodium_init() >= 0);
	struct fixture *f = xcalloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/bantu-envelope.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(peek_path, sizeof(peek_path), "%s/peek.bantu", f->dir);
	office_keys_generate(&f->province, "18");
	office_keys_generate(&f->district, "18.71");
	office_keys_generate(&f->other, "18.72");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

static char *path_in(const struct fixture *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

static uint8_t *random_payload(size_t n)
{
	uint8_t *p = xmalloc(n);
	randombytes_buf(p, n);
	return p;
}

/* Writes payload from the district to the province; returns the file's bytes. */
static uint8_t *sealed_bytes(struct fixture *f, const uint8_t *payload, size_t len, size_t *size)
{
	char *path = path_in(f, "b.bantu");
	struct err e;
	err_clear(&e);
	if (!envelope_write(path, payload, len, &f->district, &f->province.pub, &e))
		fail_msg("envelope_write: %s", e.msg);
	uint8_t *d = (uint8_t *)file_read(path, size, &e);
	assert_non_null(d);
	unlink(path);
	free(path);
	return d;
}

/* Bytes before the first chunk for the district -> province file. */
static size_t header_len(const char *from, const char *to)
{
	return 13 + 2 + 1 + strlen(from) + 1 + strlen(to) + 32 + 32 + SEALED_LEN +
	       crypto_secretstream_xchacha20poly1305_HEADERBYTES;
}

/* Offsets of the chunks (their length fields) of a file; returns how many. */
static size_t chunk_offsets(const uint8_t *d, size_t n, size_t hl, size_t *off, size_t max)
{
	size_t k = 0, pos = hl;
	while (pos < n - crypto_sign_BYTES && k < max) {
		off[k++] = pos;
		uint32_t clen = (uint32_t)d[pos] << 24 | (uint32_t)d[pos + 1] << 16 |
				(uint32_t)d[pos + 2] << 8 | d[pos + 3];
		pos += 4 + clen;
	}
	assert_int_equal(pos, n - crypto_sign_BYTES);
	return k;
}

/* Re-signs a file with a signing key, as its holder could. */
static void resign(uint8_t *d, size_t n, const uint8_t *sign_sk)
{
	uint8_t h[64];
	crypto_generichash(h, sizeof(h), d, n - crypto_sign_BYTES, NULL, 0);
	crypto_sign_detached(d + n - crypto_sign_BYTES, NULL, h, sizeof(h), sign_sk);
}

/* envelope_peek reads the file a block at a time, envelope_open_mem has it in memory:
 * for the same bytes, a failing peek gives open's reason (msg, after "t.bantu: "). */
static void peek_agrees(const uint8_t *d, size_t n, const char *msg)
{
	FILE *fp = fopen(peek_path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(d, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	struct err e;
	err_clear(&e);
	struct envelope_header hdr;
	if (envelope_peek(peek_path, &hdr, &e))
		return; /* refused by open after the signature: the recipient, the keys, the data */
	size_t pl = strlen(peek_path);
	if (strncmp(e.msg, peek_path, pl) != 0 || !str_eq(e.msg + pl, msg + strlen("t.bantu")))
		fail_msg("peek says '%s', open '%s'", e.msg, msg);
	assert_int_equal(hdr.version, 0);
}

/* Opening must fail, with a one-line reason naming the file (and containing why,
 * when given), and hand out no payload; peeking at the file fails with the same reason
 * (or passes, when the refusal comes after the signature). */
static void refused(const uint8_t *d, size_t n, const struct office_secret *me,
		    const uint8_t *expected, const char *why)
{
	uint8_t *payload = (uint8_t *)"not touched";
	size_t len = 12345;
	struct err e;
	err_clear(&e);
	struct envelope_header hdr;
	bool ok = envelope_open_mem(d, n, "t.bantu", me, expected, &hdr, &payload, &len, &e);
	if (ok)
		fail_msg("opened a file that should be refused (%s, %zu bytes)", why ? why : "", n);
	assert_null(payload);
	assert_int_equal(len, 0);
	assert_true(str_starts_with(e.msg, "t.bantu: "));
	assert_null(strchr(e.msg, '\n'));
	if (why && !strstr(e.msg, why))
		fail_msg("reason '%s' does not say '%s'", e.msg, why);
	peek_agrees(d, n, e.msg);
}

static void opens(struct fixture *f, const uint8_t *d, size_t n, const uint8_t *want, size_t len)
{
	uint8_t *payload = NULL;
	size_t got = 0;
	struct err e;
	err_clear(&e);
	struct envelope_header hdr;
	if (!envelope_open_mem(d, n, "t.bantu", &f->province, f->district.pub.sign_pk, &hdr,
			       &payload, &got, &e))
		fail_msg("open: %s", e.msg);
	assert_int_equal(got, len);
	if (len)
		assert_memory_equal(payload, want, len);
	assert_string_equal(hdr.sender.code, "18.71");
	assert_string_equal(hdr.recipient, "18");
	free(payload);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	static const size_t sizes[] = { 0, 1, 65535, 65536, 65537, 300000 };
	char *path = path_in(f, "rt.bantu");
	char *tmp = path_in(f, "rt.bantu.tmp");
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t len = sizes[i];
		uint8_t *p = random_payload(len);
		struct err e;
		err_clear(&e);
		assert_true(envelope_write(path, p, len, &f->district, &f->province.pub, &e));
		assert_int_equal(access(tmp, F_OK), -1);

		struct envelope_header hdr;
		assert_true(envelope_peek(path, &hdr, &e));
		assert_int_equal(hdr.version, ENVELOPE_VERSION);
		assert_string_equal(hdr.sender.code, "18.71");
		assert_string_equal(hdr.recipient, "18");
		assert_memory_equal(hdr.sender.sign_pk, f->district.pub.sign_pk, 32);
		assert_memory_equal(hdr.sender.box_pk, f->district.pub.box_pk, 32);

		/* One chunk per ENVELOPE_CHUNK bytes started, one at least. */
		size_t chunks = len == 0 ? 1 : (len + ENVELOPE_CHUNK - 1) / ENVELOPE_CHUNK;
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal((size_t)st.st_size, header_len("18.71", "18") +
							     chunks * (4 + ABYTES) + len +
							     crypto_sign_BYTES);

		uint8_t *out = NULL;
		size_t got = 99;
		assert_true(envelope_open(path, &f->province, f->district.pub.sign_pk, &hdr, &out,
					  &got, &e));
		assert_int_equal(got, len);
		assert_non_null(out);
		if (len)
			assert_memory_equal(out, p, len);
		free(out);
		/* Without an expected sender key too. */
		assert_true(envelope_open(path, &f->province, NULL, NULL, &out, &got, &e));
		assert_int_equal(got, len);
		free(out);
		free(p);
	}
	unlink(path);
	free(path);
	free(tmp);
}

static void test_nothing_readable(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 4000; i++)
		strbuf_addf(&sb, "%d|1871015205900001|Sri Wahyuni|Warung Sembako Sri|081234567890\n",
			    i);
	size_t n;
	uint8_t *d = sealed_bytes(f, (uint8_t *)sb.buf, sb.len, &n);
	static const char *const needles[] = { "1871015205900001", "Sri Wahyuni", "Wahyuni",
					       "Warung", "081234567890" };
	for (size_t i = 0; i < ARRAY_SIZE(needles); i++)
		assert_null(memmem(d, n, needles[i], strlen(needles[i])));
	opens(f, d, n, (uint8_t *)sb.buf, sb.len);
	free(d);
	strbuf_release(&sb);
}

static void test_flip_every_bit_small(void **state)
{
	struct fixture *f = *state;
	uint8_t p[100];
	randombytes_buf(p, sizeof(p));
	size_t n;
	uint8_t *d = sealed_bytes(f, p, sizeof(p), &n);
	opens(f, d, n, p, sizeof(p));
	uint8_t *c = xmalloc(n);
	for (size_t off = 0; off < n; off++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(c, d, n);
			c[off] ^= (uint8_t)(1u << bit);
			refused(c, n, &f->province, f->district.pub.sign_pk, NULL);
			/* And without a sender key to compare with. */
			refused(c, n, &f->province, NULL, NULL);
		}
	}
	/* A flipped bit in a chunk: the signature says so first. */
	memcpy(c, d, n);
	c[header_len("18.71", "18") + 10] ^= 1;
	refused(c, n, &f->province, NULL, "damaged (signature does not match)");
	free(c);
	free(d);
}

static void test_flip_bits_large(void **state)
{
	struct fixture *f = *state;
	size_t len = 300000;
	uint8_t *p = random_payload(len);
	size_t n;
	uint8_t *d = sealed_bytes(f, p, len, &n);
	uint8_t *c = xmalloc(n);
	size_t hl = header_len("18.71", "18");
	size_t tested = 0;
	for (size_t off = 0; off < n; off++) {
		/* Every header byte, every byte of the end, every chunk boundary, and a stride. */
		bool at_boundary = false;
		for (size_t k = 0; k < 5; k++) {
			size_t b = hl + k * (4 + ENVELOPE_CHUNK + ABYTES);
			if (off >= b && off < b + 8)
				at_boundary = true;
		}
		if (!(off < hl || off >= n - 200 || at_boundary || off % 509 == 0))
			continue;
		memcpy(c, d, n);
		c[off] ^= (uint8_t)(1u << (off % 8));
		refused(c, n, &f->province, f->district.pub.sign_pk, NULL);
		tested++;
	}
	assert_true(tested > 1000);
	free(c);
	free(d);
	free(p);
}

/* Above 1 MiB envelope_open_mem hashes for the signature in a second thread while it
 * opens the sealed key and decrypts: a flip anywhere still gets the reason the
 * streaming peek gives (the signature's, before any decryption failure), and an
 * intact file opens. */
static void test_flip_bits_threaded(void **state)
{
	struct fixture *f = *state;
	size_t len = 1300000;
	uint8_t *p = random_payload(len);
	size_t n;
	uint8_t *d = sealed_bytes(f, p, len, &n);
	assert_true(n > (1u << 20));
	opens(f, d, n, p, len);
	uint8_t *c = xmalloc(n);
	size_t hl = header_len("18.71", "18");
	size_t offs[64], k = 0;
	size_t fixed[] = { 0, 20, hl - SEALED_LEN, hl - SEALED_LEN + 20, hl - 10, hl - 1, hl, hl + 3,
			   hl + 4, hl + 100, hl + 4 + ENVELOPE_CHUNK + ABYTES, n - 64, n - 30, n - 1 };
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		offs[k++] = fixed[i];
	for (size_t i = 1; i < 30; i++)
		offs[k++] = hl + (n - hl - 64) * i / 30;
	for (size_t i = 0; i < k; i++) {
		memcpy(c, d, n);
		c[offs[i]] ^= (uint8_t)(1u << (offs[i] % 8));
		refused(c, n, &f->province, f->district.pub.sign_pk, NULL);
	}
	/* Intact, but for another office's key, or from an unexpected sender: refused
	 * after the signature, with those reasons. */
	refused(d, n, &f->other, NULL, "for office 18, this is office 18.72");
	refused(d, n, &f->province, f->other.pub.sign_pk, "signed by a different key");
	free(c);
	free(d);
	free(p);
}

static void test_truncate(void **state)
{
	struct fixture *f = *state;
	uint8_t p[100];
	randombytes_buf(p, sizeof(p));
	size_t n;
	uint8_t *d = sealed_bytes(f, p, sizeof(p), &n);
	for (size_t len = 0; len < n; len++) {
		uint8_t *c = xmalloc(len ? len : 1);
		memcpy(c, d, len);
		refused(c, len, &f->province, f->district.pub.sign_pk, NULL);
		free(c);
	}
	refused(d, 0, &f->province, NULL, "not a Bantu bundle");
	refused(d, 5, &f->province, NULL, "truncated");
	refused(d, n - 1, &f->province, NULL, "truncated");
	free(d);

	/* A multi-chunk file, cut at a stride and around every chunk boundary. */
	size_t big = 300000;
	uint8_t *q = random_payload(big);
	d = sealed_bytes(f, q, big, &n);
	size_t off[16];
	size_t k = chunk_offsets(d, n, header_len("18.71", "18"), off, 16);
	assert_int_equal(k, 5);
	for (size_t len = 0; len < n; len += 1021)
		refused(d, len, &f->province, NULL, NULL);
	for (size_t i = 0; i < k; i++)
		for (size_t len = off[i] - 3; len < off[i] + 6; len++)
			refused(d, len, &f->province, NULL, NULL);
	/* Cut mid-chunk, as an interrupted copy would: said as such. */
	refused(d, off[3] + 1000, &f->province, NULL, "truncated");

	/* And on disk, through envelope_open and envelope_peek. */
	char *path = path_in(f, "cut.bantu");
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(d, 1, n / 2, fp), n / 2);
	fclose(fp);
	uint8_t *out = (uint8_t *)"x";
	size_t got = 1;
	struct err e;
	err_clear(&e);
	struct envelope_header hdr;
	assert_false(envelope_peek(path, &hdr, &e));
	assert_true(str_starts_with(e.msg, path));
	assert_string_equal(hdr.recipient, "");
	assert_false(envelope_open(path, &f->province, NULL, &hdr, &out, &got, &e));
	assert_null(out);
	assert_int_equal(got, 0);
	assert_non_null(strstr(e.msg, "truncated"));
	unlink(path);
	free(path);
	free(d);
	free(q);
}

static void test_append(void **state)
{
	struct fixture *f = *state;
	uint8_t p[5000];
	randombytes_buf(p, sizeof(p));
	size_t n;
	uint8_t *d = sealed_bytes(f, p, sizeof(p), &n);
	static const size_t extra[] = { 1, 4, 17, 21, 64, 1000 };
	for (size_t i = 0; i < ARRAY_SIZE(extra); i++) {
		uint8_t *c = xmalloc(n + extra[i]);
		memcpy(c, d, n);
		memset(c + n, 0, extra[i]);
		refused(c, n + extra[i], &f->province, f->district.pub.sign_pk, NULL);
		randombytes_buf(c + n, extra[i]);
		refused(c, n + extra[i], &f->province, f->district.pub.sign_pk, NULL);
		free(c);
	}
	/* A second copy of the whole file after the first. */
	uint8_t *c = xmalloc(2 * n);
	memcpy(c, d, n);
	memcpy(c + n, d, n);
	refused(c, 2 * n, &f->province, NULL, NULL);
	/* Appended bytes even with the signature made again: the chunk layout catches it. */
	memcpy(c, d, n);
	memset(c + n - crypto_sign_BYTES, 0xAB, 3);
	resign(c, n + 3, f->district.sign_sk);
	refused(c, n + 3, &f->province, f->district.pub.sign_pk, "damaged");
	free(c);
	free(d);
}

static void test_swap_chunks_resigned(void **state)
{
	struct fixture *f = *state;
	size_t len = 300000;
	uint8_t *p = random_payload(len);
	size_t n;
	uint8_t *d = sealed_bytes(f, p, len, &n);
	size_t off[8];
	size_t k = chunk_offsets(d, n, header_len("18.71", "18"), off, 8);
	assert_int_equal(k, 5);
	size_t full = 4 + ENVELOPE_CHUNK + ABYTES;
	uint8_t *c = xmalloc(n);
	uint8_t *tmp = xmalloc(full);

	/* Chunks 1 and 2 swapped (same length), signed again by the sender. */
	memcpy(c, d, n);
	memcpy(tmp, c + off[1], full);
	memmove(c + off[1], c + off[2], full);
	memcpy(c + off[2], tmp, full);
	resign(c, n, f->district.sign_sk);
	struct envelope_header hdr;
	struct err e;
	err_clear(&e);
	char *path = path_in(f, "swapped.bantu");
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(c, 1, n, fp), n);
	fclose(fp);
	assert_true(envelope_peek(path, &hdr, &e)); /* the signature holds... */
	refused(c, n, &f->province, f->district.pub.sign_pk, "encrypted data does not verify");
	uint8_t *out = NULL;
	size_t got = 0;
	assert_false(envelope_open(path, &f->province, f->district.pub.sign_pk, &hdr, &out, &got, &e));
	assert_null(out);
	unlink(path);
	free(path);

	/* The partial final chunk moved before the last full one. */
	size_t last = n - crypto_sign_BYTES - off[4];
	memcpy(c, d, off[3]);
	memcpy(c + off[3], d + off[4], last);
	memcpy(c + off[3] + last, d + off[3], full);
	memcpy(c + n - crypto_sign_BYTES, d + n - crypto_sign_BYTES, crypto_sign_BYTES);
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, f->district.pub.sign_pk, "encrypted data does not verify");

	/* A chunk replayed in place of the next one. */
	memcpy(c, d, n);
	memcpy(c + off[2], d + off[1], full);
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, f->district.pub.sign_pk, "encrypted data does not verify");
	free(tmp);
	free(c);
	free(d);
	free(p);
}

static void test_final_chunk_dropped_or_repeated(void **state)
{
	struct fixture *f = *state;
	size_t len = 300000;
	uint8_t *p = random_payload(len);
	size_t n;
	uint8_t *d = sealed_bytes(f, p, len, &n);
	size_t off[8];
	size_t k = chunk_offsets(d, n, header_len("18.71", "18"), off, 8);
	size_t sig = n - crypto_sign_BYTES;

	/* The final chunk dropped, signed again: the stream misses its FINAL tag. */
	size_t m = off[k - 1] + crypto_sign_BYTES;
	uint8_t *c = xmalloc(n * 2);
	memcpy(c, d, off[k - 1]);
	resign(c, m, f->district.sign_sk);
	refused(c, m, &f->province, f->district.pub.sign_pk, "final part missing");

	/* The final chunk twice: a chunk after FINAL. */
	size_t last = sig - off[k - 1];
	memcpy(c, d, sig);
	memcpy(c + sig, d + off[k - 1], last);
	m = sig + last + crypto_sign_BYTES;
	resign(c, m, f->district.sign_sk);
	refused(c, m, &f->province, f->district.pub.sign_pk, "data after the final part");

	/* Only the first chunk kept. */
	m = off[1] + crypto_sign_BYTES;
	memcpy(c, d, off[1]);
	resign(c, m, f->district.sign_sk);
	refused(c, m, &f->province, f->district.pub.sign_pk, "final part missing");
	free(c);
	free(d);
	free(p);
}

static void test_addressed_elsewhere(void **state)
{
	struct fixture *f = *state;
	uint8_t p[300];
	randombytes_buf(p, sizeof(p));
	size_t n;
	uint8_t *d = sealed_bytes(f, p, sizeof(p), &n);
	uint8_t *c = xmalloc(n);

	/* Opened by another office. */
	refused(d, n, &f->other, f->district.pub.sign_pk, "for office 18, this is office 18.72");

	/* The recipient code changed to "19" and signed again by the sender. */
	size_t at = 13 + 2 + 1 + 5 + 1;
	memcpy(c, d, n);
	assert_memory_equal(c + at, "18", 2);
	c[at + 1] = '9';
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, f->district.pub.sign_pk, "for office 19, this is office 18");
	/* Even an office "19" holding the province's keys cannot read it: the
	 * ciphertext is bound to the header it was made with. */
	struct office_secret nineteen = f->province;
	str_copy(nineteen.pub.code, "19", sizeof(nineteen.pub.code));
	refused(c, n, &nineteen, f->district.pub.sign_pk, "encrypted data does not verify");

	/* The right code but another key pair: the sealed key does not open. */
	struct office_secret impostor;
	office_keys_generate(&impostor, "18");
	refused(d, n, &impostor, f->district.pub.sign_pk, "cannot be opened with this office's key");
	sodium_memzero(&impostor, sizeof(impostor));
	sodium_memzero(&nineteen, sizeof(nineteen));
	free(c);
	free(d);
}

static void test_unexpected_sender(void **state)
{
	struct fixture *f = *state;
	uint8_t p[300];
	randombytes_buf(p, sizeof(p));
	size_t n;
	uint8_t *d = sealed_bytes(f, p, sizeof(p), &n);
	refused(d, n, &f->province, f->other.pub.sign_pk,
		"signed by a different key than office 18.71's");

	/* 18.72 takes 18.71's bundle, puts its own name and keys in the header and signs
	 * it: signature and sender key check pass, the stream refuses. */
	uint8_t *c = xmalloc(n);
	memcpy(c, d, n);
	size_t at = 13 + 2 + 1;
	memcpy(c + at, "18.72", 5);
	size_t keys = 13 + 2 + 1 + 5 + 1 + 2;
	memcpy(c + keys, f->other.pub.sign_pk, 32);
	memcpy(c + keys + 32, f->other.pub.box_pk, 32);
	resign(c, n, f->other.sign_sk);
	refused(c, n, &f->province, f->other.pub.sign_pk, "encrypted data does not verify");
	/* Signed by 18.72 but naming 18.71's key: the signature does not match. */
	memcpy(c, d, n);
	resign(c, n, f->other.sign_sk);
	refused(c, n, &f->province, NULL, "signature does not match");
	free(c);
	free(d);
}

static void test_header_forgeries(void **state)
{
	struct fixture *f = *state;
	uint8_t p[300];
	randombytes_buf(p, sizeof(p));
	size_t n;
	uint8_t *d = sealed_bytes(f, p, sizeof(p), &n);
	uint8_t *c = xmalloc(n);
	size_t hl = header_len("18.71", "18");

	memcpy(c, d, n);
	memcpy(c, "PK\x03\x04", 4);
	refused(c, n, &f->province, NULL, "not a Bantu bundle");
	refused((const uint8_t *)"SQLite format 3", 15, &f->province, NULL, "not a Bantu bundle");

	/* A newer format: said so, whatever follows. */
	memcpy(c, d, n);
	c[14] = 2;
	refused(c, n, &f->province, NULL, "made by a newer Bantu");
	c[13] = 1;
	c[14] = 0;
	refused(c, n, &f->province, NULL, "made by a newer Bantu (bundle format 256");
	c[13] = 0;
	refused(c, n, &f->province, NULL, "bad header");

	/* Office code lengths: 0 and 200, unsigned; then a code with an escape, signed. */
	memcpy(c, d, n);
	c[15] = 0;
	refused(c, n, &f->province, NULL, "bad header");
	c[15] = 200;
	refused(c, n, &f->province, NULL, "bad header");
	memcpy(c, d, n);
	c[16] = 0x1b;
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, NULL, "bad header");

	/* Forged chunk lengths, signed by the sender: no allocation from them. */
	static const uint32_t lens[] = { 0, 16, ENVELOPE_CHUNK + ABYTES + 1, 0x7fffffff, 0xffffffff };
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		memcpy(c, d, n);
		c[hl] = (uint8_t)(lens[i] >> 24);
		c[hl + 1] = (uint8_t)(lens[i] >> 16);
		c[hl + 2] = (uint8_t)(lens[i] >> 8);
		c[hl + 3] = (uint8_t)lens[i];
		resign(c, n, f->district.sign_sk);
		refused(c, n, &f->province, NULL, "bad part length");
	}
	/* A length one short of the truth: the chunks do not end at the signature. */
	memcpy(c, d, n);
	c[hl + 3] -= 1;
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, NULL, "damaged");
	/* The sealed key or the stream header altered, signed again. */
	memcpy(c, d, n);
	c[13 + 2 + 1 + 5 + 1 + 2 + 64 + 5] ^= 0x40;
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, NULL, "cannot be opened with this office's key");
	memcpy(c, d, n);
	c[hl - 3] ^= 0x01;
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, NULL, "encrypted data does not verify");
	/* A byte of ciphertext altered, signed again: the stream's own check. */
	memcpy(c, d, n);
	c[hl + 40] ^= 0x80;
	resign(c, n, f->district.sign_sk);
	refused(c, n, &f->province, NULL, "encrypted data does not verify");
	free(c);
	free(d);
}

/*
 * The format, written independently from the header's description: chunks of
 * the given plaintext sizes and tags, in the given version. A file crafted this
 * way with the normal structure must open (so the description is the truth), and
 * the forgeries only the sender's key can make are refused.
 */
static uint8_t *craft(const struct fixture *f, int version, const uint8_t *pl, const size_t *sizes,
		      const unsigned char *tags, size_t nparts, size_t *size)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "BANTU-BUNDLE\n", 13);
	uint8_t v[2] = { (uint8_t)(version >> 8), (uint8_t)version };
	strbuf_add(&sb, v, 2);
	strbuf_addch(&sb, 5);
	strbuf_adds(&sb, "18.71");
	strbuf_addch(&sb, 2);
	strbuf_adds(&sb, "18");
	strbuf_add(&sb, f->district.pub.sign_pk, 32);
	strbuf_add(&sb, f->district.pub.box_pk, 32);
	uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES], sealed[SEALED_LEN];
	crypto_secretstream_xchacha20poly1305_keygen(key);
	assert_int_equal(crypto_box_seal(sealed, key, sizeof(key), f->province.pub.box_pk), 0);
	strbuf_add(&sb, sealed, sizeof(sealed));
	crypto_secretstream_xchacha20poly1305_state st;
	uint8_t ssh[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_init_push(&st, ssh, key);
	strbuf_add(&sb, ssh, sizeof(ssh));
	uint8_t ad[32];
	crypto_generichash(ad, sizeof(ad), (uint8_t *)sb.buf, sb.len, NULL, 0);
	size_t o = 0;
	uint8_t *cbuf = xmalloc(ENVELOPE_CHUNK + ABYTES);
	for (size_t i = 0; i < nparts; i++) {
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(&st, cbuf, &clen, pl + o, sizes[i], ad,
							   sizeof(ad), tags[i]);
		uint8_t lb[4] = { (uint8_t)(clen >> 24), (uint8_t)(clen >> 16), (uint8_t)(clen >> 8),
				  (uint8_t)clen };
		strbuf_add(&sb, lb, 4);
		strbuf_add(&sb, cbuf, (size_t)clen);
		o += sizes[i];
	}
	free(cbuf);
	uint8_t sig[crypto_sign_BYTES] = { 0 };
	strbuf_add(&sb, sig, sizeof(sig));
	*size = sb.len;
	uint8_t *d = (uint8_t *)strbuf_detach(&sb);
	resign(d, *size, f->district.sign_sk);
	return d;
}

static void test_crafted_streams(void **state)
{
	struct fixture *f = *state;
	const unsigned char M = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
	const unsigned char F = crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	const unsigned char P = crypto_secretstream_xchacha20poly1305_TAG_PUSH;
	uint8_t *p = random_payload(3 * ENVELOPE_CHUNK);
	size_t n;

	/* As envelope_write makes them: opens. */
	size_t s1[] = { ENVELOPE_CHUNK, 10 };
	unsigned char t1[] = { M, F };
	uint8_t *d = craft(f, 1, p, s1, t1, 2, &n);
	opens(f, d, n, p, ENVELOPE_CHUNK + 10);
	free(d);
	/* Short chunks before the last are not the writer's way, but authentic: open. */
	size_t s2[] = { 7, 0, 100 };
	unsigned char t2[] = { M, M, F };
	d = craft(f, 1, p, s2, t2, 3, &n);
	opens(f, d, n, p, 107);
	free(d);

	/* A genuine chunk after FINAL. */
	size_t s3[] = { 100, 100 };
	unsigned char t3[] = { F, M };
	d = craft(f, 1, p, s3, t3, 2, &n);
	refused(d, n, &f->province, f->district.pub.sign_pk, "data after the final part");
	free(d);
	/* No FINAL at all. */
	unsigned char t4[] = { M, M };
	d = craft(f, 1, p, s3, t4, 2, &n);
	refused(d, n, &f->province, f->district.pub.sign_pk, "final part missing");
	free(d);
	/* A tag this writer never uses. */
	unsigned char t5[] = { P, F };
	d = craft(f, 1, p, s3, t5, 2, &n);
	refused(d, n, &f->province, f->district.pub.sign_pk, "unexpected part");
	free(d);
	/* Signed, but in format 2. */
	unsigned char t6[] = { M, F };
	d = craft(f, 2, p, s3, t6, 2, &n);
	refused(d, n, &f->province, f->district.pub.sign_pk, "made by a newer Bantu");
	free(d);
	free(p);
}

static void test_write_failures(void **state)
{
	struct fixture *f = *state;
	uint8_t p[10] = { 0 };
	struct err e;
	err_clear(&e);
	char *path = path_in(f, "no/such/dir/b.bantu");
	assert_false(envelope_write(path, p, sizeof(p), &f->district, &f->province.pub, &e));
	assert_true(str_starts_with(e.msg, f->dir));
	free(path);

	path = path_in(f, "bad.bantu");
	struct office_keys bad = f->province.pub;
	str_copy(bad.code, "18 71", sizeof(bad.code));
	err_clear(&e);
	assert_false(envelope_write(path, p, sizeof(p), &f->district, &bad, &e));
	assert_non_null(strstr(e.msg, "18 71"));
	/* Public and secret halves that do not belong together. */
	struct office_secret mixed = f->district;
	memcpy(mixed.sign_sk, f->other.sign_sk, sizeof(mixed.sign_sk));
	assert_false(envelope_write(path, p, sizeof(p), &mixed, &f->province.pub, &e));
	sodium_memzero(&mixed, sizeof(mixed));
	/* Written, then the rename fails (a directory is in the way): no tmp left. */
	char *dir = path_in(f, "isdir.bantu");
	char *inner = path_in(f, "isdir.bantu/x");
	char *dirtmp = path_in(f, "isdir.bantu.tmp");
	assert_int_equal(mkdir(dir, 0755), 0);
	FILE *fp = fopen(inner, "w");
	assert_non_null(fp);
	fclose(fp);
	err_clear(&e);
	assert_false(envelope_write(dir, p, sizeof(p), &f->district, &f->province.pub, &e));
	assert_true(str_starts_with(e.msg, dir));
	assert_int_equal(access(dirtmp, F_OK), -1);
	assert_int_equal(access(inner, F_OK), 0);
	free(dirtmp);
	free(inner);
	free(dir);
	/* Over the cap: refused before the payload is read. */
	assert_false(envelope_write(path, p, ENVELOPE_MAX_PAYLOAD + 1, &f->district, &f->province.pub,
				    &e));
	assert_non_null(strstr(e.msg, "too large"));
	char *tmp = path_in(f, "bad.bantu.tmp");
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	free(path);
}

/* envelope_write's read-back, with the file damaged between writing and reading it
 * back (through the hook envelope.c calls there): every kind refused, nothing left. */
extern void (*envelope_write_test_hook)(const char *path);

enum damage { KEEP, FLIP, FLIP_RESIGNED, CUT, APPEND, REPLACE };
static enum damage hook_damage;
static const struct fixture *hook_fixture;
static uint8_t *hook_other;     /* REPLACE: another file from the same sender */
static size_t hook_other_len;

static void damage_written(const char *path)
{
	struct err e;
	err_clear(&e);
	size_t n;
	uint8_t *d = (uint8_t *)file_read(path, &n, &e);
	assert_non_null(d);
	d = xrealloc(d, n + 10);
	switch (hook_damage) {
	case KEEP:
		break;
	case FLIP: /* the last byte of the last chunk */
		d[n - crypto_sign_BYTES - 1] ^= 0x01;
		break;
	case FLIP_RESIGNED:
		d[n - crypto_sign_BYTES - 1] ^= 0x01;
		resign(d, n, hook_fixture->district.sign_sk);
		break;
	case CUT:
		n -= 100;
		break;
	case APPEND:
		memset(d + n, 'x', 10);
		n += 10;
		break;
	case REPLACE:
		free(d);
		d = xmalloc(hook_other_len);
		memcpy(d, hook_other, hook_other_len);
		n = hook_other_len;
		break;
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(d, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	free(d);
}

static void test_write_read_back(void **state)
{
	struct fixture *f = *state;
	size_t len = 2 * ENVELOPE_CHUNK + 1000;
	uint8_t *p = random_payload(len);
	uint8_t *q = random_payload(len - 1);
	hook_other = sealed_bytes(f, q, len - 1, &hook_other_len);
	hook_fixture = f;
	envelope_write_test_hook = damage_written;
	char *path = path_in(f, "rb.bantu");
	char *tmp = path_in(f, "rb.bantu.tmp");
	static const struct {
		enum damage d;
		const char *why;
	} cases[] = {
		/* The read-back compares the signature with the one written and
		 * authenticates every chunk: a flipped byte fails the chunk, a file
		 * signed again (even by the sender's key) the signature. */
		{ FLIP, "damaged (encrypted data does not verify)" },
		{ FLIP_RESIGNED, "damaged (signature does not match)" },
		{ CUT, "damaged (truncated: the file is incomplete)" },
		{ APPEND, "damaged (" },
		{ REPLACE, "does not decrypt to what was written" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct err e;
		err_clear(&e);
		hook_damage = cases[i].d;
		assert_false(envelope_write(path, p, len, &f->district, &f->province.pub, &e));
		if (!str_starts_with(e.msg, "written, but reading it back failed: ") ||
		    !strstr(e.msg, path) || !strstr(e.msg, cases[i].why))
			fail_msg("case %zu: %s", i, e.msg);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(access(tmp, F_OK), -1);
	}
	/* Left alone, it verifies and opens. */
	hook_damage = KEEP;
	struct err e;
	err_clear(&e);
	assert_true(envelope_write(path, p, len, &f->district, &f->province.pub, &e));
	envelope_write_test_hook = NULL;
	uint8_t *out = NULL;
	size_t got = 0;
	assert_true(envelope_open(path, &f->province, f->district.pub.sign_pk, NULL, &out, &got, &e));
	assert_int_equal(got, len);
	assert_memory_equal(out, p, len);
	free(out);
	free(hook_other);
	hook_other = NULL;
	free(tmp);
	free(path);
	free(q);
	free(p);
}

/* Keys derived from fixed seeds, so the fingerprint below is pinned. */
#define SEEDED_SIGN_PK "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737"
#define SEEDED_BOX_PK "9d8d78b9c9e6661e552f2f1af02095ee2f8743fa2e6183f41bb7077ef51b5379"
#define SEEDED_FINGERPRINT "Y5CY-AGS4-QHDQ-P36Q"
static void seeded(struct office_keys *k, uint8_t sign_seed, uint8_t box_seed)
{
	uint8_t seed[32], sk[64];
	memset(k, 0, sizeof(*k));
	memset(seed, sign_seed, sizeof(seed));
	crypto_sign_seed_keypair(k->sign_pk, sk, seed);
	memset(seed, box_seed, sizeof(seed));
	crypto_box_seed_keypair(k->box_pk, sk, seed);
	sodium_memzero(sk, sizeof(sk));
}

static void test_fingerprint(void **state)
{
	struct fixture *f = *state;
	char a[FINGERPRINT_SIZE], b[FINGERPRINT_SIZE];
	office_fingerprint(&f->district.pub, a);
	office_fingerprint(&f->district.pub, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 19);
	for (int i = 0; i < 19; i++) {
		if (i % 5 == 4)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]));
	}
	/* Independent of the code; dependent on both keys. */
	struct office_keys k = f->district.pub;
	str_copy(k.code, "99", sizeof(k.code));
	office_fingerprint(&k, b);
	assert_string_equal(a, b);
	k.box_pk[31] ^= 1;
	office_fingerprint(&k, b);
	assert_string_not_equal(a, b);
	k = f->district.pub;
	k.sign_pk[0] ^= 0x80;
	office_fingerprint(&k, b);
	assert_string_not_equal(a, b);

	/* Distinct over many offices. */
	enum { N = 200 };
	char (*fps)[FINGERPRINT_SIZE] = xcalloc(N, FINGERPRINT_SIZE);
	for (int i = 0; i < N; i++) {
		struct office_secret s;
		office_keys_generate(&s, "18.01");
		office_fingerprint(&s.pub, fps[i]);
		sodium_memzero(&s, sizeof(s));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(fps[i], fps[j]);
	}
	free(fps);

	/* Pinned: BLAKE2b-256(sign_pk || box_pk), first 10 bytes, Crockford base32
	 * (computed independently with Python's hashlib). */
	seeded(&k, 0x11, 0x22);
	char hex[65];
	sodium_bin2hex(hex, sizeof(hex), k.sign_pk, 32);
	assert_string_equal(hex, SEEDED_SIGN_PK);
	sodium_bin2hex(hex, sizeof(hex), k.box_pk, 32);
	assert_string_equal(hex, SEEDED_BOX_PK);
	office_fingerprint(&k, a);
	assert_string_equal(a, SEEDED_FINGERPRINT);
}

static void test_secret_key_file(void **state)
{
	struct fixture *f = *state;
	char *path = path_in(f, "office.key");
	struct err e;
	err_clear(&e);
	mode_t old = umask(0);
	bool saved = office_secret_save(path, &f->district, &e);
	umask(old);
	assert_true(saved);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	struct office_secret s;
	assert_true(office_secret_load(path, &s, &e));
	assert_memory_equal(&s, &f->district, sizeof(s));
	/* Saved again over the old one: still 0600, still the same. */
	assert_true(office_secret_save(path, &f->district, &e));
	assert_true(office_secret_load(path, &s, &e));
	assert_memory_equal(&s, &f->district, sizeof(s));
	sodium_memzero(&s, sizeof(s));

	/* Readable by others: refused, with the fix. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_false(office_secret_load(path, &s, &e));
	assert_true(str_starts_with(e.msg, path));
	assert_non_null(strstr(e.msg, "chmod 600"));
	assert_non_null(strstr(e.msg, "644"));
	assert_int_equal(chmod(path, 0640), 0);
	assert_false(office_secret_load(path, &s, &e));
	assert_int_equal(chmod(path, 0600), 0);
	assert_true(office_secret_load(path, &s, &e));
	sodium_memzero(&s, sizeof(s));

	/* The public key file is not a secret key file. */
	char *pub = path_in(f, "office.pub");
	assert_true(office_keys_save(pub, &f->district.pub, "Dinas KUMKM Kota Bandar Lampung", &e));
	assert_int_equal(chmod(pub, 0600), 0);
	assert_false(office_secret_load(pub, &s, &e));
	assert_non_null(strstr(e.msg, "not a Bantu key file"));
	free(pub);
	free(path);
}

static void strbuf_wipe_release(struct strbuf *sb)
{
	sodium_memzero(sb->buf, sb->len);
	strbuf_release(sb);
}

/* Writes text to a 0600 file named name; returns its path (caller frees). */
static char *text_file(const struct fixture *f, const char *name, const char *text)
{
	char *path = path_in(f, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(chmod(path, 0600), 0);
	return path;
}

static void test_secret_key_file_errors(void **state)
{
	struct fixture *f = *state;
	char sp[65], ss[129], bp[65], bs[65];
	sodium_bin2hex(sp, sizeof(sp), f->district.pub.sign_pk, 32);
	sodium_bin2hex(ss, sizeof(ss), f->district.sign_sk, 64);
	sodium_bin2hex(bp, sizeof(bp), f->district.pub.box_pk, 32);
	sodium_bin2hex(bs, sizeof(bs), f->district.box_sk, 32);
	struct office_secret s;
	struct err e;
	char *text, *path;

	/* Fine, with comments, blank lines and CRLF. */
	text = xasprintf("bantu-office-secret 1\r\n# a comment\n\noffice 18.71\nsign_pk %s\n"
			 "sign_sk %s\nbox_pk %s\r\nbox_sk %s\n", sp, ss, bp, bs);
	path = text_file(f, "k1", text);
	assert_true(office_secret_load(path, &s, &e));
	assert_memory_equal(&s, &f->district, sizeof(s));
	free(path);
	free(text);

	static const struct {
		const char *lines[7];  /* NULL: the valid line of that field */
		const char *want;
	} cases[] = {
		{ { [5] = "box_sk 00112233" }, ":6: 'box_sk' should be 64 hexadecimal digits" },
		{ { [5] = "# no box_sk" }, ": 'box_sk' missing" },
		{ { [1] = "office 18 71" }, ":2: bad office code" },
		{ { [1] = "office" }, ":2: bad office code" },
		{ { [1] = "officer 1" }, ":2: unknown entry 'officer'" },
		{ { [3] = "sign_pk 00" }, ":4: 'sign_pk' given twice" },
		{ { [0] = "bantu-office-secret 2" }, "made by a newer Bantu" },
		{ { [0] = "office 18.71" }, "not a Bantu key file" },
		{ { [0] = "" }, "not a Bantu key file" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *good[6] = { "bantu-office-secret 1", "office 18.71", NULL, NULL, NULL, NULL };
		for (int l = 0; l < 6; l++) {
			if (cases[i].lines[l])
				strbuf_addf(&sb, "%s\n", cases[i].lines[l]);
			else if (good[l])
				strbuf_addf(&sb, "%s\n", good[l]);
			else
				strbuf_addf(&sb, "%s %s\n", (const char *[]){ "sign_pk", "sign_sk", "box_pk",
									   "box_sk" }[l - 2],
					    (const char *[]){ sp, ss, bp, bs }[l - 2]);
		}
		path = text_file(f, "k2", sb.buf);
		err_clear(&e);
		assert_false(office_secret_load(path, &s, &e));
		assert_true(str_starts_with(e.msg, path));
		if (!strstr(e.msg, cases[i].want))
			fail_msg("case %zu: '%s' does not say '%s'", i, e.msg, cases[i].want);
		free(path);
		strbuf_wipe_release(&sb);
	}
	/* Halves from two offices. */
	char obs[65];
	sodium_bin2hex(obs, sizeof(obs), f->other.box_sk, 32);
	text = xasprintf("bantu-office-secret 1\noffice 18.71\nsign_pk %s\nsign_sk %s\nbox_pk %s\n"
			 "box_sk %s\n", sp, ss, bp, obs);
	path = text_file(f, "k3", text);
	assert_false(office_secret_load(path, &s, &e));
	assert_non_null(strstr(e.msg, "do not belong together"));
	free(path);
	free(text);
	/* Missing file. */
	path = path_in(f, "nothing.key");
	assert_false(office_secret_load(path, &s, &e));
	assert_true(str_starts_with(e.msg, path));
	free(path);
	sodium_memzero(ss, sizeof(ss));
	sodium_memzero(bs, sizeof(bs));
}

static void test_public_key_file(void **state)
{
	struct fixture *f = *state;
	char *path = path_in(f, "18.71.pub");
	struct err e;
	err_clear(&e);
	assert_true(office_keys_save(path, &f->district.pub, "Dinas KUMKM Kota Bandar Lampung", &e));
	struct office_keys k;
	char name[100];
	assert_true(office_keys_load(path, &k, name, sizeof(name), &e));
	assert_memory_equal(&k, &f->district.pub, sizeof(k));
	assert_string_equal(name, "Dinas KUMKM Kota Bandar Lampung");
	assert_true(office_keys_load(path, &k, NULL, 0, &e));
	char small[8];
	assert_false(office_keys_load(path, &k, small, sizeof(small), &e));
	assert_non_null(strstr(e.msg, "too long"));

	/* No secret in it; the fingerprint as a comment. */
	size_t n;
	char *text = file_read(path, &n, &e);
	assert_non_null(text);
	char hex[129];
	sodium_bin2hex(hex, sizeof(hex), f->district.sign_sk, 64);
	assert_null(strstr(text, hex));
	assert_null(strstr(text, "_sk"));
	char fp[FINGERPRINT_SIZE];
	office_fingerprint(&f->district.pub, fp);
	assert_non_null(strstr(text, fp));
	assert_true(str_starts_with(text, "bantu-office-keys 1\n"));
	free(text);

	/* Without a name; a name with a control character is refused. */
	assert_true(office_keys_save(path, &f->other.pub, NULL, &e));
	assert_true(office_keys_load(path, &k, name, sizeof(name), &e));
	assert_string_equal(name, "");
	assert_string_equal(k.code, "18.72");
	assert_false(office_keys_save(path, &f->other.pub, "Dinas\n sign_pk 00", &e));

	/* A secret line in a public file, and a bad line. */
	char sp[65], bp[65];
	sodium_bin2hex(sp, sizeof(sp), f->district.pub.sign_pk, 32);
	sodium_bin2hex(bp, sizeof(bp), f->district.pub.box_pk, 32);
	char *t = xasprintf("bantu-office-keys 1\noffice 18.71\nname X\nsign_pk %s\nbox_pk %s\n"
			    "sign_sk 00\n", sp, bp);
	char *p2 = text_file(f, "x.pub", t);
	assert_false(office_keys_load(p2, &k, name, sizeof(name), &e));
	assert_non_null(strstr(e.msg, ":6: unknown entry 'sign_sk'"));
	free(p2);
	free(t);
	t = xasprintf("bantu-office-keys 1\noffice 18.71\nname X\x1b[2J\nsign_pk %s\nbox_pk %s\n", sp,
		      bp);
	p2 = text_file(f, "y.pub", t);
	assert_false(office_keys_load(p2, &k, name, sizeof(name), &e));
	assert_non_null(strstr(e.msg, ":3: office name has control characters"));
	free(p2);
	free(t);
	t = xasprintf("bantu-office-keys 1\noffice 18.71\nsign_pk %.62s\nbox_pk %s\n", sp, bp);
	p2 = text_file(f, "z.pub", t);
	assert_false(office_keys_load(p2, &k, name, sizeof(name), &e));
	assert_non_null(strstr(e.msg, ":3: 'sign_pk' should be 64 hexadecimal digits"));
	assert_int_equal(k.code[0], '\0');
	free(p2);
	free(t);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_nothing_readable),
		cmocka_unit_test(test_flip_every_bit_small),
		cmocka_unit_test(test_flip_bits_large),
		cmocka_unit_test(test_flip_bits_threaded),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_swap_chunks_resigned),
		cmocka_unit_test(test_final_chunk_dropped_or_repeated),
		cmocka_unit_test(test_addressed_elsewhere),
		cmocka_unit_test(test_unexpected_sender),
		cmocka_unit_test(test_header_forgeries),
		cmocka_unit_test(test_crafted_streams),
		cmocka_unit_test(test_write_failures),
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_secret_key_file),
		cmocka_unit_test(test_secret_key_file_errors),
		cmocka_unit_test(test_public_key_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
