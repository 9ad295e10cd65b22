/* output: writes a finished result, all or nothing.
 *
 * Output is written only when the whole run succeeded: a half ruleset
 * piped into iptables-restore wipes a firewall.  (The text of a large result
 * may then go to standard output in parts as it is printed.)  A file is
 * replaced atomically: temporary file in the same folder, fsync, rename,
 * mode of the old file kept, optional FILE~ or FILE.~N~ backup.  A
 * standard output that was closed (| head) is IPM_ERROR_CLOSED.
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

/* --backup: what the old FILE is kept as (GNU cp's version control). */
typedef enum {
  IPM_BACKUP_NONE,        /* not kept */
  IPM_BACKUP_SIMPLE,      /* FILE~ */
  IPM_BACKUP_NUMBERED,    /* FILE.~1~, FILE.~2~, ... */
  IPM_BACKUP_EXISTING,    /* numbered when FILE has numbered backups */
} IpmBackup;

/* CONTROL: simple, numbered or existing (or never, t, nil); NULL: simple. */
gboolean ipm_output_backup_parse (const char *control, IpmBackup *backup,
                                  GError **error);

/* Replaces PATH by DATA atomically (through a symbolic link: the file it
 * leads to, in that file's folder).  With BACKUP the old file is kept
 * under its backup name next to it (a hard link, so PATH itself is never
 * missing), except when that would keep nothing worth keeping: the old
 * content is DATA already, or (simple) PATH~ exists and PATH is ipmerge's
 * own output nobody changed since (a SHA-256 of it in the extended
 * attribute user.ipmerge.sha256): PATH~ stays the file as it was before
 * ipmerge. */
gboolean ipm_output_file (const char *path, const GString *data,
                          IpmBackup backup, GError **error);

#endif
