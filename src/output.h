/* output: writes a finished result, all or nothing.
 *
 * Output is built in memory and written only when the whole run succeeded:
 * a half ruleset piped into iptables-restore wipes a firewall.  A file is
 * replaced atomically: temporary file in the same folder, fsync, rename,
 * mode of the old file kept, optional FILE~ backup.
 */
#ifndef IPM_OUTPUT_H
#define IPM_OUTPUT_H

#include <glib.h>

/* Writes DATA to standard output; a short write, EPIPE or a failing close
 * is an error. */
gboolean ipm_output_stdout (const GString *data, GError **error);

/* Replaces PATH by DATA atomically; with BACKUP the old file is kept as
 * PATH~ (a hard link, so PATH itself is never missing). */
gboolean ipm_output_file (const char *path, const GString *data,
                          gboolean backup, GError **error);

#endif
