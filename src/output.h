/* output: writes a finished result, all or nothing.
 *
 * Output is written only when the whole run succeeded: a half ruleset
 * piped into iptables-restore wipes a firewall.  (The text of a large result
 * may then go to standard output in parts as it is printed.)  A file is
 * replaced atomically: temporary file in the same folder, fsync, rename,
 * mode of the old file kept, optional FILE~ backup.
 */
#ifndef IPM_OUTPUT_H
#define IPM_OUTPUT_H

#include <glib.h>

/* Writes DATA to standard output; a short write, EPIPE or a failing close
 * is an error. */
gboolean ipm_output_stdout (const GString *data, GError **error);

/* Writes DATA to standard output as one part of a result that is complete
 * already (only its text is produced as it goes): ipm_output_stdout writes
 * the last part. */
gboolean ipm_output_stdout_part (const GString *data, GError **error);
/* The same for TEXT[0..LEN). */
gboolean ipm_output_stdout_bytes (const char *text, gsize len,
                                  GError **error);

/* Replaces PATH by DATA atomically; with BACKUP the old file is kept as
 * PATH~ (a hard link, so PATH itself is never missing). */
gboolean ipm_output_file (const char *path, const GString *data,
                          gboolean backup, GError **error);

#endif
