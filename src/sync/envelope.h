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
 * The office codes and public keys are in the clear (they identify, they hold no
 * personal data); everything else is ciphertext.
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
 * Seals payload (len bytes) from sender to recipient into the file at path:
 * written to path.tmp, fsynced, renamed, then read back and verified with
 * envelope_peek + a full decrypt check. False with e on any failure (the
 * partial file is removed).
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
 * magic, the version, the layout, and the sender's signature over every byte.
 * False with a one-line reason in e ("FILE: damaged (signature does not match)").
 */
bool envelope_peek(const char *path, struct envelope_header *hdr, struct err *e);

/*
 * Opens a bundle addressed to me: checks as envelope_peek, that the recipient is
 * me->pub.code, that the sender's signing key equals expected_sender_sign_pk
 * (when not NULL), then decrypts. *payload (caller frees with sodium_free... no:
 * with free()) receives the plaintext. False with a one-line reason, before any
 * write anywhere.
 */
bool envelope_open(const char *path, const struct office_secret *me,
		   const uint8_t *expected_sender_sign_pk, struct envelope_header *hdr,
		   uint8_t **payload, size_t *len, struct err *e);

/* The same on a buffer already in memory (for the fuzz target and tests). */
bool envelope_open_mem(const uint8_t *data, size_t size, const char *name,
		       const struct office_secret *me, const uint8_t *expected_sender_sign_pk,
		       struct envelope_header *hdr, uint8_t **payload, size_t *len,
		       struct err *e);

/*
 * Key files: an office's secret keys, kept outside the database in a file of
 * mode 0600 (a copy of the database alone exposes no secret). Text format,
 * one "name hex" per line. Public key files (keys export) hold no secret.
 */
bool office_secret_save(const char *path, const struct office_secret *s, struct err *e);
bool office_secret_load(const char *path, struct office_secret *s, struct err *e);
bool office_keys_save(const char *path, const struct office_keys *k, const char *name,
		      struct err *e);
bool office_keys_load(const char *path, struct office_keys *k, char *name, size_t name_size,
		      struct err *e);

#endif
