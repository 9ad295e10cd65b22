/* lexer: splits a line into words exactly as iptables-restore does.
 *
 * Words split on space, tab and newline.  Only double quotes group; inside
 * them a backslash takes the next byte literally.  Outside quotes a backslash
 * is an ordinary byte and single quotes are ordinary bytes.  "" is an empty
 * word.  Ownership: g_autoptr(IpmWords).
 */
#ifndef IPM_LEXER_H
#define IPM_LEXER_H

#include <glib.h>

#include "diag.h"

/* iptables-restore limits (iptables/xshared.c, iptables-restore.c). */
#define IPM_MAX_WORDS      255
#define IPM_MAX_WORD_BYTES 1023
#define IPM_MAX_LINE_BYTES 10239   /* 10240-byte buffer incl. newline */

typedef struct {
  char *text;         /* the word with quotes and escapes removed; owned by
                         the IpmWords, valid until the next lex */
  gsize len;          /* strlen (text) */
  guint col;          /* 1-based byte column where the word starts */
  guint raw_len;      /* bytes the word spans in the line, quotes included */
  gboolean quoted;    /* some part of it was inside double quotes */
} IpmWord;

typedef struct {
  IpmWord *v;
  guint n;
  guint cap;
  GString *arena;     /* the words' texts, NUL-separated; reused per line */
} IpmWords;

IpmWords *ipm_words_new (void);
void ipm_words_free (IpmWords *words);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmWords, ipm_words_free)
void ipm_words_clear (IpmWords *words);

/* Splits TEXT[0..LEN) starting at byte offset START into WORDS (cleared
 * first).  Problems (unterminated quote) go to DIAGS against LINE; returns
 * FALSE then.  The iptables-restore limits are not checked here. */
gboolean ipm_lex_words (const IpmLine *line, gsize start, IpmWords *words,
                        IpmDiags *diags);

/* Appends WORD to OUT quoted the way xtables_save_string() prints it: bare
 * when non-empty and made of [A-Za-z0-9_-], else in double quotes with
 * '"', '\\' and '\'' escaped. */
void ipm_quote_save (GString *out, const char *word);

/* Appends WORD to OUT with the least quoting that re-lexes to the same word. */
void ipm_quote_min (GString *out, const char *word);

#endif
