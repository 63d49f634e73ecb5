/*
 * outfile.h - every file Bantu writes for the user (exports, reports, rejects,
 * bundles, backups, key files) goes through here.
 *
 * Refused targets, before anything is written, with the file and the reason:
 *  - a protected file (outfile_protect: the open database, its -wal, -shm,
 *    -journal and .keys), compared by device and inode when it exists (another
 *    spelling, a hard or symbolic link) and by its name with the folder resolved
 *    (./d/../kantor.db-shm) when it does not;
 *  - anything there that is not a regular file: a folder, a device (/dev/null),
 *    a FIFO, a socket, a symbolic link (/dev/stdout);
 *  - "-" unless the caller allows standard output (OUTFILE_STDOUT).
 * The data goes to FILE.tmp, created with O_CREAT|O_EXCL|O_NOFOLLOW: a symbolic
 * link (or anything not a regular file) planted there is refused, never
 * followed; a regular FILE.tmp (left by a crash, or another writer's) is left
 * alone and FILE.tmp.NNNNNN taken instead. Mode 0600 whatever the umask (fchmod),
 * 0644 less the umask for OUTFILE_PUBLIC. Commit: flush, fsync, the target checked
 * again, rename, fsync of the folder. Abort: the temporary file removed.
 *
 * No Bantu knowledge: the protected paths are given by the app (one process-wide
 * list, set when the database is opened).
 */
#ifndef BANTU_OUTFILE_H
#define BANTU_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/util.h"

enum {
	OUTFILE_STDOUT = 1,  /* "-" writes to standard output */
	OUTFILE_PUBLIC = 2,  /* mode 0644 less the umask (public keys), not 0600 */
};

struct outfile {
	FILE *f;        /* write here: the temporary file, or stdout */
	char *path;     /* the target; NULL for standard output */
	char *tmp;      /* the temporary file beside it (other writers may write it by name) */
	dev_t dev;
	ino_t ino;
};

/* Adds path (described as what, e.g. "the open database") to the files never
 * written over; outfile_protect_clear empties the list. */
void outfile_protect(const char *path, const char *what);
void outfile_protect_clear(void);

/* Whether path may be written (see above); false with e saying why. */
bool outfile_check(const char *path, int flags, struct err *e);

/* Checks path and opens its temporary file (or stdout for "-" with
 * OUTFILE_STDOUT). False with e, nothing created, when refused. */
bool outfile_open(struct outfile *o, const char *path, int flags, struct err *e);

/* True when o writes to standard output. */
bool outfile_is_stdout(const struct outfile *o);

/* Flushes, fsyncs and renames the temporary file over the target (stdout:
 * flushes). Releases o either way; on failure the temporary file is removed. */
bool outfile_commit(struct outfile *o, struct err *e);

/* Drops what was written: closes and removes the temporary file; releases o. */
void outfile_abort(struct outfile *o);

#endif
