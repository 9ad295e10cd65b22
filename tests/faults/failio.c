/* failio: an LD_PRELOAD shim for tests/faults.sh that makes chosen I/O calls
 * fail, to check that ipmerge reports a clean error and that -o leaves the
 * old file untouched and no temporary file behind.
 *
 * Built as a shared object (check program tests/faults/failio.so).  Every
 * variable is off unless set; ERRNO is a name (ENOSPC, EIO, EDQUOT, EACCES,
 * EROFS, EXDEV, EPERM) or a number.  Only descriptors above 2 are affected
 * by the write/fsync/close faults unless FAILIO_FD says otherwise, so the
 * diagnostics on stderr still get out.
 *   FAILIO_WRITE=ERRNO      write() fails (after FAILIO_WRITE_AFTER bytes,
 *                           default 0: a short write, then the failure)
 *   FAILIO_FD=N             the descriptor the write/fsync faults hit
 *                           (default: any above 2)
 *   FAILIO_FSYNC=ERRNO      fsync() fails
 *   FAILIO_CLOSE=ERRNO      close() closes, then reports a failure
 *   FAILIO_RENAME=ERRNO     rename() fails
 *   FAILIO_LINK=ERRNO       link() fails (the --backup copy)
 *   FAILIO_OPEN=ERRNO:PATH  fopen()/open() of exactly PATH fails
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static const struct { const char *name; int value; } failio_errnos[] = {
  { "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EDQUOT", EDQUOT },
  { "EACCES", EACCES }, { "EROFS", EROFS }, { "EXDEV", EXDEV },
  { "EPERM", EPERM }, { "ENOENT", ENOENT },
};

/* The errno that variable NAME asks for, or 0 when it is unset. */
static int
failio_errno (const char *name)
{
  const char *v = getenv (name);

  if (v == NULL || *v == '\0')
    return 0;
  for (size_t i = 0; i < sizeof failio_errnos / sizeof failio_errnos[0]; i++)
    if (strncmp (v, failio_errnos[i].name, strlen (failio_errnos[i].name)) == 0)
      return failio_errnos[i].value;
  return atoi (v) > 0 ? atoi (v) : EIO;
}

static int
failio_fd_hit (int fd)
{
  const char *v = getenv ("FAILIO_FD");

  if (v != NULL && *v != '\0')
    return fd == atoi (v);
  return fd > 2;
}

static void *
failio_next (const char *symbol)
{
  void *f = dlsym (RTLD_NEXT, symbol);

  if (f == NULL)
    abort ();   /* no libc symbol to forward to: the test cannot run */
  return f;
}

static size_t failio_written;

ssize_t
write (int fd, const void *buf, size_t count)
{
  static ssize_t (*real) (int, const void *, size_t);
  int err = failio_errno ("FAILIO_WRITE");

  if (real == NULL)
    real = (ssize_t (*) (int, const void *, size_t)) failio_next ("write");
  if (err != 0 && failio_fd_hit (fd))
    {
      const char *after = getenv ("FAILIO_WRITE_AFTER");
      size_t allowed = after != NULL ? (size_t) strtoul (after, NULL, 10) : 0;

      if (failio_written >= allowed)
        {
          errno = err;
          return -1;
        }
      if (count > allowed - failio_written)
        count = allowed - failio_written;
      {
        ssize_t n = real (fd, buf, count);

        if (n > 0)
          failio_written += (size_t) n;
        return n;
      }
    }
  return real (fd, buf, count);
}

int
fsync (int fd)
{
  static int (*real) (int);
  int err = failio_errno ("FAILIO_FSYNC");

  if (real == NULL)
    real = (int (*) (int)) failio_next ("fsync");
  if (err != 0 && failio_fd_hit (fd))
    {
      errno = err;
      return -1;
    }
  return real (fd);
}

int
close (int fd)
{
  static int (*real) (int);
  int err = failio_errno ("FAILIO_CLOSE");
  int r;

  if (real == NULL)
    real = (int (*) (int)) failio_next ("close");
  r = real (fd);
  if (r == 0 && err != 0 && failio_fd_hit (fd))
    {
      errno = err;
      return -1;
    }
  return r;
}

int
rename (const char *from, const char *to)
{
  static int (*real) (const char *, const char *);
  int err = failio_errno ("FAILIO_RENAME");

  if (real == NULL)
    real = (int (*) (const char *, const char *)) failio_next ("rename");
  if (err != 0)
    {
      errno = err;
      return -1;
    }
  return real (from, to);
}

int
link (const char *from, const char *to)
{
  static int (*real) (const char *, const char *);
  int err = failio_errno ("FAILIO_LINK");

  if (real == NULL)
    real = (int (*) (const char *, const char *)) failio_next ("link");
  if (err != 0)
    {
      errno = err;
      return -1;
    }
  return real (from, to);
}

/* FAILIO_OPEN=ERRNO:PATH: the errno when PATH is the one to refuse. */
static int
failio_open_errno (const char *path)
{
  const char *v = getenv ("FAILIO_OPEN");
  const char *colon;

  if (v == NULL || (colon = strchr (v, ':')) == NULL)
    return 0;
  if (strcmp (colon + 1, path) != 0)
    return 0;
  return failio_errno ("FAILIO_OPEN");
}

FILE *
fopen (const char *path, const char *mode)
{
  static FILE *(*real) (const char *, const char *);
  int err = failio_open_errno (path);

  if (real == NULL)
    real = (FILE *(*) (const char *, const char *)) failio_next ("fopen");
  if (err != 0)
    {
      errno = err;
      return NULL;
    }
  return real (path, mode);
}

FILE *
fopen64 (const char *path, const char *mode)
{
  static FILE *(*real) (const char *, const char *);
  int err = failio_open_errno (path);

  if (real == NULL)
    real = (FILE *(*) (const char *, const char *)) failio_next ("fopen64");
  if (err != 0)
    {
      errno = err;
      return NULL;
    }
  return real (path, mode);
}

int
open (const char *path, int flags, ...)
{
  static int (*real) (const char *, int, ...);
  int err = failio_open_errno (path);
  mode_t mode = 0;

  if (real == NULL)
    real = (int (*) (const char *, int, ...)) failio_next ("open");
  if (flags & (O_CREAT | O_TMPFILE))
    {
      va_list ap;

      va_start (ap, flags);
      mode = va_arg (ap, mode_t);
      va_end (ap);
    }
  if (err != 0)
    {
      errno = err;
      return -1;
    }
  return real (path, flags, mode);
}
