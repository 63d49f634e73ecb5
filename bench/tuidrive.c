/*
 * tuidrive.c - drives the real Bantu TUI through a pseudo-terminal and times
 * how long each key takes to reach the screen (bench/run.sh runs this).
 *
 *   tuidrive BANTU DB
 *
 * Method: the binary runs under forkpty() in an 80x24 pty with TERM=xterm. For
 * every key the driver write()s the key's bytes, then reads everything the TUI
 * draws until the output has been quiet for QUIET ms (BENCH_TUI_QUIET_MS,
 * default 40). The key's latency is the time from the write() to the arrival of
 * the last byte before the quiet window, i.e. "until quiet" minus the window.
 * Both ends use CLOCK_MONOTONIC. A key that draws nothing within 10 s counts as
 * 10 s. What is timed:
 *   - start of the process to the home screen drawn (real start-up);
 *   - Enter on the home menu's first entry (Data UMKM): the list opens;
 *   - typing words into the list's search field (search-as-you-type), one key
 *     at a time, then Backspace back to empty, each Backspace timed as well;
 *   - PgDn through the list, Enter on a record (record view) and Esc, the add
 *     form (C-a) and Esc;
 * and VmRSS / VmHWM of the process from /proc/PID/status after browsing.
 *
 * Output: "ROW\tmetric\tvalue\ttarget\tverdict" lines, as bench.c. When the
 * binary says its screens are "not built yet" (or exits at once), prints one
 * row saying the TUI is not available and exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES 1024
#define KEY_TIMEOUT_MS 10000
#define TYPING_BUDGET_MS 120000
#define SETTLE_MS 60000

static int master = -1;
static pid_t child;
static int quiet_ms = 40;
static bool child_gone;
static size_t last_bytes; /* what the last key drew */
static bool debug;  /* BENCH_TUI_DEBUG=1: each key's bytes and time on stderr */
static char tail[8192];   /* the last bytes the TUI wrote, NUL-terminated */
static size_t tail_len;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void keep_tail(const char *buf, size_t n)
{
	if (n >= sizeof(tail) - 1) {
		buf += n - (sizeof(tail) - 1);
		n = sizeof(tail) - 1;
	}
	if (tail_len + n > sizeof(tail) - 1) {
		size_t drop = tail_len + n - (sizeof(tail) - 1);
		memmove(tail, tail + drop, tail_len - drop);
		tail_len -= drop;
	}
	memcpy(tail + tail_len, buf, n);
	tail_len += n;
	tail[tail_len] = '\0';
}

/*
 * Reads until the output has been quiet for quiet_ms after at least one byte, or
 * until first_ms pass with no byte at all. Returns the time of the last byte
 * (or -1 when none came); *bytes gets the count.
 */
static double drain(int first_ms, size_t *bytes)
{
	double last = -1, start = now_ms();
	size_t total = 0;
	char buf[16384];
	for (;;) {
		double t = now_ms();
		int wait = last < 0 ? (int)(start + first_ms - t) : (int)(last + quiet_ms - t);
		if (wait <= 0)
			break;
		struct pollfd p = { .fd = master, .events = POLLIN };
		int r = poll(&p, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ssize_t n = read(master, buf, sizeof(buf));
		if (n <= 0) {   /* EIO: the child closed the pty */
			child_gone = true;
			break;
		}
		last = now_ms();
		total += (size_t)n;
		keep_tail(buf, (size_t)n);
	}
	if (bytes)
		*bytes = total;
	return last;
}

/* Sends a key and returns its latency in ms (KEY_TIMEOUT_MS when nothing came). */
static double key(const char *bytes)
{
	drain(0, NULL);   /* anything left over is not this key's */
	double t0 = now_ms();
	if (write(master, bytes, strlen(bytes)) < 0)
		return KEY_TIMEOUT_MS;
	size_t n = 0;
	double last = drain(KEY_TIMEOUT_MS, &n);
	last_bytes = n;
	if (debug)
		fprintf(stderr, "tuidrive: key %02x: %zu bytes, last after %.2f ms\n",
			(unsigned char)bytes[0], n, last < 0 ? -1 : last - t0);
	return last < 0 ? KEY_TIMEOUT_MS : last - t0;
}

/* CPU time of the child in clock ticks and whether it is running, or -1. */
static long child_cpu(bool *running)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)child);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');   /* after the command name */
	char state;
	unsigned long ut, stt;
	if (!p || sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			 &state, &ut, &stt) != 3)
		return -1;
	*running = state == 'R';
	return (long)(ut + stt);
}

