/*
 * envelope.c - the sealed, signed container a bundle travels in (see envelope.h
 * for the layout).
 *
 * Reading is strict and happens in a fixed order, so that a damaged or forged file
 * changes nothing and a lost one leaks nothing:
 *   1. the magic and the format version (a newer format may have another layout);
 *   2. the clear header: lengths bounds-checked, nothing allocated from them;
 *   3. the Ed25519 signature over BLAKE2b-512 of every byte before it, with the
 *      signing key the file names (any flipped, cut or appended byte fails here);
 *   4. the chunk layout (every length field within [ABYTES, CHUNK + ABYTES], the
 *      chunks ending exactly at the signature, the total under the cap);
 *   5. for envelope_open: the recipient, the expected sender key, the sealed key;
 *   6. the secretstream, chunk by chunk, into one buffer sized from the chunk
 *      lengths: any chunk that fails to authenticate, a FINAL tag before the last
 *      chunk or a last chunk without it zeroes and frees that buffer.
 * Every chunk is authenticated with the BLAKE2b-256 hash of the clear header as
 * additional data, so the ciphertext cannot be re-labelled with another sender or
 * recipient and re-signed by someone who cannot decrypt it.
 * envelope_peek makes the same checks on a file read 64 KiB at a time (check_file),
 * with the same messages in the same order; envelope_write's read-back reads it so
 * too, but compares the header and signature with those it wrote instead of hashing
 * the file again, and decrypts every chunk and compares it with the payload.
 */
#include "sync/envelope.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/outfile.h"
#include "core/safetext.h"
#include "core/util.h"

static const char MAGIC[] = "BANTU-BUNDLE\n";
#define MAGIC_LEN (sizeof(MAGIC) - 1)
#define CODE_MAX 15
#define SEALED_LEN (crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES)
#define SS_HEADER_LEN crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define CHUNK_MAX_C (ENVELOPE_CHUNK + ABYTES)
#define SIG_LEN crypto_sign_BYTES
#define HASH_LEN 64  /* BLAKE2b-512, signed */
#define AD_LEN 32    /* BLAKE2b-256 of the clear header, additional data of every chunk */
#define HEADER_MAX (MAGIC_LEN + 2 + 1 + CODE_MAX + 1 + CODE_MAX + 32 + 32 + SEALED_LEN + SS_HEADER_LEN)
#define CHUNKS_MAX ((uint64_t)ENVELOPE_MAX_PAYLOAD / ENVELOPE_CHUNK + 1)
#define FILE_MAX ((uint64_t)HEADER_MAX + CHUNKS_MAX * (4 + ABYTES) + ENVELOPE_MAX_PAYLOAD + SIG_LEN)
#define TAG_MESSAGE crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define TAG_FINAL crypto_secretstream_xchacha20poly1305_TAG_FINAL

static void init_sodium(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "bantu: libsodium could not be initialised\n");
		abort();
	}
}

static void put_u16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An office code: 1..15 of [0-9A-Za-z.-_] ("18", "18.71"). */
static bool code_ok_n(const char *s, size_t n)
{
	if (n == 0 || n > CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '.' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

static bool code_ok(const char *s)
{
	return s && code_ok_n(s, strnlen(s, CODE_MAX + 1));
}

/* ---- keys and fingerprints ---- */

void office_keys_generate(struct office_secret *out, const char *code)
{
	init_sodium();
	memset(out, 0, sizeof(*out));
	str_copy(out->pub.code, code ? code : "", sizeof(out->pub.code));
	crypto_sign_keypair(out->pub.sign_pk, out->sign_sk);
	crypto_box_keypair(out->pub.box_pk, out->box_sk);
}

void office_fingerprint(const struct office_keys *k, char out[FINGERPRINT_SIZE])
{
	static const char B32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint8_t h[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, k->sign_pk, sizeof(k->sign_pk));
	crypto_generichash_update(&st, k->box_pk, sizeof(k->box_pk));
	crypto_generichash_final(&st, h, sizeof(h));
	/* The first 10 bytes (80 bits), 5 bits a character, most significant first. */
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)h[byte] << 8 | (byte + 1 < 10 ? h[byte + 1] : 0);
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = B32[(v >> (11 - shift)) & 31];
	}
	out[o] = '\0';
}

/* ---- reading ---- */

/* Where the parts of a file are; all offsets checked against its size. */
struct layout {
	struct envelope_header hdr;
	size_t sealed_off;          /* sealed key */
	size_t ss_off;              /* secretstream header */
	size_t chunks_off;          /* first chunk's length field */
	size_t sig_off;             /* signature: the last SIG_LEN bytes */
	size_t nchunks;
	uint64_t plain_len;         /* sum of chunk plaintext lengths */
	uint8_t ad[AD_LEN];
};

enum walk { WALK_OK, WALK_TRUNCATED, WALK_BAD_LENGTH, WALK_TOO_LARGE };

/* Walks the chunk length fields from chunks_off to sig_off. */
static enum walk walk_chunks(const uint8_t *d, struct layout *L)
{
	size_t pos = L->chunks_off;
	L->nchunks = 0;
	L->plain_len = 0;
	while (pos < L->sig_off) {
		if (L->sig_off - pos < 4)
			return WALK_TRUNCATED;
		uint32_t clen = get_u32(d + pos);
		pos += 4;
		if (clen < ABYTES || clen > CHUNK_MAX_C)
			return WALK_BAD_LENGTH;
		if (L->sig_off - pos < clen)
			return WALK_TRUNCATED;
		pos += clen;
		L->nchunks++;
		L->plain_len += clen - ABYTES;
		if (L->plain_len > ENVELOPE_MAX_PAYLOAD)
			return WALK_TOO_LARGE;
	}
	return L->nchunks > 0 ? WALK_OK : WALK_TRUNCATED;
}

static bool damaged(struct err *e, const char *name, const char *why)
{
	return err_set(e, 1, _("%s: damaged (%s)"), name, why);
}

static bool truncated(struct err *e, const char *name)
{
	return damaged(e, name, _("truncated: the file is incomplete"));
}

/*
 * The first half of parse: the magic, the version and the clear header of a file of
 * n bytes, of which d holds the first min(n, HEADER_MAX) (nothing past the header is
 * read). Fills L but for the chunk walk; also L->ad, the hash of the clear header.
 */
