/* lexer: iptables-restore word splitting. */
#include "config.h"

#include <string.h>

#include "lexer.h"
#include "strbuf.h"

IpmWords *
ipm_words_new (void)
{
  IpmWords *words = g_new0 (IpmWords, 1);

  words->arena = g_string_sized_new (256);
  return words;
}

void
ipm_words_clear (IpmWords *words)
{
  words->n = 0;
  g_string_truncate (words->arena, 0);
}

void
ipm_words_free (IpmWords *words)
{
  if (words == NULL)
    return;
  g_string_free (words->arena, TRUE);
  g_free (words->v);
  g_free (words);
}

/* Room for N words: a line of L bytes has at most L/2 + 1. */
static void
ipm_words_reserve (IpmWords *words, gsize n)
{
  if (n <= words->cap)
    return;
  words->cap = MAX (n, 2 * (gsize) words->cap);
  words->v = g_renew (IpmWord, words->v, words->cap);
}

/* The caller sets every field. */
static IpmWord *
ipm_words_push (IpmWords *words)
{
  g_assert (words->n < words->cap);
  return &words->v[words->n++];
}

static gboolean
ipm_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

/* Bytes that end a run of ordinary bytes: outside quotes a blank or a
 * quote, inside quotes a quote or a backslash. */
enum { IPM_LEX_OUTSIDE = 1, IPM_LEX_INSIDE = 2 };
static const guint8 ipm_lex_stop[256] = {
  [' '] = IPM_LEX_OUTSIDE, ['\t'] = IPM_LEX_OUTSIDE, ['\n'] = IPM_LEX_OUTSIDE,
  ['"'] = IPM_LEX_OUTSIDE | IPM_LEX_INSIDE, ['\\'] = IPM_LEX_INSIDE,
};

/* Copies the run of ordinary bytes that starts at S[I] (see ipm_lex_stop)
 * to *DST and returns where it ends: eight bytes per step where the
 * machine allows, as this loop is a fifth of parsing a dump.  Each step
 * stores all eight bytes, so *DST needs 8 bytes of slack; only the bytes
 * of the run count. */
static gsize
ipm_lex_copy_run (const char *s, gsize i, gsize len, guint8 stop, char **dst)
{
  char *d = *dst;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN && defined(__GNUC__) \
  && !defined(IPM_NO_SIMD)
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);

  for (; i + 8 <= len; i += 8, d += 8)
    {
      guint64 w, hit;

      memcpy (&w, s + i, 8);
      memcpy (d, &w, 8);
      /* a byte of W equal to C gives a zero byte of W ^ (C * ones); the
       * lowest flagged byte is exact, the only one used */
#define IPM_ZERO_BYTES(v) (((v) - ones) & ~(v) & highs)
      if (stop == IPM_LEX_OUTSIDE)
        hit = IPM_ZERO_BYTES (w ^ (' ' * ones))
              | IPM_ZERO_BYTES (w ^ ('\t' * ones))
              | IPM_ZERO_BYTES (w ^ ('\n' * ones))
              | IPM_ZERO_BYTES (w ^ ('"' * ones));
      else
        hit = IPM_ZERO_BYTES (w ^ ('"' * ones))
              | IPM_ZERO_BYTES (w ^ ('\\' * ones));
#undef IPM_ZERO_BYTES
      if (hit != 0)
        {
          guint n = __builtin_ctzll (hit) >> 3;

          *dst = d + n;
          return i + n;
        }
    }
#endif
  while (i < len && !(ipm_lex_stop[(guchar) s[i]] & stop))
    *d++ = s[i++];
  *dst = d;
  return i;
}

/* One pass per line and no allocation per word: the texts go straight into
 * the arena, sized first for the worst case (every byte a word of its own,
 * each with its NUL), so that it never moves while the words point into it. */
gboolean
ipm_lex_words (const IpmLine *line, gsize start, IpmWords *words,
               IpmDiags *diags)
{
  const char *s = line->text;
  gsize len = line->len;
  gsize i = start;
  GString *arena = words->arena;
  char *dst;

  ipm_words_clear (words);
  if (start < len)
    {
      /* worst case plus ipm_lex_copy_run's slack */
      g_string_set_size (arena, 2 * (len - start) + 9);
      ipm_words_reserve (words, (len - start) / 2 + 1);
    }
  dst = arena->str;
  while (i < len)
    {
      gsize begin;
      gboolean quoted = FALSE;
      gboolean in_quote = FALSE;
      gsize quote_col = 0;
      IpmWord *w;

      while (i < len && ipm_is_blank (s[i]))
        i++;
      if (i >= len)
        break;
      begin = i;
      w = ipm_words_push (words);
      w->text = dst;
      while (i < len)
        {
          /* copy a run of ordinary bytes at once; a backslash outside
           * quotes is an ordinary byte */
          i = ipm_lex_copy_run (s, i, len,
                                in_quote ? IPM_LEX_INSIDE : IPM_LEX_OUTSIDE,
                                &dst);
          if (i >= len || (!in_quote && ipm_is_blank (s[i])))
            break;
          if (!in_quote)
            {
              /* s[i] is '"' */
              in_quote = TRUE;
              quoted = TRUE;
              quote_col = i;
              i++;
            }
          else if (s[i] == '"')
            {
              /* iptables-restore ends the word at a closing quote:
               * "abc"def is two words. */
              in_quote = FALSE;
              i++;
              break;
            }
          else if (i + 1 < len)
            {
              /* a backslash inside quotes takes the next byte */
              *dst++ = s[i + 1];
              i += 2;
            }
          else
            *dst++ = s[i++];   /* a backslash at the end of the line */
        }
      if (in_quote)
        {
          /* iptables-restore silently takes the rest of the line. */
          ipm_diags_error (diags, line, quote_col + 1,
                           "unterminated quote; close it with '\"' "
                           "(a literal quote inside quotes is written \\\")");
          words->n = 0;
          g_string_truncate (arena, 0);
          return FALSE;
        }
      w->len = dst - w->text;
      *dst++ = '\0';
      w->col = begin + 1;
      w->raw_len = i - begin;
      w->quoted = quoted;
    }
  g_string_truncate (arena, dst - arena->str);
  return TRUE;
}

/* Bytes xtables_save_string() prints bare: [A-Za-z0-9_-]. */
static gboolean
ipm_is_bare_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* Inside its quotes: bytes escaped with a backslash, and the end. */
static const guint8 ipm_save_special[256] = {
  ['\0'] = 1, ['"'] = 1, ['\\'] = 1, ['\''] = 1,
};

/* One pass: the bare prefix is also the first run inside the quotes. */
void
ipm_quote_save (GString *out, const char *word)
{
  const char *p = word;

  while (ipm_is_bare_char (*p))
    p++;
  if (*p == '\0' && p != word)
    {
      ipm_strbuf_append_len (out, word, p - word);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *run = word;; run = ++p)
    {
      while (!ipm_save_special[(guchar) *p])
        p++;
      ipm_strbuf_append_len (out, run, p - run);
      if (*p == '\0')
        break;
      g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
ipm_quote_min (GString *out, const char *word)
{
  const char *p;
  gboolean bare = *word != '\0';

  for (p = word; *p && bare; p++)
    bare = !ipm_is_blank (*p) && *p != '"';
  if (bare)
    {
      ipm_strbuf_append (out, word);
      return;
    }
  g_string_append_c (out, '"');
  for (p = word; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