/*
 * After a key timed out the TUI is still working through it (and the keys
 * behind it): waits, reading its output, until it uses no CPU for 300 ms, at
 * most max_ms. Returns false when it is still busy.
 */
static bool settle(int max_ms)
{
	double end = now_ms() + max_ms;
	long before = -2;
	while (now_ms() < end && !child_gone) {
		drain(300, NULL);
		bool running;
		long cpu = child_cpu(&running);
		if (cpu < 0 || (cpu == before && !running))
			return true;
		before = cpu;
	}
	return child_gone;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void stats(double *v, size_t n, double *med, double *p99)
{
	qsort(v, n, sizeof(*v), cmp_double);
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	size_t r = (size_t)((double)n * 0.99 + 0.999999);
	*p99 = v[(r ? r : 1) - 1];
}

static void row(const char *metric, double value, const char *unit, const char *target,
		double limit)
{
	const char *verdict = limit > 0 ? (value < limit ? "PASS" : "MISS") : "info";
	printf("ROW\t%s\t%.1f %s\t%s\t%s\n", metric, value, unit, target, verdict);
}

static long status_kb(const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)child);
	FILE *f = fopen(path, "r");
	long kb = -1;
	size_t fl = strlen(field);
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, field, fl) == 0 && line[fl] == ':')
			kb = strtol(line + fl + 1, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static void finish(void)
{
	if (child > 0 && !child_gone) {
		if (write(master, "\033[21~", 5) < 0) { /* F10: quit */ }
		drain(2000, NULL);
	}
	int st;
	for (int i = 0; child > 0 && i < 40; i++) {
		if (waitpid(child, &st, WNOHANG) == child)
			return;
		struct timespec ts = { 0, 50 * 1000000L };
		nanosleep(&ts, NULL);
	}
	if (child > 0) {
		kill(child, SIGTERM);
		waitpid(child, &st, 0);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: tuidrive BANTU DB\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *q = getenv("BENCH_TUI_QUIET_MS");
	if (q && atoi(q) > 0)
		quiet_ms = atoi(q);
	debug = getenv("BENCH_TUI_DEBUG") && *getenv("BENCH_TUI_DEBUG") == '1';

	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	double t_start = now_ms();
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0) {
		perror("tuidrive: forkpty");
		return 1;
	}
	if (child == 0) {
		setenv("TERM", "xterm", 1);
		setenv("COLUMNS", "80", 1);
		setenv("LINES", "24", 1);
		unsetenv("NO_COLOR");
		execl(argv[1], argv[1], "--db", argv[2], (char *)NULL);
		perror("tuidrive: exec");
		_exit(127);
	}

	/* the home screen: first output, then quiet */
	size_t n;
	double home = drain(KEY_TIMEOUT_MS, &n);
	if (debug)
		fprintf(stderr, "tuidrive: home: %zu bytes after %.2f ms\n", n, home - t_start);
	int st;
	if (child_gone || home < 0 || strstr(tail, "not built yet") ||
	    waitpid(child, &st, WNOHANG) == child) {
		printf("ROW\tTUI keystroke latency, RSS\tTUI not available\t< 16 ms, < 30 MB\tskip\n");
		while (tail_len && (tail[tail_len - 1] == '\n' || tail[tail_len - 1] == '\r'))
			tail[--tail_len] = '\0';
		printf("NOTE\tthe binary printed: %.200s\n", tail);
		if (waitpid(child, &st, WNOHANG) == 0) {
			kill(child, SIGTERM);
			waitpid(child, &st, 0);
		}
		return 0;
	}
	row("TUI: process start to home screen drawn", home - t_start, "ms", "< 100 ms", 100);

	/* Data UMKM: the first entry of the home menu */
	double open_list = key("\r");
	row("TUI: Enter on Data UMKM to the list drawn", open_list, "ms", "< 100 ms", 100);

	static const char *const words[] = {
		"sri", "warung", "budi", "toko", "1871", "kopi", "siti", "maju", "agus",
		"kedai", "1801", "dewi", "berkah", "rina", "usaha", "joko", "sentosa",
		"nur", "batik", "1804", "yuni", "laundry", "ahmad", "jaya", "putri",
	};
	static double t[MAX_SAMPLES], tb[MAX_SAMPLES];
	size_t nt = 0, nb = 0;
	double worst = 0, typing_start = now_ms();
	char worst_key[32] = "";
	const char *cut = "";
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]) && !child_gone && !*cut; w++) {
		if (now_ms() - typing_start > TYPING_BUDGET_MS) {
			cut = " (stopped at the 120 s budget)";
			break;
		}
		size_t len = strlen(words[w]), typed = 0;
		for (size_t i = 0; i < len && nt < MAX_SAMPLES; i++, typed++) {
			char k[2] = { words[w][i], 0 };
			t[nt] = key(k);
			if (t[nt] > worst) {
				worst = t[nt];
				snprintf(worst_key, sizeof(worst_key), "%.*s", (int)(i + 1), words[w]);
			}
			if (t[nt++] >= KEY_TIMEOUT_MS) {
				cut = " (stopped: a key took more than 10 s)";
				if (!settle(SETTLE_MS))
					goto busy;
				typed++;
				break;
			}
		}
		if (*cut) {
			/* empty the field in one go, without timing it */
			char bs[64];
			memset(bs, 0x7f, typed < sizeof(bs) - 1 ? typed : sizeof(bs) - 1);
			bs[typed < sizeof(bs) - 1 ? typed : sizeof(bs) - 1] = '\0';
			if (write(master, bs, strlen(bs)) < 0 || !settle(SETTLE_MS))
				goto busy;
			break;
		}
		for (size_t i = 0; i < typed && nb < MAX_SAMPLES; i++) {
			tb[nb] = key("\x7f");   /* Backspace as xterm sends it */
			if (tb[nb++] >= KEY_TIMEOUT_MS) {
				cut = " (stopped: a Backspace took more than 10 s)";
				if (!settle(SETTLE_MS))
					goto busy;
			}
		}
	}
	double med, p99;
	if (nt) {
		stats(t, nt, &med, &p99);
		row("TUI: search key to screen: median", med, "ms", "< 16 ms", 16);
		row("TUI: search key to screen: p99", p99, "ms", "< 50 ms", 50);
		printf("NOTE\tTUI search: %zu keys typed%s, slowest after \"%s\": %.1f ms"
		       " (10000 = no screen within 10 s)\n", nt, cut, worst_key, worst);
	}
	if (nb) {
		stats(tb, nb, &med, &p99);
		row("TUI: Backspace in search to screen: median", med, "ms", "< 16 ms", 16);
		row("TUI: Backspace in search to screen: p99", p99, "ms", "< 50 ms", 50);
	}

	/* browsing: page down, a record, the form */
	size_t np = 0;
	for (int i = 0; i < 30 && !child_gone; i++)
		t[np++] = key("\033[6~");
	if (np) {
		stats(t, np, &med, &p99);
		row("TUI: PgDn in the list: median", med, "ms", "< 16 ms", 16);
	}
	size_t nr = 0, nf = 0;
	for (int i = 0; i < 10 && !child_gone; i++) {
		t[nr] = key("\r");            /* open the record */
		if (last_bytes >= 200)        /* else the screen did not change */
			nr++;
		key("\033");                  /* back to the list */
		key("\033[B");                /* next row */
	}
	if (nr) {
		stats(t, nr, &med, &p99);
		row("TUI: Enter to record view: median", med, "ms", "< 16 ms", 16);
	} else
		printf("NOTE\tEnter on the list drew %zu bytes: no record opened, not timed\n",
		       last_bytes);
	for (int i = 0; i < 10 && !child_gone; i++) {
		tb[nf] = key("\033[15~");     /* F5: the add form */
		if (last_bytes >= 200)
			nf++;
		key("\033");
	}
	if (nf) {
		stats(tb, nf, &med, &p99);
		row("TUI: F5 to add form: median", med, "ms", "< 16 ms", 16);
	} else
		printf("NOTE\tF5 on the list drew %zu bytes: no form opened, not timed\n", last_bytes);

	long rss = status_kb("VmRSS"), hwm = status_kb("VmHWM");
	if (rss >= 0) {
		row("TUI: resident memory while browsing (VmRSS)", (double)rss / 1024, "MB", "< 30 MB", 30);
		row("TUI: peak resident memory (VmHWM)", (double)hwm / 1024, "MB", "< 30 MB", 30);
	}
	finish();
	return 0;
busy:
	printf("ROW\tTUI: search key to screen\tmore than 10 s\t< 16 ms\tMISS\n");
	printf("NOTE\tthe TUI was still busy %d s after a search key; stopped it, nothing"
	       " else measured\n", SETTLE_MS / 1000);
	kill(child, SIGTERM);
	int st2;
	waitpid(child, &st2, 0);
	return 0;
}