static bool parse_head(const uint8_t *d, size_t n, const char *name, struct layout *L,
		       struct err *e)
{
	memset(L, 0, sizeof(*L));
	if (n == 0)
		return err_set(e, 1, _("%s: not a Bantu bundle (empty file)"), name);
	if (n < MAGIC_LEN) {
		if (memcmp(d, MAGIC, n) == 0)
			return truncated(e, name);
		return err_set(e, 1, _("%s: not a Bantu bundle"), name);
	}
	if (memcmp(d, MAGIC, MAGIC_LEN) != 0)
		return err_set(e, 1, _("%s: not a Bantu bundle"), name);
	size_t pos = MAGIC_LEN;
	if (n - pos < 2)
		return truncated(e, name);
	int version = d[pos] << 8 | d[pos + 1];
	pos += 2;
	if (version > ENVELOPE_VERSION)
		return err_set(e, 1,
			       _("%s: made by a newer Bantu (bundle format %d; this version reads "
				 "format %d): update Bantu to open it"),
			       name, version, ENVELOPE_VERSION);
	if (version < 1)
		return damaged(e, name, _("bad header"));
	L->hdr.version = version;

	/* Two office codes; their characters are checked after the signature. */
	char *codes[2] = { L->hdr.sender.code, L->hdr.recipient };
	for (int i = 0; i < 2; i++) {
		if (n - pos < 1)
			return truncated(e, name);
		size_t len = d[pos++];
		if (len == 0 || len > CODE_MAX)
			return damaged(e, name, _("bad header"));
		if (n - pos < len)
			return truncated(e, name);
		memcpy(codes[i], d + pos, len);
		codes[i][len] = '\0';
		pos += len;
	}
	size_t fixed = sizeof(L->hdr.sender.sign_pk) + sizeof(L->hdr.sender.box_pk) + SEALED_LEN +
		       SS_HEADER_LEN;
	/* The header, one empty chunk and the signature at least. */
	if (n - pos < fixed + 4 + ABYTES + SIG_LEN)
		return truncated(e, name);
	memcpy(L->hdr.sender.sign_pk, d + pos, sizeof(L->hdr.sender.sign_pk));
	pos += sizeof(L->hdr.sender.sign_pk);
	memcpy(L->hdr.sender.box_pk, d + pos, sizeof(L->hdr.sender.box_pk));
	pos += sizeof(L->hdr.sender.box_pk);
	L->sealed_off = pos;
	pos += SEALED_LEN;
	L->ss_off = pos;
	pos += SS_HEADER_LEN;
	L->chunks_off = pos;
	L->sig_off = n - SIG_LEN;

	crypto_generichash(L->ad, sizeof(L->ad), d, L->chunks_off, NULL, 0);
	return true;
}

/*
 * The second half: the signature over hash (BLAKE2b-512 of the sig_off bytes before
 * it), then the office codes and the chunk walk's outcome w (walk_chunks'; L->nchunks
 * and L->plain_len are its counts).
 */
/* Checks the signature over hash, or (read-back of a file just written: hash NULL)
 * that it is the very signature written. */
static bool parse_tail(const uint8_t *hash, const uint8_t sig[SIG_LEN], const uint8_t *written_sig,
		       enum walk w, const char *name, struct layout *L, struct err *e)
{
	if (hash ? crypto_sign_verify_detached(sig, hash, HASH_LEN, L->hdr.sender.sign_pk) != 0
		 : memcmp(sig, written_sig, SIG_LEN) != 0) {
		/* Say "truncated" when the chunks run past the end: most likely a cut copy. */
		if (w == WALK_TRUNCATED)
			return truncated(e, name);
		return damaged(e, name, _("signature does not match"));
	}
	/* Signed by the key the file names; from here on only its holder could have
	 * made these bytes, and the checks below guard against a faulty or hostile one. */
	if (!code_ok(L->hdr.sender.code) || !code_ok(L->hdr.recipient))
		return damaged(e, name, _("bad header"));
	switch (w) {
	case WALK_OK:
		break;
	case WALK_TRUNCATED:
		return truncated(e, name);
	case WALK_BAD_LENGTH:
		return damaged(e, name, _("bad part length"));
	case WALK_TOO_LARGE:
		return err_set(e, 1, _("%s: too large (more than %llu bytes of data)"), name,
			       (unsigned long long)ENVELOPE_MAX_PAYLOAD);
	}
	return true;
}

/*
 * Checks everything that needs no secret: magic, version, header, signature,
 * chunk layout. Fills L (L->hdr is trusted only when this returns true).
 */
static bool parse(const uint8_t *d, size_t n, const char *name, struct layout *L, struct err *e)
{
	if (!parse_head(d, n, name, L, e))
		return false;
	uint8_t hash[HASH_LEN];
	crypto_generichash(hash, sizeof(hash), d, L->sig_off, NULL, 0);
	return parse_tail(hash, d + L->sig_off, NULL, walk_chunks(d, L), name, L, e);
}

/* Decrypts the chunks of a parsed file with key into out (plain_len bytes). */
static bool decrypt_chunks(const uint8_t *d, const struct layout *L, const uint8_t *key,
			   uint8_t *out, const char *name, struct err *e)
{
	crypto_secretstream_xchacha20poly1305_state st;
	bool ok = false;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, d + L->ss_off, key) != 0) {
		damaged(e, name, _("bad stream header"));
		goto done;
	}
	size_t pos = L->chunks_off;
	uint64_t o = 0;
	unsigned char tag = TAG_MESSAGE;
	for (size_t i = 0; i < L->nchunks; i++) {
		uint32_t clen = get_u32(d + pos);
		pos += 4;
		unsigned long long mlen = 0;
		if (crypto_secretstream_xchacha20poly1305_pull(&st, out + o, &mlen, &tag, d + pos, clen,
							       L->ad, sizeof(L->ad)) != 0) {
			damaged(e, name, _("encrypted data does not verify"));
			goto done;
		}
		if (tag == TAG_FINAL && i + 1 < L->nchunks) {
			damaged(e, name, _("data after the final part"));
			goto done;
		}
		if (tag != TAG_FINAL && tag != TAG_MESSAGE) {
			damaged(e, name, _("unexpected part"));
			goto done;
		}
		o += mlen;
		pos += clen;
	}
	if (tag != TAG_FINAL) {
		damaged(e, name, _("final part missing"));
		goto done;
	}
	ok = true;
