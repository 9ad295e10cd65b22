/* output: all-or-nothing writes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"

static gboolean
ipm_write_all (int fd, const char *data, gsize len, const char *what,
               GError **error)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;
          /* the reader stopped reading (| head): its choice, not a fault */
          g_set_error (error, IPM_ERROR,
                       saved == EPIPE && fd == STDOUT_FILENO
                       ? IPM_ERROR_CLOSED : IPM_ERROR_IO,
                       "%s: write error: %s", what, g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

gboolean
ipm_output_stdout_part (const GString *data, GError **error)
{
  return ipm_write_all (STDOUT_FILENO, data->str, data->len,
                        "standard output", error);
}

gboolean
ipm_output_stdout_bytes (const char *text, gsize len, GError **error)
{
  return ipm_write_all (STDOUT_FILENO, text, len, "standard output", error);
}

gboolean
ipm_output_stdout (const GString *data, GError **error)
{
  if (!ipm_write_all (STDOUT_FILENO, data->str, data->len, "standard output",
                      error))
    return FALSE;
  /* A regular file on a full disk may only fail here. */
  if (fsync (STDOUT_FILENO) < 0 && errno != EINVAL && errno != EROFS
      && errno != ENOTSUP)
    {
      int saved = errno;
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                   "standard output: write error: %s", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
ipm_output_backup_parse (const char *control, IpmBackup *backup,
                         GError **error)
{
  /* GNU cp's names, and their aliases */
  static const struct {
    const char *name;
    IpmBackup backup;
  } controls[] = {
    { "simple", IPM_BACKUP_SIMPLE }, { "never", IPM_BACKUP_SIMPLE },
    { "numbered", IPM_BACKUP_NUMBERED }, { "t", IPM_BACKUP_NUMBERED },
    { "existing", IPM_BACKUP_EXISTING }, { "nil", IPM_BACKUP_EXISTING },
  };

  if (control == NULL)
    {
      *backup = IPM_BACKUP_SIMPLE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    if (strcmp (control, controls[i].name) == 0)
      {
        *backup = controls[i].backup;
        return TRUE;
      }
  g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
               "--backup takes simple (FILE~), numbered (FILE.~N~) or "
               "existing (numbered if FILE has numbered backups), not '%s'",
               control);
  return FALSE;
}

/* The file a write to PATH replaces: PATH, or the file its symbolic links
 * lead to (which may not exist yet).  The link stays a link. */
static char *
ipm_output_resolve (const char *path, GError **error)
{
  g_autofree char *at = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      struct stat st;
      g_autofree char *dest = NULL;
      g_autofree char *dir = NULL;

      if (lstat (at, &st) < 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&at);
      dest = g_file_read_link (at, NULL);
      if (dest == NULL)
        return g_steal_pointer (&at);
      if (g_path_is_absolute (dest))
        {
          g_free (at);
          at = g_steal_pointer (&dest);
          continue;
        }
      dir = g_path_get_dirname (at);
      g_free (at);
      at = g_build_filename (dir, dest, NULL);
    }
  g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
               "%s: too many levels of symbolic links (%s is unchanged)",
               path, path);
  return NULL;
}

/* The extended attribute that marks what ipmerge wrote: the SHA-256 of the
 * content.  A file edited since no longer matches it. */
#define IPM_OUTPUT_XATTR "user.ipmerge.sha256"

/* Whether the file at PATH, whose content is OLD, is what ipmerge wrote
 * there and nobody changed since.  FALSE when the file system keeps no
 * extended attributes. */
static gboolean
ipm_output_is_ours (const char *path, const char *old, gsize len)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                      (const guchar *) old,
                                                      len);
  char mark[65];
  ssize_t n = getxattr (path, IPM_OUTPUT_XATTR, mark, sizeof mark);

  return n == 64 && memcmp (mark, sum, 64) == 0;
}

/* The highest N of an existing DIR/BASE.~N~, 0 when there is none. */
static guint
ipm_output_last_number (const char *dir, const char *base)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gsize base_len = strlen (base);
  const char *name;
  guint last = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      const char *num = name + base_len + 2;
      char *end;
      guint64 n;

      if (strncmp (name, base, base_len) != 0 || name[base_len] != '.'
          || name[base_len + 1] != '~' || !g_ascii_isdigit (*num))
        continue;
      n = g_ascii_strtoull (num, &end, 10);
      if (strcmp (end, "~") == 0 && n < G_MAXUINT && n > last)
        last = (guint) n;
    }
  return last;
}

/* Keeps the file PATH (in DIR, named BASE) under its backup name, as a
 * hard link: PATH itself is never missing.  A numbered backup takes the
 * next free number; a simple one replaces PATH~ through a link under a
 * temporary name, so that the previous backup stays whole until then. */
