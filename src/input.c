/* input: line reader with locations and warning-line repair. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "input.h"

/* What iptables-nft-save prints on stderr when legacy tables exist. */
#define IPM_LEGACY_WARNING \
  "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them"

struct IpmInput {
  const char *name;
  FILE *fp;
  gboolean owns_fp;
  char *buf;            /* getline buffer */
  size_t cap;
  GString *joined;      /* a line rebuilt around a spliced warning */
  guint lineno;         /* physical lines read so far */
  gboolean unterminated;
  guint warnings_removed;
};

IpmInput *
ipm_input_open (const char *path, GError **error)
{
  IpmInput *input;
  FILE *fp;
  struct stat st;

  if (strcmp (path, "-") == 0)
    {
      input = g_new0 (IpmInput, 1);
      input->name = ipm_diag_intern_file ("<stdin>");
      input->fp = stdin;
      input->joined = g_string_new (NULL);
      return input;
    }
  fp = fopen (path, "r");
  if (fp == NULL)
    {
      int saved = errno;
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: cannot open: %s",
                   path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fileno (fp), &st) == 0 && S_ISDIR (st.st_mode))
    {
      fclose (fp);
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                   "%s: is a directory, not a rules file", path);
      return NULL;
    }
  input = g_new0 (IpmInput, 1);
  input->name = ipm_diag_intern_file (path);
  input->fp = fp;
  input->owns_fp = TRUE;
  input->joined = g_string_new (NULL);
  return input;
}

IpmInput *
ipm_input_new_from_data (const char *name, const char *data, gsize len)
{
  IpmInput *input = g_new0 (IpmInput, 1);

  input->name = ipm_diag_intern_file (name);
  /* fmemopen of a zero-length buffer fails on some libcs. */
  input->fp = len > 0 ? fmemopen ((void *) data, len, "r")
                      : fopen ("/dev/null", "r");
  input->owns_fp = TRUE;
  input->joined = g_string_new (NULL);
  return input;
}

void
ipm_input_free (IpmInput *input)
{
  if (input == NULL)
    return;
  if (input->owns_fp && input->fp != NULL)
    fclose (input->fp);
  free (input->buf);
  g_string_free (input->joined, TRUE);
  g_free (input);
}

/* Reads one physical line into input->buf; returns its length or -1. */
static gssize
ipm_input_read_physical (IpmInput *input, GError **error)
{
  gssize n;

  errno = 0;
  n = getline (&input->buf, &input->cap, input->fp);
  if (n < 0)
    {
      if (ferror (input->fp))
        {
          int saved = errno;
          g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: read error: %s",
                       input->name, g_strerror (saved ? saved : EIO));
        }
      return -1;
    }
  input->lineno++;
  if (n > 0 && input->buf[n - 1] == '\n')
    {
      input->buf[--n] = '\0';
      input->unterminated = FALSE;
    }
  else
    input->unterminated = TRUE;
  return n;
}

static const char *
ipm_find_warning (const char *text, gsize len)
{
  static const gsize wlen = sizeof IPM_LEGACY_WARNING - 1;

  if (len < wlen)
    return NULL;
  return memmem (text, len, IPM_LEGACY_WARNING, wlen);
}

gboolean
ipm_input_next (IpmInput *input, IpmLine *line, GError **error)
{
  static const gsize wlen = sizeof IPM_LEGACY_WARNING - 1;

  for (;;)
    {
      gssize n = ipm_input_read_physical (input, error);
      guint first_lineno = input->lineno;
      const char *text = input->buf;
      gsize len;

      if (n < 0)
        return FALSE;
      if (ipm_find_warning (input->buf, n) == NULL)
        {
          line->file = input->name;
          line->lineno = first_lineno;
          line->text = input->buf;
          line->len = n;
          return TRUE;
        }

      /* The warning plus its newline was written into the middle of a
       * stdout line: what stood before it continues on the next line. */
      g_string_truncate (input->joined, 0);
      len = n;
      for (;;)
        {
          const char *w = ipm_find_warning (text, len);
          gsize rest_len;

          if (w == NULL)
            {
              g_string_append_len (input->joined, text, len);
              break;
            }
          input->warnings_removed++;
          g_string_append_len (input->joined, text, w - text);
          rest_len = len - (w - text) - wlen;
          if (rest_len > 0)
            {
              text = w + wlen;
              len = rest_len;
              continue;
            }
          if (input->joined->len == 0)
            break;              /* the warning stood alone on its line */
          n = ipm_input_read_physical (input, error);
          if (n < 0)
            {
              if (error != NULL && *error != NULL)
                return FALSE;
              break;
            }
          text = input->buf;
          len = n;
        }
      if (input->joined->len == 0)
        continue;
      line->file = input->name;
      line->lineno = first_lineno;
      line->text = input->joined->str;
      line->len = input->joined->len;
      return TRUE;
    }
}

const char *
ipm_input_name (const IpmInput *input)
{
  return input->name;
}

gboolean
ipm_input_last_line_unterminated (const IpmInput *input)
{
  return input->unterminated;
}

guint
ipm_input_warnings_removed (const IpmInput *input)
{
  return input->warnings_removed;
}