done:
	sodium_memzero(&st, sizeof(st));
	return ok;
}

/* Opens a regular file of at most FILE_MAX bytes for reading; its size in *size.
 * -1 with e set on failure. */
static int open_bundle(const char *path, size_t *size, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, 1, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		err_set(e, 1, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(e, 1, _("%s: not a regular file"), path);
		goto fail;
	}
	if ((uint64_t)st.st_size > FILE_MAX || (uint64_t)st.st_size > SIZE_MAX) {
		err_set(e, 1, _("%s: too large (more than %llu bytes of data)"), path,
			(unsigned long long)ENVELOPE_MAX_PAYLOAD);
		goto fail;
	}
	*size = (size_t)st.st_size;
	return fd;
fail:
	close(fd);
	return -1;
}

static bool changed(struct err *e, const char *path)
{
	return err_set(e, 1, _("%s: the file changed while it was read"), path);
}

/* Reads a whole regular file of at most FILE_MAX bytes. Caller frees. With
 * head_first, the file's clear header is parsed as soon as it is in, and a file
 * that is no bundle is refused without reading the rest. */
static uint8_t *read_file_ex(const char *path, size_t *size, bool head_first, struct err *e)
{
	size_t n;
	int fd = open_bundle(path, &n, e);
	if (fd < 0)
		return NULL;
	size_t got = 0;
	uint8_t *buf = malloc(n ? n : 1);
	if (!buf) {
		err_set(e, 1, _("%s: not enough memory to read it (%zu bytes)"), path, n);
		goto fail;
	}
	bool head_done = !head_first;
	while (got < n) {
		if (!head_done && got >= (n < HEADER_MAX ? n : HEADER_MAX)) {
			struct layout L;
			if (!parse_head(buf, n, path, &L, e))
				goto fail;
			head_done = true;
		}
		size_t want = head_done ? n - got : (n < HEADER_MAX ? n : HEADER_MAX) - got;
		ssize_t r = read(fd, buf + got, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_set(e, 1, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	uint8_t extra;
	if (got != n || read(fd, &extra, 1) != 0) {
		changed(e, path);
		goto fail;
	}
	close(fd);
	*size = n;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

static uint8_t *read_file(const char *path, size_t *size, struct err *e)
{
	return read_file_ex(path, size, false, e);
}

/* ---- reading a file a block at a time ---- */

#define READ_BLOCK 65536

/* Hands out a file's bytes in order, read READ_BLOCK at a time, and adds those
 * before hash_end to the signed hash as they pass. */
struct reader {
	int fd;
	const char *path;
	size_t off;                 /* file offset of the next byte handed out */
	size_t hash_end;
	crypto_generichash_state h;
	uint8_t *buf;               /* READ_BLOCK bytes */
	size_t have, at;            /* bytes in buf; of them handed out */
};

/* Reads the next block into buf (r->have == 0 at the end of the file). */
static bool rd_fill(struct reader *r, struct err *e)
{
	ssize_t got;
	do
		got = read(r->fd, r->buf, READ_BLOCK);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return err_set(e, 1, "%s: %s", r->path, strerror(errno));
	r->have = (size_t)got;
	r->at = 0;
	return true;
}

/* Takes the next k bytes: copied to dst, or (dst NULL) only hashed. A file that ends
 * before them changed since it was measured. */
static bool rd_take(struct reader *r, uint8_t *dst, size_t k, struct err *e)
{
	while (k > 0) {
		if (r->at == r->have) {
			if (!rd_fill(r, e))
				return false;
			if (r->have == 0)
				return changed(e, r->path);
		}
		size_t m = r->have - r->at < k ? r->have - r->at : k;
		const uint8_t *p = r->buf + r->at;
		if (r->off < r->hash_end)
			crypto_generichash_update(&r->h, p,
						  r->hash_end - r->off < m ? r->hash_end - r->off : m);
		if (dst) {
			memcpy(dst, p, m);
			dst += m;
		}
		r->at += m;
		r->off += m;
		k -= m;
	}
	return true;
}

/* True at the end of the file; a file with more bytes changed since it was measured. */
static bool rd_at_end(struct reader *r, struct err *e)
{
	if (r->at == r->have && !rd_fill(r, e))
		return false;
	return r->have == 0 || changed(e, r->path);
}

/* Reads n bytes at offset 0 (without moving the file offset). */
static bool read_head(int fd, uint8_t *d, size_t n, const char *path, struct err *e)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, d + got, n - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return err_set(e, 1, "%s: %s", path, strerror(errno));
		if (r == 0)
			return changed(e, path);
		got += (size_t)r;
	}
	return true;
}

/*
 * parse, on the file at path read a block at a time: never more than a chunk of it
 * in memory. With key, also decrypt_chunks' checks, each chunk compared with its
 * slice of expect (len bytes, the read-back check of envelope_write), and the
 * plaintext length with len. One pass hashes every byte before the signature, walks
 * the chunk lengths and decrypts (while the plaintext fits in len); the failures are
 * then reported in the order parse, the length check and decrypt_chunks report them
 * on a file in memory: the same message for the same file.
 */
/* What envelope_write put in a file, for its read-back. */
struct written {
	const uint8_t *head;
	size_t hl;
	const uint8_t *sig;
};

/*
 * Reads path a block at a time and makes every check of parse, and with key decrypts
 * each chunk and compares it with expect (len bytes). The read-back of a file just
 * written (wr) compares its header and signature with those written instead of
 * hashing it again: with every chunk authenticated and equal to the payload, the
 * file is then byte for byte what was written.
 */
static bool check_file(const char *path, const uint8_t *key, const uint8_t *expect, size_t len,
		       const struct written *wr, struct layout *L, struct err *e)
{
	memset(L, 0, sizeof(*L));
	size_t n;
	int fd = open_bundle(path, &n, e);
	if (fd < 0)
		return false;
	struct reader r = { .fd = fd, .path = path };
	uint8_t head[HEADER_MAX], again[HEADER_MAX], sig[SIG_LEN], hash[HASH_LEN];
	uint8_t *cbuf = NULL, *plain = NULL;
	crypto_secretstream_xchacha20poly1305_state st;
	struct err de; /* the first decryption failure, reported after the layout's */
	err_clear(&de);
	bool dec_failed = false, ok = false;
	if (!read_head(fd, head, n < HEADER_MAX ? n : HEADER_MAX, path, e) ||
	    !parse_head(head, n, path, L, e))
		goto done;
	if (wr && (L->chunks_off != wr->hl || memcmp(head, wr->head, wr->hl) != 0)) {
		err_set(e, 1, _("%s: does not decrypt to what was written"), path);
		goto done;
	}
	r.buf = xmalloc(READ_BLOCK);
	r.hash_end = wr ? 0 : L->sig_off;
	crypto_generichash_init(&r.h, NULL, 0, HASH_LEN);
	/* The header again, as hashed: what was parsed is what is signed. */
	if (!rd_take(&r, again, L->chunks_off, e))
		goto done;
	if (memcmp(again, head, L->chunks_off) != 0) {
		changed(e, path);
		goto done;
	}
	if (key) {
		cbuf = xmalloc(CHUNK_MAX_C);
		plain = xmalloc(ENVELOPE_CHUNK);
		if (crypto_secretstream_xchacha20poly1305_init_pull(&st, head + L->ss_off, key) != 0)
			dec_failed = !damaged(&de, path, _("bad stream header"));
	}
	/* walk_chunks, a chunk at a time. */
	enum walk w = WALK_OK;
	size_t pos = L->chunks_off;
	unsigned char tag = TAG_MESSAGE;
	while (pos < L->sig_off) {
		uint8_t lb[4];
		if (L->sig_off - pos < 4) {
			w = WALK_TRUNCATED;
			break;
		}
		if (!rd_take(&r, lb, 4, e))
			goto done;
		pos += 4;
		uint32_t clen = get_u32(lb);
		if (clen < ABYTES || clen > CHUNK_MAX_C) {
			w = WALK_BAD_LENGTH;
			break;
		}
		if (L->sig_off - pos < clen) {
			w = WALK_TRUNCATED;
			break;
		}
		if (!rd_take(&r, key ? cbuf : NULL, clen, e))
			goto done;
		pos += clen;
		uint64_t o = L->plain_len; /* this chunk's offset in the plaintext */
		L->nchunks++;
		L->plain_len += clen - ABYTES;
		if (L->plain_len > ENVELOPE_MAX_PAYLOAD) {
			w = WALK_TOO_LARGE;
			break;
		}
		/* Past len the length check fails first: nothing more to compare. */
		if (!key || dec_failed || L->plain_len > len)
			continue;
		unsigned long long mlen = 0;
		if (crypto_secretstream_xchacha20poly1305_pull(&st, plain, &mlen, &tag, cbuf, clen,
							       L->ad, sizeof(L->ad)) != 0)
			dec_failed = !damaged(&de, path, _("encrypted data does not verify"));
		else if (tag == TAG_FINAL && pos < L->sig_off) /* not the last chunk */
			dec_failed = !damaged(&de, path, _("data after the final part"));
		else if (tag != TAG_FINAL && tag != TAG_MESSAGE)
			dec_failed = !damaged(&de, path, _("unexpected part"));
		else if (mlen > 0 && memcmp(plain, expect + o, (size_t)mlen) != 0) /* nothing secret */
			dec_failed = !err_set(&de, 1, _("%s: does not decrypt to what was written"), path);
	}
	/* The rest (after a bad walk) into the hash, the signature, then the end. */
	if (!rd_take(&r, NULL, L->sig_off - pos, e) || !rd_take(&r, sig, SIG_LEN, e) ||
	    !rd_at_end(&r, e))
		goto done;
	crypto_generichash_final(&r.h, hash, sizeof(hash));
	if (!parse_tail(wr ? NULL : hash, sig, wr ? wr->sig : NULL, w, path, L, e))
		goto done;
	if (key) {
		if (L->plain_len != len) {
			err_set(e, 1, _("%s: does not decrypt to what was written"), path);
			goto done;
		}
		if (!dec_failed && tag != TAG_FINAL)
			dec_failed = !damaged(&de, path, _("final part missing"));
		if (dec_failed) {
			err_set(e, de.code, "%s", de.msg);
			goto done;
		}
	}
	ok = true;
done:
	close(fd);
	if (key)
		sodium_memzero(&st, sizeof(st));
	if (plain) {
		sodium_memzero(plain, ENVELOPE_CHUNK);
		free(plain);
	}
	if (cbuf) {
		sodium_memzero(cbuf, CHUNK_MAX_C);
		free(cbuf);
	}
	free(r.buf);
	return ok;
}

bool envelope_peek(const char *path, struct envelope_header *hdr, struct err *e)
{
	init_sodium();
	if (hdr)
		memset(hdr, 0, sizeof(*hdr));
	struct layout L;
	bool ok = check_file(path, NULL, NULL, 0, NULL, &L, e);
	if (ok && hdr)
		*hdr = L.hdr;
	return ok;
}

/* The signed hash of a file in memory, taken by a second thread while the first
 * decrypts (a file of more than HASH_THREAD_MIN bytes; smaller ones inline). */
#define HASH_THREAD_MIN (1u << 20)

struct hash_job {
	const uint8_t *d;
	size_t n;
	uint8_t hash[HASH_LEN];
	pthread_t th;
	bool threaded;
};

static void *hash_job_run(void *arg)
{
	struct hash_job *j = arg;
	crypto_generichash(j->hash, sizeof(j->hash), j->d, j->n, NULL, 0);
	return NULL;
}

static void hash_job_start(struct hash_job *j, const uint8_t *d, size_t n)
{
	j->d = d;
	j->n = n;
	j->threaded = n >= HASH_THREAD_MIN && pthread_create(&j->th, NULL, hash_job_run, j) == 0;
	if (!j->threaded)
		hash_job_run(j);
}

static void hash_job_wait(struct hash_job *j)
{
	if (j->threaded)
		pthread_join(j->th, NULL);
	j->threaded = false;
}

/*
 * The part of envelope_open_mem after parse: recipient, sender key, the sealed
 * key, the chunks. Run while the signature's hash is still being taken, so its
 * failure is held back until parse has spoken.
 */
static bool open_payload(const uint8_t *data, const struct layout *L, const char *name,
			 const struct office_secret *me, const uint8_t *expected_sender_sign_pk,
			 uint8_t **payload, size_t *len, struct err *e)
{
	if (!str_eq(L->hdr.recipient, me->pub.code))
		return err_set(e, 1, _("%s: for office %s, this is office %s"), name, L->hdr.recipient,
			       me->pub.code);
	if (expected_sender_sign_pk &&
	    sodium_memcmp(L->hdr.sender.sign_pk, expected_sender_sign_pk,
			  sizeof(L->hdr.sender.sign_pk)) != 0)
		return err_set(e, 1, _("%s: signed by a different key than office %s's"), name,
			       L->hdr.sender.code);
	uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	if (crypto_box_seal_open(key, data + L->sealed_off, SEALED_LEN, me->pub.box_pk,
				 me->box_sk) != 0) {
		sodium_memzero(key, sizeof(key));
		return err_set(e, 1,
			       _("%s: cannot be opened with this office's key (sealed for another "
				 "key of office %s)"),
			       name, L->hdr.recipient);
	}
	size_t plen = (size_t)L->plain_len;
	uint8_t *out = malloc(plen ? plen : 1);
	if (!out) {
		sodium_memzero(key, sizeof(key));
		return err_set(e, 1, _("%s: not enough memory to read it (%zu bytes)"), name, plen);
	}
	bool ok = decrypt_chunks(data, L, key, out, name, e);
	sodium_memzero(key, sizeof(key));
	if (!ok) {
		sodium_memzero(out, plen);
		free(out);
		return false;
	}
	*payload = out;
	*len = plen;
	return true;
}

bool envelope_open_mem(const uint8_t *data, size_t size, const char *name,
		       const struct office_secret *me, const uint8_t *expected_sender_sign_pk,
		       struct envelope_header *hdr, uint8_t **payload, size_t *len,
		       struct err *e)
{
	init_sodium();
	/* expected_sender_sign_pk may point into hdr, cleared below. */
	uint8_t expect[sizeof(hdr->sender.sign_pk)];
	if (expected_sender_sign_pk)
		memcpy(expect, expected_sender_sign_pk, sizeof(expect));
	*payload = NULL;
	*len = 0;
	if (hdr)
		memset(hdr, 0, sizeof(*hdr));
	if (!name)
		name = "bundle";
	struct layout L;
	if (!parse_head(data, size, name, &L, e))
		return false;
	/* parse, with its hash in the second thread while this one opens the payload;
	 * the failures are reported in parse's order, then open_payload's. A layout
	 * that does not walk fails parse_tail: nothing to decrypt then. */
	struct hash_job j;
	hash_job_start(&j, data, L.sig_off);
	enum walk w = walk_chunks(data, &L);
	struct err late;
	err_clear(&late);
	uint8_t *out = NULL;
	size_t plen = 0;
	bool opened = w == WALK_OK &&
		      open_payload(data, &L, name, me, expected_sender_sign_pk ? expect : NULL, &out,
				   &plen, &late);
	hash_job_wait(&j);
	if (!parse_tail(j.hash, data + L.sig_off, NULL, w, name, &L, e)) {
		if (out) {
			sodium_memzero(out, plen);
			free(out);
		}
		return false;
	}
	if (hdr)
		*hdr = L.hdr;
	if (!opened)
		return err_set(e, late.code, "%s", late.msg);
	*payload = out;
	*len = plen;
	return true;
}

uint8_t *envelope_read(const char *path, size_t *size, struct err *e)
{
	init_sodium();
	*size = 0;
	return read_file_ex(path, size, true, e);
}

bool envelope_header_unverified(const uint8_t *data, size_t size, const char *name,
				struct envelope_header *hdr, struct err *e)
{
	init_sodium();
	struct layout L;
	bool ok = parse_head(data, size, name, &L, e);
	if (ok)
		*hdr = L.hdr;
	else
		memset(hdr, 0, sizeof(*hdr));
	return ok;
}

bool envelope_peek_mem(const uint8_t *data, size_t size, const char *name,
		       struct envelope_header *hdr, struct err *e)
{
	init_sodium();
	memset(hdr, 0, sizeof(*hdr));
	struct layout L;
	if (!parse(data, size, name, &L, e))
		return false;
	*hdr = L.hdr;
	return true;
}

bool envelope_open(const char *path, const struct office_secret *me,
		   const uint8_t *expected_sender_sign_pk, struct envelope_header *hdr,
		   uint8_t **payload, size_t *len, struct err *e)
{
	*payload = NULL;
	*len = 0;
	if (hdr)
		memset(hdr, 0, sizeof(*hdr));
	size_t n;
	uint8_t *d = read_file(path, &n, e);
	if (!d)
		return false;
	bool ok = envelope_open_mem(d, n, path, me, expected_sender_sign_pk, hdr, payload, len, e);
	free(d);
	return ok;
}

/* ---- writing ---- */

/* Writes n bytes to f and adds them to the signed hash. */
static bool put(FILE *f, crypto_generichash_state *h, const void *p, size_t n)
{
	crypto_generichash_update(h, p, n);
	return fwrite(p, 1, n, f) == n;
}

/*
 * The signed hash of a file being written, taken by a second thread while the
 * first encrypts and writes the next chunks: parts go through a ring of buffers
 * in order, so the hash is over the bytes as written. Without the thread (it
 * could not be made) each part is hashed as it is pushed.
 */
#define RING 8
#define PART_MAX (4 + CHUNK_MAX_C) /* a chunk's length field and the chunk */

struct hasher {
	crypto_generichash_state *h;
	pthread_t th;
	bool threaded, done;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint8_t *buf[RING];
	size_t len[RING];
	int head, tail, count;
};

static void *hasher_run(void *arg)
{
	struct hasher *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->count == 0 && !q->done)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->count == 0)
			break; /* done, and nothing left */
		int i = q->tail;
		pthread_mutex_unlock(&q->mu);
		crypto_generichash_update(q->h, q->buf[i], q->len[i]);
		pthread_mutex_lock(&q->mu);
		q->tail = (q->tail + 1) % RING;
		q->count--;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

static void hasher_start(struct hasher *q, crypto_generichash_state *h)
{
	memset(q, 0, sizeof(*q));
	q->h = h;
	for (int i = 0; i < RING; i++)
		q->buf[i] = xmalloc(PART_MAX);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->threaded = pthread_create(&q->th, NULL, hasher_run, q) == 0;
}

/* The buffer to fill with the next part (waits while every buffer is taken). */
static uint8_t *hasher_slot(struct hasher *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == RING)
		pthread_cond_wait(&q->cv, &q->mu);
	uint8_t *b = q->buf[q->head];
	pthread_mutex_unlock(&q->mu);
	return b;
}

