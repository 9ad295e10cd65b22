/* lexer: iptables-restore word splitting. */
#include "config.h"

#include <string.h>

#include "lexer.h"

IpmWords *
ipm_words_new (void)
{
  return g_new0 (IpmWords, 1);
}

void
ipm_words_clear (IpmWords *words)
{
  for (guint i = 0; i < words->n; i++)
    g_free (words->v[i].text);
  words->n = 0;
}

void
ipm_words_free (IpmWords *words)
{
  if (words == NULL)
    return;
  ipm_words_clear (words);
  g_free (words->v);
  g_free (words);
}

static IpmWord *
ipm_words_push (IpmWords *words)
{
  if (words->n == words->cap)
    {
      words->cap = words->cap ? words->cap * 2 : 16;
      words->v = g_renew (IpmWord, words->v, words->cap);
    }
  memset (&words->v[words->n], 0, sizeof (IpmWord));
  return &words->v[words->n++];
}

static gboolean
ipm_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

gboolean
ipm_lex_words (const IpmLine *line, gsize start, IpmWords *words,
               IpmDiags *diags)
{
  const char *s = line->text;
  gsize len = line->len;
  gsize i = start;
  GString *cur = g_string_sized_new (32);

  ipm_words_clear (words);
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
      g_string_truncate (cur, 0);
      while (i < len && (in_quote || !ipm_is_blank (s[i])))
        {
          char c = s[i];

          if (c == '"' && !in_quote)
            {
              in_quote = TRUE;
              quoted = TRUE;
              quote_col = i;
              i++;
              continue;
            }
          if (c == '"')
            {
              /* iptables-restore ends the word at a closing quote:
               * "abc"def is two words. */
              in_quote = FALSE;
              i++;
              break;
            }
          if (in_quote && c == '\\' && i + 1 < len)
            {
              g_string_append_c (cur, s[i + 1]);
              i += 2;
              continue;
            }
          g_string_append_c (cur, c);
          i++;
        }
      if (in_quote)
        {
          /* iptables-restore silently takes the rest of the line. */
          ipm_diags_error (diags, line, quote_col + 1,
                           "unterminated quote; close it with '\"' "
                           "(a literal quote inside quotes is written \\\")");
          g_string_free (cur, TRUE);
          return FALSE;
        }
      w = ipm_words_push (words);
      w->text = g_strndup (cur->str, cur->len);
      w->col = begin + 1;
      w->raw_len = i - begin;
      w->quoted = quoted;
    }
  g_string_free (cur, TRUE);
  return TRUE;
}

static gboolean
ipm_is_bare_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

void
ipm_quote_save (GString *out, const char *word)
{
  const char *p;
  gboolean bare = *word != '\0';

  for (p = word; *p && bare; p++)
    bare = ipm_is_bare_char (*p);
  if (bare)
    {
      g_string_append (out, word);
      return;
    }
  g_string_append_c (out, '"');
  for (p = word; *p; p++)
    {
      if (*p == '"' || *p == '\\' || *p == '\'')
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
      g_string_append (out, word);
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
