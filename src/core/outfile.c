/* outfile.c - checked, private, atomic output files (see outfile.h). */
#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"

struct protected {
	char *path;   /* as given */
	char *name;   /* folder resolved + last component; NULL when the folder is not there */
	char *what;
};

static struct protected *prot;
static size_t nprot;

/* The path with its folder resolved (realpath) and its last component as it is:
 * one spelling for a file that may not exist yet. NULL when the folder cannot be
 * resolved. Caller frees. */
static char *resolved_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	char *real = realpath(dir, NULL);
	free(dir);
	if (!real)
		return NULL;
	char *name = xasprintf("%s/%s", str_eq(real, "/") ? "" : real, base);
	free(real);
	return name;
}

void outfile_protect(const char *path, const char *what)
{
	prot = xrealloc(prot, (nprot + 1) * sizeof(*prot));
	prot[nprot].path = xstrdup(path);
	prot[nprot].name = resolved_name(path);
	prot[nprot].what = xstrdup(what);
	nprot++;
}

void outfile_protect_clear(void)
{
	for (size_t i = 0; i < nprot; i++) {
		free(prot[i].path);
		free(prot[i].name);
		free(prot[i].what);
	}
	free(prot);
	prot = NULL;
	nprot = 0;
}

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return _("a folder");
	if (S_ISLNK(m))
		return _("a symbolic link");
	if (S_ISCHR(m) || S_ISBLK(m))
		return _("a device");
	if (S_ISFIFO(m))
		return _("a FIFO (named pipe)");
	if (S_ISSOCK(m))
		return _("a socket");
	return _("not a regular file");
}

bool outfile_check(const char *path, int flags, struct err *e)
{
	if (str_empty(path))
		return err_set(e, 2, "%s", _("no output file named"));
	if (str_eq(path, "-")) {
		if (flags & OUTFILE_STDOUT)
			return true;
		return err_set(e, 2, "%s", _("-: this file cannot go to standard output; name a file"));
	}
	/* A protected file by its inode (any spelling, any link to it)... */
	struct stat sb, pb;
	bool exists = stat(path, &sb) == 0;
	for (size_t i = 0; exists && i < nprot; i++)
		if (stat(prot[i].path, &pb) == 0 && pb.st_dev == sb.st_dev && pb.st_ino == sb.st_ino)
			return err_set(e, 1, _("%s: not written: that is %s (%s)"), path, prot[i].what,
				       prot[i].path);
	/* ...or by its name, when it is not there yet (a -wal or -shm to come). */
	char *name = resolved_name(path);
	for (size_t i = 0; name && i < nprot; i++)
		if (str_eq(prot[i].name, name)) {
			free(name);
			return err_set(e, 1, _("%s: not written: that is %s (%s)"), path, prot[i].what,
				       prot[i].path);
		}
	free(name);
	if (lstat(path, &sb) == 0) {
		if (S_ISLNK(sb.st_mode))
			return err_set(e, 1, _("%s: not written: it is a symbolic link, not a regular"
					       " file; name the file itself"), path);
		if (!S_ISREG(sb.st_mode))
			return err_set(e, 1, _("%s: not written: it is %s, not a regular file"), path,
				       kind_of(sb.st_mode));
	} else if (errno != ENOENT) {
		return err_set(e, 1, "%s: %s", path, strerror(errno));
	}
	return true;
}

static bool open_fail(const char *path, int err, struct err *e)
{
	if (err == ENOENT || err == ENOTDIR)
		return err_set(e, 1, _("%s: the folder is not there (was the USB stick removed?)"), path);
	if (err == EROFS || err == EACCES || err == EPERM)
		return err_set(e, 1, _("%s: cannot write here (read-only media or no permission)"),
			       path);
	return err_set(e, 1, "%s: %s", path, strerror(err));
}

bool outfile_open(struct outfile *o, const char *path, int flags, struct err *e)
{
	memset(o, 0, sizeof(*o));
	if (!outfile_check(path, flags, e))
		return false;
	if (str_eq(path, "-")) {
		o->f = stdout;
		return true;
	}
	mode_t mode = (flags & OUTFILE_PUBLIC) ? 0644 : 0600;
	char *tmp = xasprintf("%s.tmp", path);
	int oflags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = open(tmp, oflags, mode);
	if (fd < 0 && errno == EEXIST) {
		struct stat sb;
		if (lstat(tmp, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			err_set(e, 1, _("%s: not written: %s is there, where its temporary file goes:"
					" %s; not followed (remove it)"), path, tmp, kind_of(sb.st_mode));
			free(tmp);
			return false;
		}
		/* A regular one (a crash's leftover, or another writer's): a name of our own. */
		unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);
		for (int i = 0; i < 100 && fd < 0 && errno == EEXIST; i++) {
			free(tmp);
			seed = seed * 1103515245u + 12345u;
			tmp = xasprintf("%s.tmp.%06u", path, (seed >> 8) % 1000000u);
			fd = open(tmp, oflags, mode);
		}
	}
	if (fd < 0) {
		open_fail(path, errno, e);
		free(tmp);
		return false;
	}
	struct stat sb;
	if ((!(flags & OUTFILE_PUBLIC) && fchmod(fd, 0600) != 0) || fstat(fd, &sb) != 0 ||
	    !(o->f = fdopen(fd, "wb"))) {
		err_set(e, 1, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return false;
	}
	o->dev = sb.st_dev;
	o->ino = sb.st_ino;
	o->path = xstrdup(path);
	o->tmp = tmp;
	return true;
}

bool outfile_is_stdout(const struct outfile *o)
{
	return o->f == stdout && !o->path;
}

/* Whether the temporary file is still the one made by outfile_open. */
static bool still_ours(const struct outfile *o)
{
	struct stat sb;
	return lstat(o->tmp, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_dev == o->dev &&
	       sb.st_ino == o->ino;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && !outfile_is_stdout(o))
		fclose(o->f);
	if (o->tmp && still_ours(o))
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

/* fsyncs the folder holding path, so the rename survives a power cut (best
 * effort where the file system cannot). */
static void sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

bool outfile_commit(struct outfile *o, struct err *e)
{
	if (outfile_is_stdout(o)) {
		bool ok = fflush(stdout) == 0 && !ferror(stdout);
		if (!ok)
			err_set(e, 1, _("standard output: %s"), strerror(errno ? errno : EIO));
		memset(o, 0, sizeof(*o));
		return ok;
	}
	errno = 0;
	bool ok = fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
	if (!ok) {
		err_set(e, 1, "%s: %s", o->path, strerror(errno ? errno : EIO));
		outfile_abort(o);
		return false;
	}
	int rc = fclose(o->f);
	o->f = NULL;
	if (rc != 0) {
		err_set(e, 1, "%s: %s", o->path, strerror(errno));
		outfile_abort(o);
		return false;
	}
	if (!still_ours(o)) {
		err_set(e, 1, _("%s: not written: its temporary file %s was replaced while writing"),
			o->path, o->tmp);
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof(*o));
		return false;
	}
	/* Checked again just before: the target may have changed since the open. */
	if (!outfile_check(o->path, 0, e)) {
		outfile_abort(o);
		return false;
	}
	if (rename(o->tmp, o->path) != 0) {
		err_set(e, 1, "%s: %s", o->path, strerror(errno));
		outfile_abort(o);
		return false;
	}
	sync_dir_of(o->path);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return true;
}