/* Hands the filled slot (len bytes) to the hash. */
static void hasher_push(struct hasher *q, size_t len)
{
	if (!q->threaded) {
		crypto_generichash_update(q->h, q->buf[q->head], len);
		return;
	}
	pthread_mutex_lock(&q->mu);
	q->len[q->head] = len;
	q->head = (q->head + 1) % RING;
	q->count++;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* Waits until every part pushed is in the hash; frees the ring. */
static void hasher_finish(struct hasher *q)
{
	if (q->threaded) {
		pthread_mutex_lock(&q->mu);
		q->done = true;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->th, NULL);
	}
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	for (int i = 0; i < RING; i++)
		free(q->buf[i]);
}

/* The read-back check: the file as stored verifies and decrypts to the payload,
 * read a block at a time (no copy of the file or the payload in memory). */
static bool verify_written(const char *path, const uint8_t *payload, size_t len,
			   const uint8_t *key, const struct written *wr, struct err *e)
{
	struct layout L;
	return check_file(path, key, payload, len, wr, &L, e);
}

/* Called (when not NULL) with the path between writing the file and reading it back:
 * tests/unit/test_envelope.c damages the file there to show the read-back catches it.
 * Declared here only: nothing but that test sets it. */
extern void (*envelope_write_test_hook)(const char *path);
void (*envelope_write_test_hook)(const char *path);

