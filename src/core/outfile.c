/* core/outfile.c: temp file + rename writer (see outfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "diag.h"
#include "outfile.h"

/* Temp names in flight, kept in a fixed table so a signal handler can unlink them
 * without locks or allocation. */
#define MAX_PENDING 256
static char *volatile pending[MAX_PENDING];
static GMutex pending_lock;

static int
pending_add(char *tmp)
{
	int slot = -1;

	g_mutex_lock(&pending_lock);
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == NULL) {
			pending[i] = tmp;
			slot = i;
			break;
		}
	g_mutex_unlock(&pending_lock);
	return slot;
}

static void
pending_remove(int slot)
{
	if (slot < 0)
		return;
	g_mutex_lock(&pending_lock);
	pending[slot] = NULL;
	g_mutex_unlock(&pending_lock);
}

void
jb_outfile_abort_all(void)
{
	for (int i = 0; i < MAX_PENDING; i++) {
		char *p = pending[i];

		if (p != NULL)
			unlink(p);
	}
}

static bool
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* PATH.jb-XXXXXX beside the target (same file system, so the rename is atomic),
 * with the target's name cut short when it would push the temp name past NAME_MAX:
 * a legal output name must not fail for its temp file's sake. */
static char *
temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t baselen = strlen(path) - dirlen;
	size_t room = NAME_MAX - strlen(".jb-XXXXXX");

	if (baselen > room)
		baselen = room;
	return g_strdup_printf("%.*s%.*s.jb-XXXXXX", (int)dirlen, path, (int)baselen, path + dirlen);
}

bool
jb_outfile_write(const char *path, const void *data, size_t len, struct jb_diag *diag)
{
	struct stat st;
	char *tmp = NULL;
	int fd = -1, slot = -1;
	bool ok = false;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			jb_diag_add_file(diag, JB_ERROR, "output-error", path, 0, 0,
			    "cannot write output: is a directory");
			return false;
		}
		/* A device or FIFO: there is nothing to rename over. */
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || !write_all(fd, data, len) || close(fd) != 0) {
			jb_diag_add_file(diag, JB_ERROR, "output-error", path, 0, 0,
			    "cannot write output: %s", g_strerror(errno));
			if (fd >= 0)
				close(fd);
			return false;
		}
		return true;
	}

	tmp = temp_name(path);
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		jb_diag_add_file(diag, JB_ERROR, "output-error", path, 0, 0,
		    "cannot create output: %s", g_strerror(errno));
		goto out;
	}
	slot = pending_add(tmp);
	/* mkstemp makes 0600; outputs are ordinary files. */
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	/* No fsync: like compilers and pandoc, flushing is left to the kernel. The
	 * rename makes the output appear whole to every other process; only a power
	 * cut before the kernel writes it back can lose it (ext4 and btrfs then keep
	 * the old output). An fsync cost 0.4 ms per file, as much as structuring. */
	if (!write_all(fd, data, len)) {
		int e = errno;
		jb_diag_add_file(diag, JB_ERROR, "output-error", path, 0, 0,
		    "cannot write output: %s", g_strerror(e));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0) {
		jb_diag_add_file(diag, JB_ERROR, "output-error", path, 0, 0,
		    "cannot write output: %s", g_strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		jb_diag_add_file(diag, JB_ERROR, "output-error", path, 0, 0,
		    "cannot rename output into place: %s", g_strerror(errno));
		unlink(tmp);
		goto out;
	}
	ok = true;
out:
	pending_remove(slot);
	g_free(tmp);
	return ok;
}
