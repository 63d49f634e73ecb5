/*
 * envelope.h - the sealed, signed container a bundle travels in (DESIGN.md):
 * a random key encrypts the payload with crypto_secretstream_xchacha20poly1305
 * (detects truncation, reordering, modification); the key is sealed with
 * crypto_box_seal to the recipient's public key; the sender signs a BLAKE2b hash
 * of every byte before the signature with Ed25519 (crypto_sign_detached).
 *
 * File layout (all integers big-endian):
 *   magic "BANTU-BUNDLE\n" (13 bytes), format version (u16)
 *   sender office code (u8 length + bytes), recipient office code (u8 + bytes)
 *   sender signing public key (32), sender box public key (32)
 *   sealed key (crypto_box_SEALBYTES + 32), secretstream header (24)
 *   chunks: u32 length + ciphertext, the last tagged FINAL
 *   signature (64) over BLAKE2b-512 of everything before it
 * Office codes are 1 to 15 characters of [0-9A-Za-z._-]. Chunks hold ENVELOPE_CHUNK
 * bytes of plaintext each (the last one fewer, perhaps none: an empty payload is
 * one empty FINAL chunk), so a chunk's length is ENVELOPE_CHUNK + ABYTES at most;
 * every chunk has the BLAKE2b-256 hash of the clear header (magic through the
 * secretstream header) as additional data, which binds the ciphertext to its sender
 * and recipient. The office codes and public keys are in the clear (they identify,
 * they hold no personal data); everything else is ciphertext.
 */
#ifndef BANTU_ENVELOPE_H
#define BANTU_ENVELOPE_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define ENVELOPE_VERSION 1
#define ENVELOPE_CHUNK 65536
/* The largest payload written or read: 2 GiB. */
#define ENVELOPE_MAX_PAYLOAD ((size_t)1 << 31)

struct office_keys {
	char code[16];                                   /* "18.71" */
	uint8_t sign_pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t box_pk[crypto_box_PUBLICKEYBYTES];
};

struct office_secret {
	struct office_keys pub;
	uint8_t sign_sk[crypto_sign_SECRETKEYBYTES];
	uint8_t box_sk[crypto_box_SECRETKEYBYTES];
};

/* New signing and encryption key pairs for an office. */
void office_keys_generate(struct office_secret *out, const char *code);

/* A short fingerprint of an office's public keys, to read out over the phone:
 * 16 characters of Crockford base32 in groups of four ("7K3M-Q9XD-2B4T-HN6W"). */
#define FINGERPRINT_SIZE 20
void office_fingerprint(const struct office_keys *k, char out[FINGERPRINT_SIZE]);

/*
 * Seals payload (len bytes, at most ENVELOPE_MAX_PAYLOAD) from sender to recipient
 * into the file at path: written to path.tmp, fsynced, renamed, the directory
 * fsynced, then read back from the medium and verified: the signature as
 * envelope_peek checks it, and a full decrypt with the stream key (which the
 * sender knows while writing) compared with payload. The read-back goes 64 KiB at
 * a time, each chunk decrypted and compared with its slice of payload: beyond
 * payload itself it holds a few chunk-sized buffers, never the file or a copy of
 * the payload. False with e on any failure; then neither path.tmp nor a bad file
 * at path is left behind.
 */
bool envelope_write(const char *path, const uint8_t *payload, size_t len,
		    const struct office_secret *sender, const struct office_keys *recipient,
		    struct err *e);

/* What the clear header says; read before deciding whom to trust. */
struct envelope_header {
	int version;
	struct office_keys sender;   /* code and public keys as the file claims them */
	char recipient[16];
};

/*
 * Reads and checks the file's header and signature only (no secret needed): the
 * magic, the version, the layout, and the sender's signature over every byte
 * (made with the signing key the file itself names: whether that key belongs to
 * the office is the caller's question). hdr (may be NULL) is filled on success,
 * zeroed on failure. False with a one-line reason in e
 * ("FILE: damaged (signature does not match)"), the reason envelope_open gives
 * for the same file. Reads the file 64 KiB at a time (it is never held whole).
 */
bool envelope_peek(const char *path, struct envelope_header *hdr, struct err *e);

/*
 * Opens a bundle addressed to me: checks as envelope_peek, that the recipient is
 * me->pub.code, that the sender's signing key equals expected_sender_sign_pk
 * (when not NULL), then decrypts. On success *payload receives the plaintext
 * (*len bytes; malloc'd, the caller frees it with free()). On failure *payload is
 * NULL, *len 0 and e holds a one-line reason; no plaintext is returned, and what
 * was decrypted before a failing chunk is wiped. hdr (may be NULL) is filled once
 * the signature verifies (so a caller can name the office in its message), zeroed
 * before. The file is read into memory once; the plaintext goes into one buffer
 * sized from the chunk lengths.
 */
bool envelope_open(const char *path, const struct office_secret *me,
		   const uint8_t *expected_sender_sign_pk, struct envelope_header *hdr,
		   uint8_t **payload, size_t *len, struct err *e);

/*
 * The same on a buffer already in memory (the fuzz target, tests, and
 * sync_import, which reads a file once with envelope_read). The signature's hash
 * is taken by a second thread while this one decrypts; a failure of the
 * signature or the layout is still the one reported, before any other.
 */
bool envelope_open_mem(const uint8_t *data, size_t size, const char *name,
		       const struct office_secret *me, const uint8_t *expected_sender_sign_pk,
		       struct envelope_header *hdr, uint8_t **payload, size_t *len,
		       struct err *e);

/* A whole bundle file into memory (as envelope_open reads it). Caller frees. */
uint8_t *envelope_read(const char *path, size_t *size, struct err *e);

/*
 * The clear header of a bundle in memory, NOT verified: for choosing between a
 * fast and a careful path only, never for trusting anyone. False with the
 * reason envelope_peek would give when the header itself is bad.
 */
bool envelope_header_unverified(const uint8_t *data, size_t size, const char *name,
				struct envelope_header *hdr, struct err *e);

/* envelope_peek on a bundle in memory: hdr is the verified header on success. */
bool envelope_peek_mem(const uint8_t *data, size_t size, const char *name,
		       struct envelope_header *hdr, struct err *e);

/*
 * Key files: an office's secret keys, kept outside the database in a file of
 * mode 0600 (a copy of the database alone exposes no secret). Text, one
 * "field value" a line after a first line naming the format; '#' lines are
 * comments (the writer adds the fingerprint as one):
 *   secret: "bantu-office-secret 1", "office CODE", "sign_pk HEX", "sign_sk HEX",
 *           "box_pk HEX", "box_sk HEX"
 *   public: "bantu-office-keys 1", "office CODE", "name NAME", "sign_pk HEX",
 *           "box_pk HEX"
 * Files are written via FILE.tmp, fsynced and renamed. office_secret_load refuses a
 * file that group or others may read or write (the message gives the chmod), and
 * one whose public and secret halves do not belong together. Errors are one line,
 * "FILE:LINE: ..." for a bad line. office_keys_load: name (may be NULL) receives
 * the office name ("" when none).
 */
bool office_secret_save(const char *path, const struct office_secret *s, struct err *e);
bool office_secret_load(const char *path, struct office_secret *s, struct err *e);
bool office_keys_save(const char *path, const struct office_keys *k, const char *name,
		      struct err *e);
bool office_keys_load(const char *path, struct office_keys *k, char *name, size_t name_size,
		      struct err *e);

#endif