bool envelope_write(const char *path, const uint8_t *payload, size_t len,
		    const struct office_secret *sender, const struct office_keys *recipient,
		    struct err *e)
{
	init_sodium();
	if (!code_ok(sender->pub.code))
		return err_set(e, 1, _("bad office code '%s'"), sender->pub.code);
	if (!code_ok(recipient->code))
		return err_set(e, 1, _("bad office code '%s'"), recipient->code);
	if ((uint64_t)len > ENVELOPE_MAX_PAYLOAD)
		return err_set(e, 1, _("%s: too large (more than %llu bytes of data)"), path,
			       (unsigned long long)ENVELOPE_MAX_PAYLOAD);
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	crypto_sign_ed25519_sk_to_pk(pk, sender->sign_sk);
	if (sodium_memcmp(pk, sender->pub.sign_pk, sizeof(pk)) != 0)
		return err_set(e, 1, _("office %s: the public and secret keys do not belong together"),
			       sender->pub.code);

	/* The clear header, then the key sealed to the recipient. */
	uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	uint8_t head[HEADER_MAX];
	size_t hl = 0;
	memcpy(head, MAGIC, MAGIC_LEN);
	hl += MAGIC_LEN;
	put_u16(head + hl, ENVELOPE_VERSION);
	hl += 2;
	const char *codes[2] = { sender->pub.code, recipient->code };
	for (int i = 0; i < 2; i++) {
		size_t cl = strlen(codes[i]);
		head[hl++] = (uint8_t)cl;
		memcpy(head + hl, codes[i], cl);
		hl += cl;
	}
	memcpy(head + hl, sender->pub.sign_pk, 32);
	hl += 32;
	memcpy(head + hl, sender->pub.box_pk, 32);
	hl += 32;
	crypto_secretstream_xchacha20poly1305_keygen(key);
	if (crypto_box_seal(head + hl, key, sizeof(key), recipient->box_pk) != 0) {
		sodium_memzero(key, sizeof(key));
		return err_set(e, 1, _("office %s: unusable public key"), recipient->code);
	}
	hl += SEALED_LEN;
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_secretstream_xchacha20poly1305_init_push(&st, head + hl, key);
	hl += SS_HEADER_LEN;
	uint8_t ad[AD_LEN];
	crypto_generichash(ad, sizeof(ad), head, hl, NULL, 0);

	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, HASH_LEN);
	bool ok = false, renamed = false;
	struct outfile of = { 0 };
	if (!outfile_open(&of, path, 0, e))
		goto done;
	FILE *f = of.f;
	if (!put(f, &h, head, hl))
		goto io_error;
	/* Chunks of ENVELOPE_CHUNK bytes, the last (perhaps empty) one tagged FINAL,
	 * each with its length; hashed by the hasher while the next is encrypted. */
	struct hasher q;
	hasher_start(&q, &h);
	size_t off = 0;
	bool wrote = true;
	for (;;) {
		size_t m = len - off < ENVELOPE_CHUNK ? len - off : ENVELOPE_CHUNK;
		bool last = off + m == len;
		unsigned long long clen;
		uint8_t *part = hasher_slot(&q);
		crypto_secretstream_xchacha20poly1305_push(&st, part + 4, &clen, payload + off, m, ad,
							   sizeof(ad), last ? TAG_FINAL : TAG_MESSAGE);
		put_u32(part, (uint32_t)clen);
		if (fwrite(part, 1, 4 + (size_t)clen, f) != 4 + (size_t)clen) {
			wrote = false;
			break;
		}
		hasher_push(&q, 4 + (size_t)clen);
		off += m;
		if (last)
			break;
	}
	hasher_finish(&q);
	if (!wrote)
		goto io_error;
	uint8_t hash[HASH_LEN], sig[SIG_LEN];
	crypto_generichash_final(&h, hash, sizeof(hash));
	crypto_sign_detached(sig, NULL, hash, sizeof(hash), sender->sign_sk);
	if (fwrite(sig, 1, sizeof(sig), f) != sizeof(sig) || fflush(f) != 0 || fsync(fileno(f)) != 0)
		goto io_error;
	/* Drop the cached pages, so the read-back below reads the medium (a USB stick
	 * that lies about its size shows here, not at the district office). */
	(void)posix_fadvise(fileno(f), 0, 0, POSIX_FADV_DONTNEED);
	if (!outfile_commit(&of, e))
		goto done;
	renamed = true;
	if (envelope_write_test_hook)
		envelope_write_test_hook(path);
	struct err ve;
	err_clear(&ve);
	const struct written wr = { head, hl, sig };
	if (!verify_written(path, payload, len, key, &wr, &ve)) {
		err_set(e, 1, _("written, but reading it back failed: %s"), ve.msg);
		goto done;
	}
	ok = true;
	goto done;