static gboolean
ipm_output_backup (const char *path, const char *dir, const char *base,
                   IpmBackup backup, GError **error)
{
  g_autofree char *bak = NULL;
  int saved;

  if (backup == IPM_BACKUP_EXISTING)
    backup = ipm_output_last_number (dir, base) > 0 ? IPM_BACKUP_NUMBERED
                                                    : IPM_BACKUP_SIMPLE;
  if (backup == IPM_BACKUP_NUMBERED)
    {
      /* link() never replaces: another run taking the number meanwhile
       * makes this one take the next */
      for (guint tries = 0; tries < 100; tries++)
        {
          g_free (bak);
          bak = g_strdup_printf ("%s.~%u~", path,
                                 ipm_output_last_number (dir, base) + 1);
          if (link (path, bak) == 0)
            return TRUE;
          if (errno != EEXIST)
            break;
        }
    }
  else
    {
      g_autofree char *bak_tmp = g_strdup_printf ("%s/.%s~.%d", dir, base,
                                                  (int) getpid ());

      bak = g_strconcat (path, "~", NULL);
      (void) unlink (bak_tmp);
      if (link (path, bak_tmp) == 0 && rename (bak_tmp, bak) == 0)
        return TRUE;
      saved = errno;
      (void) unlink (bak_tmp);
      errno = saved;
    }
  saved = errno;
  g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
               "%s: cannot keep the backup %s: %s", path, bak,
               g_strerror (saved));
  return FALSE;
}

/* Whether the old file (TARGET, a regular file) gets a backup before DATA
 * replaces it.  Not when its content is DATA already (a run that changes
 * nothing adds no backup, numbered or not); nor, simple, when TARGET~
 * exists and TARGET is ipmerge's own untouched output (ipm_output_is_ours):
 * TARGET~ keeps the file as it was before ipmerge first wrote it. */
static gboolean
ipm_output_wants_backup (const char *target, const GString *data,
                         IpmBackup backup, const char *dir, const char *base)
{
  g_autofree char *old = NULL;
  g_autofree char *bak = g_strconcat (target, "~", NULL);
  gsize len = 0;

  if (!g_file_get_contents (target, &old, &len, NULL))
    return TRUE;
  if (len == data->len && memcmp (old, data->str, len) == 0)
    return FALSE;
  if (backup == IPM_BACKUP_EXISTING && ipm_output_last_number (dir, base) > 0)
    backup = IPM_BACKUP_NUMBERED;
  if (backup == IPM_BACKUP_NUMBERED)
    return TRUE;
  return !(g_file_test (bak, G_FILE_TEST_EXISTS)
           && ipm_output_is_ours (target, old, len));
}

gboolean
ipm_output_file (const char *path, const GString *data, IpmBackup backup,
                 GError **error)
{
  /* a symbolic link stays: the file it leads to is replaced */
  g_autofree char *target = ipm_output_resolve (path, error);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                      (const guchar *) data->str,
                                                      data->len);
  struct stat st;
  gboolean have_old;
  gboolean make_backup = FALSE;
  int fd, dfd;

  if (target == NULL)
    return FALSE;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  have_old = stat (target, &st) == 0;
  if (have_old && !S_ISREG (st.st_mode))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                   "%s: exists and is not a regular file", path);
      return FALSE;
    }
  if (have_old && backup != IPM_BACKUP_NONE)
    make_backup = ipm_output_wants_backup (target, data, backup, dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, have_old ? (st.st_mode & 07777) : 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                   "%s: cannot create a temporary file in %s: %s (%s %s)",
                   path, dir, g_strerror (saved), path,
                   have_old ? "is unchanged" : "was not created");
      return FALSE;
    }
  if (have_old)
    {
      /* keep mode and, when root, ownership of the file being replaced */
      if (fchmod (fd, st.st_mode & 07777) < 0
          || (geteuid () == 0 && fchown (fd, st.st_uid, st.st_gid) < 0))
        {
          int saved = errno;
          g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                       "%s: cannot copy mode/owner: %s", tmp, g_strerror (saved));
          goto fail;
        }
    }
  /* the messages name FILE: the temporary file is gone when they show */
  if (!ipm_write_all (fd, data->str, data->len, path, error))
    goto fail;
  /* the mark of ipmerge's own output (ipm_output_wants_backup); a file
   * system without extended attributes just has none */
  (void) fsetxattr (fd, IPM_OUTPUT_XATTR, sum, strlen (sum), 0);
  if (fsync (fd) < 0)
    {
      int saved = errno;
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: fsync failed: %s",
                   path, g_strerror (saved));
      goto fail;
    }
  if (close (fd) < 0)
    {
      int saved = errno;
      fd = -1;
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: close failed: %s",
                   path, g_strerror (saved));
      goto fail;
    }
  fd = -1;
  if (make_backup && !ipm_output_backup (target, dir, base, backup, error))
    goto fail;
  if (rename (tmp, target) < 0)
    {
      int saved = errno;
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: rename failed: %s",
                   path, g_strerror (saved));
      goto fail;
    }
  /* make the rename itself durable */
  dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0)
    {
      fsync (dfd);
      close (dfd);
    }
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  unlink (tmp);
  if (error != NULL && *error != NULL)
    {
      char *m = g_strdup_printf ("%s (%s %s)", (*error)->message, path,
                                 have_old ? "is unchanged" : "was not created");
      g_free ((*error)->message);
      (*error)->message = m;
    }
  return FALSE;
}
