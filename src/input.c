/* input: line reader with locations and warning-line repair. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef IPM_SSE2
#include <emmintrin.h>
#endif

#include "input.h"

/* What iptables-nft-save prints on stderr when legacy tables exist. */
#define IPM_LEGACY_WARNING \
  "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them"

struct IpmInput {
  const char *name;
  FILE *fp;
  gboolean owns_fp;
  /* ipm_input_new_from_data: the caller's bytes, read through fp or, when
   * retained, copied into a GBytes */
  const char *data;
  gsize data_len;
  gboolean retain;      /* ipm_input_retain: lines stay where they are */
  gboolean started;     /* the first line was read: the mode is fixed */
  /* a mapped regular file, or the copy of the data (retained) */
  GBytes *whole;
  const char *whole_data;
  gsize whole_pos;
  gsize whole_len;
  /* a stream: large reads into buf; without retain the bytes left are moved
   * to the front for the next read, with retain buf is set aside in
   * retired and a new one started */
  char *buf;            /* bytes read and not yet handed out as lines */
  gsize cap;
  gsize start;          /* next line starts here */
  gsize end;            /* end of the bytes read */
  gsize scanned;        /* [start, scanned) has no newline */
  gboolean eof;
  GPtrArray *retired;   /* GBytes: full buffers lines were handed out from */
  GString *joined;      /* a line rebuilt around a spliced warning */
  guint lineno;         /* physical lines read so far */
  gboolean unterminated;
  gboolean bom_removed;
};

/* ipm_input_set_terminal_hint */
static char *ipm_input_terminal_hint;

IpmInput *
ipm_input_open (const char *path, GError **error)
{
  IpmInput *input;
  FILE *fp;
  struct stat st;

  if (strcmp (path, "-") == 0)
    {
      /* a forgotten pipe would otherwise look like a hang */
      if (ipm_input_terminal_hint != NULL && isatty (STDIN_FILENO))
        g_printerr ("ipmerge: reading %s from standard input (a terminal); "
                    "type or paste it and end with Ctrl-D, or Ctrl-C to "
                    "stop\n", ipm_input_terminal_hint);
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
  input->data = data;
  input->data_len = len;
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
  g_free (input->buf);
  if (input->whole != NULL)
    g_bytes_unref (input->whole);
  if (input->retired != NULL)
    g_ptr_array_unref (input->retired);
  g_string_free (input->joined, TRUE);
  g_free (input);
}

/* Large reads: a dump is read in blocks of this size at least, and a line
 * longer than the buffer doubles it. */
#define IPM_INPUT_BLOCK (256 * 1024)
/* With ipm_input_retain, a stream is read into buffers of this size,
 * kept whole. */
#define IPM_INPUT_RETAIN_BLOCK (4 * 1024 * 1024)

/* Reads more bytes after the unconsumed ones, moving them to the front and
 * growing the buffer when it is full.  FALSE on a read error. */
static gboolean
ipm_input_fill (IpmInput *input, GError **error)
{
  gsize n;

  if (input->retain && input->cap - input->end < IPM_INPUT_BLOCK / 2)
    {
      /* lines handed out stay where they are: the unconsumed bytes go to
       * a new buffer, the old one is set aside */
      gsize keep = input->end - input->start;
      gsize cap = MAX (IPM_INPUT_RETAIN_BLOCK, 2 * keep + IPM_INPUT_BLOCK);
      char *buf = g_malloc (cap);

      if (keep > 0)
        memcpy (buf, input->buf + input->start, keep);
      if (input->start > 0)
        g_ptr_array_add (input->retired,
                         g_bytes_new_take (input->buf, input->start));
      else
        g_free (input->buf);
      input->buf = buf;
      input->cap = cap;
      input->end = keep;
      input->scanned -= input->start;
      input->start = 0;
    }
  else if (input->start > 0 && !input->retain)
    {
      memmove (input->buf, input->buf + input->start,
               input->end - input->start);
      input->end -= input->start;
      input->scanned -= input->start;
      input->start = 0;
    }
  /* one byte stays free for the NUL after an unterminated last line */
  if (input->cap - input->end < IPM_INPUT_BLOCK / 2)
    {
      input->cap = MAX (input->cap * 2, IPM_INPUT_BLOCK);
      input->buf = g_realloc (input->buf, input->cap);
    }
  n = fread (input->buf + input->end, 1, input->cap - input->end - 1,
             input->fp);
  input->end += n;
  if (n == 0)
    {
      if (ferror (input->fp))
        {
          int saved = errno;
          g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: read error: %s",
                       input->name, g_strerror (saved ? saved : EIO));
          return FALSE;
        }
      input->eof = TRUE;
    }
  return TRUE;
}