io_error:
	err_set(e, 1, "%s: %s", path, strerror(errno ? errno : EIO));
done:
	if (of.f)
		outfile_abort(&of);
	if (!ok && renamed)
		unlink(path);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	return ok;
}

/* ---- key files ---- */

static const char SECRET_MAGIC[] = "bantu-office-secret 1";
static const char KEYS_MAGIC[] = "bantu-office-keys 1";
#define KEYFILE_MAX 8192
#define NAME_MAX_LEN 200

/* Writes text to path through outfile (checked target, FILE.tmp, fsync, rename,
 * folder fsync); flags OUTFILE_PUBLIC for public keys (which may also go to
 * standard output), 0 for secrets (0600). */
static bool write_text_file(const char *path, const char *text, size_t n, int flags,
			    struct err *e)
{
	struct outfile of;
	if (!outfile_open(&of, path, flags, e))
		return false;
	/* Written to the descriptor, not through the stream's buffer: no copy of a
	 * secret is left in freed memory. */
	fflush(of.f);
	int fd = fileno(of.f);
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, text + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done != n) {
		err_set(e, 1, "%s: %s", path, strerror(errno ? errno : EIO));
		outfile_abort(&of);
		return false;
	}
	return outfile_commit(&of, e);
}

/* Appends "label hex\n" to the text buffer t (size bytes, *len used). */
static void add_hex(char *t, size_t size, size_t *len, const char *label, const uint8_t *bin,
		    size_t n)
{
	char hex[2 * crypto_sign_SECRETKEYBYTES + 1];
	sodium_bin2hex(hex, sizeof(hex), bin, n);
	int w = snprintf(t + *len, size - *len, "%s %s\n", label, hex);
	if (w > 0)
		*len += (size_t)w < size - *len ? (size_t)w : size - *len - 1;
	sodium_memzero(hex, sizeof(hex));
}

