/* output: all-or-nothing writes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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
          g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: write error: %s",
                       what, g_strerror (saved));
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
ipm_output_file (const char *path, const GString *data, gboolean backup,
                 GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  struct stat st;
  gboolean have_old = stat (path, &st) == 0;
  int fd, dfd;

  if (have_old && !S_ISREG (st.st_mode))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                   "%s: exists and is not a regular file", path);
      return FALSE;
    }
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
  if (backup && have_old)
    {
      /* a link under a temporary name renamed over FILE~: the previous
       * backup stays whole until the new one replaces it */
      g_autofree char *bak = g_strconcat (path, "~", NULL);
      g_autofree char *bak_tmp = g_strdup_printf ("%s/.%s~.%d", dir, base,
                                                  (int) getpid ());

      (void) unlink (bak_tmp);
      if (link (path, bak_tmp) < 0 || rename (bak_tmp, bak) < 0)
        {
          int saved = errno;
          (void) unlink (bak_tmp);
          g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                       "%s: cannot keep the backup %s: %s", path, bak,
                       g_strerror (saved));
          goto fail;
        }
    }
  if (rename (tmp, path) < 0)
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