typedef struct {
  void *addr;
  gsize len;
} IpmMapping;

static void
ipm_mapping_free (gpointer data)
{
  IpmMapping *m = data;

  munmap (m->addr, m->len);
  g_free (m);
}

/* The file behind FP mapped whole, from its current offset on (*POS), or
 * NULL: not a regular file, empty, or mmap failed (then it is read).  A
 * file truncated by another process while it is mapped kills the reader
 * with SIGBUS before it wrote anything: never half a ruleset. */
static GBytes *
ipm_input_map (FILE *fp, gsize *pos)
{
  int fd = fileno (fp);
  struct stat st;
  off_t offset;
  void *addr;
  IpmMapping *m;

  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  offset = lseek (fd, 0, SEEK_CUR);
  if (offset < 0 || st.st_size <= offset
      || (guint64) st.st_size > G_MAXSIZE)
    return NULL;
  addr = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE
#ifdef MAP_POPULATE
               | MAP_POPULATE
#endif
               , fd, 0);
  if (addr == MAP_FAILED)
    return NULL;
  m = g_new (IpmMapping, 1);
  m->addr = addr;
  m->len = st.st_size;
  *pos = offset;
  return g_bytes_new_with_free_func (addr, m->len, ipm_mapping_free, m);
}

/* At the first line: with retain, a regular file is mapped and data is
 * copied whole (into a GBytes of exactly its size, so that a reader going
 * past a line's end is caught by ASan in tests); a stream is read into
 * buffers that are kept. */
static void
ipm_input_start (IpmInput *input)
{
  input->started = TRUE;
  if (!input->retain)
    return;
  input->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (input->data != NULL)
    {
      if (input->data_len > 0)
        input->whole = g_bytes_new (input->data, input->data_len);
    }
  else
    input->whole = ipm_input_map (input->fp, &input->whole_pos);
  if (input->whole != NULL)
    input->whole_data = g_bytes_get_data (input->whole, &input->whole_len);
  else if (input->data != NULL)
    input->eof = TRUE;
}

/* Points *TEXT at the next physical line (newline removed; NUL-terminated
 * unless retained); returns its length, or -1 at the end of input or on a
 * read error. */
static gssize
ipm_input_read_physical (IpmInput *input, const char **text, GError **error)
{
  char *nl;
  gsize len;

  if (G_UNLIKELY (!input->started))
    ipm_input_start (input);
  if (input->whole != NULL)
    {
      const char *at = input->whole_data + input->whole_pos;
      const char *end_nl;

      if (input->whole_pos >= input->whole_len)
        return -1;
      input->lineno++;
      *text = at;
      end_nl = memchr (at, '\n', input->whole_len - input->whole_pos);
      if (end_nl != NULL)
        {
          len = end_nl - at;
          input->whole_pos += len + 1;
          input->unterminated = FALSE;
        }
      else
        {
          len = input->whole_len - input->whole_pos;
          input->whole_pos = input->whole_len;
          input->unterminated = TRUE;
        }
      return len;
    }
  for (;;)
    {
      nl = input->end > input->scanned
           ? memchr (input->buf + input->scanned, '\n',
                     input->end - input->scanned)
           : NULL;
      if (nl != NULL || input->eof)
        break;
      input->scanned = input->end;
      errno = 0;
      if (!ipm_input_fill (input, error))
        return -1;
    }
  if (nl == NULL && input->start == input->end)
    return -1;
  input->lineno++;
  *text = input->buf + input->start;
  if (nl != NULL)
    {
      len = nl - *text;
      /* a retained line keeps its newline (IpmLine.stable) */
      if (!input->retain)
        *nl = '\0';
      input->start = input->scanned = nl + 1 - input->buf;
      input->unterminated = FALSE;
    }
  else
    {
      len = input->end - input->start;
      if (!input->retain)
        input->buf[input->end] = '\0';
      input->start = input->scanned = input->end;
      input->unterminated = TRUE;
    }
  return len;
}

/* The UTF-8 byte order mark some Windows editors write at the start of a
 * file: iptables-restore reads it as part of the first word. */
#define IPM_UTF8_BOM "\xef\xbb\xbf"

/* ipm_input_read_physical, without a byte order mark at the start of the
 * first line (remembered: the parser warns). */