#define KEYTEXT_SIZE 1024

bool office_secret_save(const char *path, const struct office_secret *s, struct err *e)
{
	init_sodium();
	if (!code_ok(s->pub.code))
		return err_set(e, 1, _("bad office code '%s'"), s->pub.code);
	/* On the stack, wiped after: no copy of a secret is left in freed memory. */
	char t[KEYTEXT_SIZE];
	char fp[FINGERPRINT_SIZE];
	office_fingerprint(&s->pub, fp);
	int w = snprintf(t, sizeof(t),
			 "%s\n# secret keys: keep this file readable by its owner only\n"
			 "# fingerprint %s\noffice %s\n",
			 SECRET_MAGIC, fp, s->pub.code);
	size_t len = w > 0 ? (size_t)w : 0;
	add_hex(t, sizeof(t), &len, "sign_pk", s->pub.sign_pk, sizeof(s->pub.sign_pk));
	add_hex(t, sizeof(t), &len, "sign_sk", s->sign_sk, sizeof(s->sign_sk));
	add_hex(t, sizeof(t), &len, "box_pk", s->pub.box_pk, sizeof(s->pub.box_pk));
	add_hex(t, sizeof(t), &len, "box_sk", s->box_sk, sizeof(s->box_sk));
	bool ok = write_text_file(path, t, len, 0, e);
	sodium_memzero(t, sizeof(t));
	return ok;
}

bool office_keys_save(const char *path, const struct office_keys *k, const char *name,
		      struct err *e)
{
	init_sodium();
	if (!code_ok(k->code))
		return err_set(e, 1, _("bad office code '%s'"), k->code);
	if (name) {
		if (strlen(name) > NAME_MAX_LEN)
			return err_set(e, 1, _("office name too long (at most %d bytes)"), NAME_MAX_LEN);
		for (const char *p = name; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f || utf8_is_c1(p))
				return err_set(e, 1, "%s", _("office name has control characters"));
	}
	char t[KEYTEXT_SIZE];
	char fp[FINGERPRINT_SIZE];
	office_fingerprint(k, fp);
	int w = snprintf(t, sizeof(t),
			 "%s\n# public keys: safe to copy; compare the fingerprint by phone\n"
			 "# fingerprint %s\noffice %s\nname %s\n",
			 KEYS_MAGIC, fp, k->code, name ? name : "");
	size_t len = w > 0 ? (size_t)w : 0;
	add_hex(t, sizeof(t), &len, "sign_pk", k->sign_pk, sizeof(k->sign_pk));
	add_hex(t, sizeof(t), &len, "box_pk", k->box_pk, sizeof(k->box_pk));
	return write_text_file(path, t, len, OUTFILE_PUBLIC | OUTFILE_STDOUT, e);
}

/* Copies untrusted text for a message: at most 24 characters, non-printables as '?'. */
static void safe_text(char *out, size_t size, const char *s)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size && i < 24; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[i] = '\0';
}

enum { F_OFFICE, F_NAME, F_SIGN_PK, F_SIGN_SK, F_BOX_PK, F_BOX_SK, F_COUNT };
static const char *const FIELD[F_COUNT] = { "office", "name", "sign_pk", "sign_sk", "box_pk",
					    "box_sk" };

struct keyfile {
	struct office_secret s;
	char name[NAME_MAX_LEN + 1];
	bool seen[F_COUNT];
};

static bool get_hex(uint8_t *bin, size_t n, const char *hex, const char *path, int line,
		    const char *field, struct err *e)
{
	size_t got = 0;
	const char *end = NULL;
	size_t hl = strlen(hex);
	if (hl != 2 * n || sodium_hex2bin(bin, n, hex, hl, NULL, &got, &end) != 0 || got != n ||
	    end != hex + hl)
		return err_set(e, 1, _("%s:%d: '%s' should be %zu hexadecimal digits"), path, line,
			       field, 2 * n);
	return true;
}

/*
 * Reads a key file: the magic line, then "field value" lines (blank lines and
 * '#' comments skipped). allowed is a bit set of F_* fields; all but F_NAME required.
 */
static bool read_keyfile(const char *path, int fd, const char *magic, unsigned allowed,
			 struct keyfile *kf, struct err *e)
{
	memset(kf, 0, sizeof(*kf));
	char buf[KEYFILE_MAX + 1];
	size_t n = 0;
	bool ok = false;
	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_set(e, 1, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == sizeof(buf)) {
			err_set(e, 1, _("%s: too large for a key file"), path);
			goto out;
		}
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', n)) {
		err_set(e, 1, _("%s: not a Bantu key file"), path);
		goto out;
	}
	int line = 0;
	char *p = buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		char *s = p;
		p = nl ? nl + 1 : p + strlen(p);
		size_t sl = strlen(s);
		while (sl > 0 && (s[sl - 1] == '\r' || s[sl - 1] == ' ' || s[sl - 1] == '\t'))
			s[--sl] = '\0';
		if (line == 1) {
			if (!str_eq(s, magic)) {
				size_t ml = strlen(magic) - 1; /* the magic without its version */
				if (strncmp(s, magic, ml) == 0 && s[ml] >= '2' && s[ml] <= '9')
					err_set(e, 1, _("%s: made by a newer Bantu (key file format %s)"),
						path, s + ml);
				else
					err_set(e, 1, _("%s: not a Bantu key file"), path);
				goto out;
			}
			continue;
		}
		if (sl == 0 || s[0] == '#')
			continue;
		char *sp = strchr(s, ' ');
		const char *v = s + sl; /* "name" alone: an empty value */
		if (sp) {
			*sp = '\0';
			v = sp + 1;
		}
		int f = 0;
		while (f < F_COUNT && !(str_eq(s, FIELD[f]) && (allowed & (1u << f))))
			f++;
		if (f == F_COUNT) {
			char t[32];
			safe_text(t, sizeof(t), s);
			err_set(e, 1, _("%s:%d: unknown entry '%s'"), path, line, t);
			goto out;
		}
		if (kf->seen[f]) {
			err_set(e, 1, _("%s:%d: '%s' given twice"), path, line, FIELD[f]);
			goto out;
		}
		kf->seen[f] = true;
		bool fine = true;
		switch (f) {
		case F_OFFICE:
			if (!code_ok(v))
				fine = err_set(e, 1, _("%s:%d: bad office code"), path, line);
			else
				str_copy(kf->s.pub.code, v, sizeof(kf->s.pub.code));
			break;
		case F_NAME:
			if (strlen(v) > NAME_MAX_LEN) {
				fine = err_set(e, 1, _("%s:%d: office name too long (at most %d bytes)"),
					       path, line, NAME_MAX_LEN);
				break;
			}
			for (const char *q = v; *q && fine; q++)
				if ((unsigned char)*q < 0x20 || *q == 0x7f || utf8_is_c1(q))
					fine = err_set(e, 1, _("%s:%d: office name has control characters"),
						       path, line);
			if (fine)
				str_copy(kf->name, v, sizeof(kf->name));
			break;
		case F_SIGN_PK:
			fine = get_hex(kf->s.pub.sign_pk, sizeof(kf->s.pub.sign_pk), v, path, line,
				       FIELD[f], e);
			break;
		case F_SIGN_SK:
			fine = get_hex(kf->s.sign_sk, sizeof(kf->s.sign_sk), v, path, line, FIELD[f], e);
			break;
		case F_BOX_PK:
			fine = get_hex(kf->s.pub.box_pk, sizeof(kf->s.pub.box_pk), v, path, line,
				       FIELD[f], e);
			break;
		case F_BOX_SK:
			fine = get_hex(kf->s.box_sk, sizeof(kf->s.box_sk), v, path, line, FIELD[f], e);
			break;
		}
		if (!fine)
			goto out;
	}
	if (line == 0) {
		err_set(e, 1, _("%s: not a Bantu key file"), path);
		goto out;
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (f != F_NAME && (allowed & (1u << f)) && !kf->seen[f]) {
			err_set(e, 1, _("%s: '%s' missing"), path, FIELD[f]);
			goto out;
		}
	}
	ok = true;
out:
	sodium_memzero(buf, sizeof(buf));
	return ok;
}

static int open_keyfile(const char *path, struct stat *st, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, 1, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		err_set(e, 1, _("%s: not a regular file"), path);
		close(fd);
		return -1;
	}
	return fd;
}

bool office_secret_load(const char *path, struct office_secret *s, struct err *e)
{
	init_sodium();
	memset(s, 0, sizeof(*s));
	struct stat st;
	int fd = open_keyfile(path, &st, e);
	if (fd < 0)
		return false;
	if (st.st_mode & 077) {
		close(fd);
		return err_set(e, 1,
			       _("%s: secret keys readable by other users (mode %03o); run: chmod 600 %s"),
			       path, (unsigned)(st.st_mode & 0777), path);
	}
	struct keyfile kf;
	bool ok = read_keyfile(path, fd, SECRET_MAGIC,
			       1u << F_OFFICE | 1u << F_SIGN_PK | 1u << F_SIGN_SK | 1u << F_BOX_PK |
				       1u << F_BOX_SK,
			       &kf, e);
	close(fd);
	if (ok) {
		/* The halves must belong together, or we would sign and decrypt as nobody. */
		uint8_t spk[crypto_sign_PUBLICKEYBYTES], bpk[crypto_box_PUBLICKEYBYTES];
		crypto_sign_ed25519_sk_to_pk(spk, kf.s.sign_sk);
		if (crypto_scalarmult_base(bpk, kf.s.box_sk) != 0 ||
		    sodium_memcmp(spk, kf.s.pub.sign_pk, sizeof(spk)) != 0 ||
		    sodium_memcmp(bpk, kf.s.pub.box_pk, sizeof(bpk)) != 0)
			ok = err_set(e, 1, _("%s: the public and secret keys do not belong together"),
				     path);
	}
	if (ok)
		*s = kf.s;
	sodium_memzero(&kf, sizeof(kf));
	return ok;
}

bool office_keys_load(const char *path, struct office_keys *k, char *name, size_t name_size,
		      struct err *e)
{
	init_sodium();
	memset(k, 0, sizeof(*k));
	if (name && name_size)
		name[0] = '\0';
	struct stat st;
	int fd = open_keyfile(path, &st, e);
	if (fd < 0)
		return false;
	struct keyfile kf;
	bool ok = read_keyfile(path, fd, KEYS_MAGIC,
			       1u << F_OFFICE | 1u << F_NAME | 1u << F_SIGN_PK | 1u << F_BOX_PK, &kf, e);
	close(fd);
	if (ok && name && name_size && strlen(kf.name) >= name_size)
		ok = err_set(e, 1, _("%s: office name too long (at most %zu bytes)"), path,
			     name_size - 1);
	if (ok) {
		*k = kf.s.pub;
		if (name && name_size)
			str_copy(name, kf.name, name_size);
	}
	return ok;
}