static gssize
ipm_input_read_line (IpmInput *input, const char **text, GError **error)
{
  gssize n = ipm_input_read_physical (input, text, error);

  if (G_UNLIKELY (input->lineno == 1) && n >= 3 && !input->bom_removed
      && memcmp (*text, IPM_UTF8_BOM, 3) == 0)
    {
      input->bom_removed = TRUE;
      *text += 3;
      n -= 3;
    }
  return n;
}

static const char *
ipm_find_warning (const char *text, gsize len)
{
  static const gsize wlen = sizeof IPM_LEGACY_WARNING - 1;

  const char *end = text + len;
  const char *p = text;

  /* memchr finds the rare '#' faster than memmem finds the warning */
  while (end - p >= (gssize) wlen && (p = memchr (p, '#', end - p)) != NULL)
    {
      if (end - p >= (gssize) wlen && memcmp (p, IPM_LEGACY_WARNING, wlen) == 0)
        return p;
      p++;
    }
  return NULL;
}

/* TRUE when TEXT[0..LEN) is only ASCII, without NUL or '#': then no
 * warning was spliced into it, and the parser's own checks of bytes have
 * nothing to find (IpmLine.plain).  One pass over the line instead of
 * one per question. */
static gboolean
ipm_line_plain (const char *text, gsize len)
{
  gsize i = 0;

#ifdef IPM_SSE2
  __m128i odd = _mm_setzero_si128 ();

  for (; i + 16 <= len; i += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (text + i));

      /* the high bit of each byte: set for non-ASCII and for matches */
      odd = _mm_or_si128 (odd, _mm_or_si128 (v, _mm_or_si128 (
              _mm_cmpeq_epi8 (v, _mm_setzero_si128 ()),
              _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('#')))));
    }
  if (_mm_movemask_epi8 (odd) != 0)
    return FALSE;
#endif
  for (; i < len; i++)
    if ((guchar) text[i] >= 0x80 || text[i] == '\0' || text[i] == '#')
      return FALSE;
  return TRUE;
}

gboolean
ipm_input_next (IpmInput *input, IpmLine *line, GError **error)
{
  static const gsize wlen = sizeof IPM_LEGACY_WARNING - 1;

  for (;;)
    {
      const char *text = NULL;
      gssize n = ipm_input_read_line (input, &text, error);
      guint first_lineno = input->lineno;
      gboolean plain;
      gsize len;

      if (n < 0)
        return FALSE;
      plain = ipm_line_plain (text, n);
      if (plain || ipm_find_warning (text, n) == NULL)
        {
          line->file = input->name;
          line->lineno = first_lineno;
          line->text = text;
          line->len = n;
          line->plain = plain;
          line->stable = input->retain && !input->unterminated;
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
          n = ipm_input_read_physical (input, &text, error);
          if (n < 0)
            {
              if (error != NULL && *error != NULL)
                return FALSE;
              break;
            }
          len = n;
        }
      if (input->joined->len == 0)
        continue;
      line->file = input->name;
      line->lineno = first_lineno;
      line->text = input->joined->str;
      line->len = input->joined->len;
      line->plain = FALSE;
      line->stable = FALSE;
      return TRUE;
    }
}

void
ipm_input_retain (IpmInput *input)
{
  g_return_if_fail (!input->started);
  input->retain = TRUE;
}

GPtrArray *
ipm_input_storage (IpmInput *input)
{
  GPtrArray *storage =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (!input->retain)
    return storage;
  if (input->whole != NULL)
    g_ptr_array_add (storage, g_bytes_ref (input->whole));
  if (input->retired != NULL)
    for (guint i = 0; i < input->retired->len; i++)
      g_ptr_array_add (storage,
                       g_bytes_ref (g_ptr_array_index (input->retired, i)));
  if (input->buf != NULL && input->eof)
    {
      /* the last buffer: no more reads will move what is in it */
      GBytes *last = g_bytes_new_take (g_steal_pointer (&input->buf),
                                       input->end);

      input->cap = input->start = input->end = input->scanned = 0;
      if (input->retired != NULL)
        g_ptr_array_add (input->retired, g_bytes_ref (last));
      g_ptr_array_add (storage, last);
    }
  return storage;
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

gboolean
ipm_input_bom_removed (const IpmInput *input)
{
  return input->bom_removed;
}

void
ipm_input_set_terminal_hint (const char *what)
{
  g_free (ipm_input_terminal_hint);
  ipm_input_terminal_hint = g_strdup (what);
}
