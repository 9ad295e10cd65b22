/* canon-fast: a cache of canon.c's verdicts, by rule shape (canon-fast.h).
 *
 * canon.c is the one judge.  The first rule of a shape is judged there
 * whole (ipm_canon_judge_spec), which also tells which of its words are
 * values (slots: an address, an interface, an option's arguments, the
 * chain jumped to) and where each was printed.  When its canonical text is
 * the line's bytes but for those values, each printed in its place, the
 * rule is taken and remembered as a shape: its other words verbatim and
 * its slots.  A later rule with the same other words in the same context
 * (family, table, built-in chain) is parsed by canon.c the same way, so
 * only its values are asked about, each again of canon.c
 * (ipm_canon_slot_value, with canon-value.c's normalizers): printed as
 * written, printed otherwise in its place (the rule's text is then the
 * spec with that value respelled, e.g. the probabilities kube-proxy
 * writes unrounded), or anything else, and then canon.c judges the rule
 * whole again.  Nothing is decided here; the words are split only for
 * the spellings a canonical text has, and compared byte for byte.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef IPM_SSE2
#include <emmintrin.h>
#endif

#include "canon.h"
#include "canon-fast.h"
#include "lexer.h"
#include "strbuf.h"

/* A word of the spec: its bytes in the line, quotes included.  Its text,
 * NUL-terminated, is copied to IpmFastScratch.texts when first asked for
 * (ipm_fast_text): a rule of a known shape needs only some values'. */
typedef struct {
  const char *at;
  guint len;
  gboolean quoted;          /* "TEXT": the text is at + 1, len - 2 bytes */
  gboolean copied;          /* the text is in IpmFastScratch.texts */
} IpmFastWord;

/* Words FIRST .. LAST of the rule are printed as RESPELLINGS[OFF .. OFF +
 * LEN). */
typedef struct {
  guint first;
  guint last;
  gsize off;
  gsize len;
} IpmFastRespell;

/* A run of structural words, I .. LAST, and their bytes. */
typedef struct {
  guint first;
  guint last;
  char *bytes;
  gsize len;
} IpmFastRun;

/* A rule canon.c took, without its values: any rule of the same context
 * whose words outside the slots are these is parsed the same way, and
 * taken where canon.c takes each of its values. */
typedef struct {
  guint key;                /* ipm_fast_key */
  guint n;                  /* words */
  IpmFamily family;
  char *table;              /* or NULL */
  char *chain;              /* or NULL */
  IpmFastRun *runs;
  guint n_runs;
  IpmCanonSlot *slots;
  guint n_slots;
  /* the result */
  gint target_word;         /* -1: no target */
  gboolean is_goto;
  gboolean target_is_chain;
  gboolean unconditional;
} IpmFastShape;

/* Shapes by key: open addressing over a few probes, a shape that finds no
 * place replaces the first it probed, and a rule longer than
 * IPM_FAST_SHAPE_BYTES is not remembered (the table stays small whatever
 * the input: at most about 4 MB). */
#define IPM_FAST_SHAPES 1024
#define IPM_FAST_PROBES 8
#define IPM_FAST_SHAPE_BYTES 4096

/* The calling thread's buffers, kept between rules. */
typedef struct {
  IpmFastWord *words;
  gsize words_cap;
  const char *spec;         /* the spec split into words */
  char *texts;              /* the words' texts asked for, each at its
                               place in the spec, NUL-terminated where it
                               ends */
  gsize texts_cap;
  GString *value;           /* what canon.c prints for a value */
  GArray *respelled;        /* IpmFastRespell: values printed otherwise */
  GString *respellings;     /* their printed texts, one after the other */
  GString *text;            /* the rule's text with them in place */
  IpmFastShape *shapes[IPM_FAST_SHAPES];
  const IpmFastShape *recent[4];   /* found last, most recent first */
} IpmFastScratch;

typedef struct {
  IpmFastWord *w;
  guint n;
  IpmFastScratch *scratch;
  IpmFamily family;
  const char *table;
  const char *chain;
} IpmFast;

static void
ipm_fast_shape_free (IpmFastShape *shape)
{
  if (shape == NULL)
    return;
  for (guint r = 0; r < shape->n_runs; r++)
    g_free (shape->runs[r].bytes);
  g_free (shape->runs);
  g_free (shape->slots);
  g_free (shape->table);
  g_free (shape->chain);
  g_free (shape);
}

static void
ipm_fast_scratch_free (gpointer data)
{
  IpmFastScratch *scratch = data;

  g_free (scratch->words);
  g_free (scratch->texts);
  g_string_free (scratch->value, TRUE);
  g_array_unref (scratch->respelled);
  g_string_free (scratch->respellings, TRUE);
  g_string_free (scratch->text, TRUE);
  for (guint k = 0; k < IPM_FAST_SHAPES; k++)
    ipm_fast_shape_free (scratch->shapes[k]);
  g_free (scratch);
}

static GPrivate ipm_fast_private = G_PRIVATE_INIT (ipm_fast_scratch_free);

/* The thread's scratch without a g_private_get per rule; the GPrivate
 * still owns it (and frees it when the thread ends). */
static _Thread_local IpmFastScratch *ipm_fast_scratch_mine;

static IpmFastScratch *
ipm_fast_scratch_get (void)
{
  IpmFastScratch *scratch = ipm_fast_scratch_mine;

  if (scratch != NULL)
    return scratch;
  scratch = g_private_get (&ipm_fast_private);
  if (scratch == NULL)
    {
      scratch = g_new0 (IpmFastScratch, 1);
      scratch->value = g_string_sized_new (256);
      scratch->respelled = g_array_new (FALSE, FALSE, sizeof (IpmFastRespell));
      scratch->respellings = g_string_new (NULL);
      scratch->text = g_string_new (NULL);
      g_private_set (&ipm_fast_private, scratch);
    }
  ipm_fast_scratch_mine = scratch;
  return scratch;
}

/* Bit K of *SPACES is set when byte K of the sixteen at S is a space, of
 * *SPECIALS when it is a double quote, a tab or a backslash: the bytes
 * that end or complicate a word. */
static inline void
ipm_fast_stops (const char *s, guint32 *spaces, guint32 *specials)
{
#ifdef IPM_SSE2
  __m128i v = _mm_loadu_si128 ((const __m128i *) s);

  *spaces = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (' ')));
  *specials = (guint32) _mm_movemask_epi8 (
    _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"')),
                  _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\t')),
                                _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\\')))));
#else
  *spaces = *specials = 0;
  for (guint k = 0; k < 16; k++)
    {
      if (s[k] == ' ')
        *spaces |= 1u << k;
      else if (s[k] == '"' || s[k] == '\t' || s[k] == '\\')
        *specials |= 1u << k;
    }
#endif
}

/* Where the split is: the words so far. */
typedef struct {
  IpmFastWord *words;
  guint n;
} IpmFastSplit;

/* Adds the word SPEC[START..AT), QUOTED or not, to SPLIT. */
static inline void
ipm_fast_add_word (IpmFastSplit *split, const char *spec, gsize start,
                   gsize at, gboolean quoted)
{
  IpmFastWord *word = &split->words[split->n++];

  word->at = spec + start;
  word->len = at - start;
  word->quoted = quoted;
  word->copied = FALSE;
}

/* Splits SPEC into words the way the lexer would, for the spellings a
 * canonical text has: words one space apart, each bare or wholly in
 * double quotes, without tabs or backslashes.  FALSE for anything else
 * (runs of blanks, quotes inside a word, escapes, an empty word): canon.c
 * would print such a line differently, or the lexer should judge it.  One
 * pass, sixteen bytes at a time: only the bytes that matter stop it, and
 * a block with spaces alone outside quotes takes a shorter way. */
static gboolean
ipm_fast_split (const char *spec, gsize len, IpmFastScratch *scratch,
                guint *n_words)
{
  gsize start = 0;            /* where the current word starts */
  gboolean in_quote = FALSE;
  gboolean closed = FALSE;    /* the word was a quoted one, now closed */
  gboolean long_spec = len > IPM_MAX_WORD_BYTES;   /* a word may be too */
  IpmFastSplit split = { NULL, 0 };

  /* at most one word per two bytes */
  if (len / 2 + 1 > scratch->words_cap)
    {
      scratch->words_cap = MAX (len / 2 + 1, 2 * scratch->words_cap);
      scratch->words = g_renew (IpmFastWord, scratch->words,
                                scratch->words_cap);
    }
  if (len + 1 > scratch->texts_cap)
    {
      scratch->texts_cap = MAX (len + 1, 2 * scratch->texts_cap);
      scratch->texts = g_realloc (scratch->texts, scratch->texts_cap);
    }
  scratch->spec = spec;
  split.words = scratch->words;
  *n_words = 0;
  if (len == 0)
    return TRUE;
  for (gsize i = 0; i <= len; i += 16)
    {
      guint32 spaces, specials, stops;

      /* the end of the spec acts as a space */
      if (i + 16 <= len)
        ipm_fast_stops (spec + i, &spaces, &specials);
      else if (len >= 16)
        {
          /* the last sixteen bytes, shifted to start at I: a copy to pad
           * would be read back before its stores settle (a stall on every
           * rule) */
          gsize rest = len - i;

          ipm_fast_stops (spec + len - 16, &spaces, &specials);
          spaces = rest > 0 ? spaces >> (16 - rest) : 0;
          specials = rest > 0 ? specials >> (16 - rest) : 0;
          spaces |= 1u << rest;
        }
      else
        {
          /* padded with 'a', which stops nothing */
          char tail[16];

          memset (tail, 'a', sizeof tail);
          memcpy (tail, spec + i, len - i);
          tail[len - i] = ' ';
          ipm_fast_stops (tail, &spaces, &specials);
        }
      if (specials == 0 && !in_quote && !closed)
        {
          /* spaces alone: each ends a bare word, which is not empty */
          for (; spaces != 0; spaces &= spaces - 1)
            {
              gsize at = i + __builtin_ctz (spaces);

              if (at == start
                  || (long_spec && at - start > IPM_MAX_WORD_BYTES))
                return FALSE;
              ipm_fast_add_word (&split, spec, start, at, FALSE);
              start = at + 1;
            }
          continue;
        }
      for (stops = spaces | specials; stops != 0; stops &= stops - 1)
        {
          gsize at = i + __builtin_ctz (stops);
          char c = at < len ? spec[at] : ' ';

          if (c == '\t' || c == '\\')
            return FALSE;
          if (in_quote)
            {
              if (c != '"')
                continue;
              /* "" is an empty word */
              if (at == start + 1)
                return FALSE;
              in_quote = FALSE;
              closed = TRUE;
              continue;
            }
          if (c == '"')
            {
              /* a quote opens a word, and nowhere else */
              if (at != start || closed)
                return FALSE;
              in_quote = TRUE;
              continue;
            }
          /* a space (or the end) ends the word; the word is not empty,
           * and a closing quote is its last byte */
          if (at == start || (closed && spec[at - 1] != '"'))
            return FALSE;
          if (long_spec && at - start - (closed ? 2 : 0) > IPM_MAX_WORD_BYTES)
            return FALSE;
          ipm_fast_add_word (&split, spec, start, at, closed);
          closed = FALSE;
          start = at + 1;
        }
    }
  if (in_quote)
    return FALSE;
  *n_words = split.n;
  /* "-A CHAIN" are words too */
  return split.n + 2 <= IPM_MAX_WORDS;
}

/* The text of word I, NUL-terminated (valid until the next split). */
static const char *
ipm_fast_text (const IpmFast *f, guint i)
{
  IpmFastWord *w = &f->w[i];
  char *text = f->scratch->texts + (w->at - f->scratch->spec)
    + (w->quoted ? 1 : 0);

  if (!w->copied)
    {
      gsize len = w->len - (w->quoted ? 2 : 0);

      memcpy (text, w->at + (w->quoted ? 1 : 0), len);
      text[len] = '\0';
      w->copied = TRUE;
    }
  return text;
}

/* The bytes of words I .. I + N - 1 (one space apart) are TEXT[0..LEN). */
static gboolean
ipm_fast_words_are (const IpmFast *f, guint i, guint n, const char *text,
                    gsize len)
{
  const char *from = f->w[i].at;
  const char *to = f->w[i + n - 1].at + f->w[i + n - 1].len;

  return (gsize) (to - from) == len && memcmp (from, text, len) == 0;
}


/* Asks canon.c about the value of SLOT in F's rule: TRUE when printed in
 * its place (as written, or respelled: kept in the scratch). */
static gboolean
ipm_fast_slot_ok (IpmFast *f, const IpmCanonSlot *slot)
{
  IpmFastScratch *scratch = f->scratch;
  const IpmFastWord *first = &f->w[slot->word];
  const IpmFastWord *last = &f->w[slot->word + slot->nargs - 1];
  const char *raw = first->at;
  gsize raw_len = last->at + last->len - raw;
  IpmCanonVerdict verdict = IPM_CANON_VALUE_NEEDS_TEXT;
  IpmFastRespell respell;

  /* first without copying the text out: most values are known as they
   * stand */
  if (slot->nargs == 1 && !slot->wants_text)
    verdict = ipm_canon_slot_value (slot, f->family, NULL, raw, raw_len,
                                    scratch->value);
  if (verdict == IPM_CANON_VALUE_NEEDS_TEXT)
    {
      const char *args[2] = { NULL, NULL };

      for (guint k = 0; k < slot->nargs && k < G_N_ELEMENTS (args); k++)
        args[k] = ipm_fast_text (f, slot->word + k);
      verdict = ipm_canon_slot_value (slot, f->family, args, raw, raw_len,
                                      scratch->value);
    }
  switch (verdict)
    {
    case IPM_CANON_VALUE_AS_WRITTEN:
      return TRUE;
    case IPM_CANON_VALUE_RESPELLED:
      respell.first = slot->word;
      respell.last = slot->word + slot->nargs - 1;
      respell.off = scratch->respellings->len;
      respell.len = scratch->value->len;
      g_string_append_len (scratch->respellings, scratch->value->str,
                           scratch->value->len);
      g_array_append_val (scratch->respelled, respell);
      return TRUE;
    default:
      return FALSE;
    }
}

/* The context of the rule in F (family, table, chain) as a hash, so that
 * the shapes of the built-in chains do not crowd each other's place.
 * The last context is kept by its pointers: a reused pointer can only
 * spoil where a shape is looked for, not whether it is taken. */
static guint64
ipm_fast_context_hash (const IpmFast *f)
{
  static _Thread_local const char *table, *chain;
  static _Thread_local IpmFamily family;
  static _Thread_local guint64 hash;

  if (f->table != table || f->chain != chain || f->family != family
      || hash == 0)
    {
      table = f->table;
      chain = f->chain;
      family = f->family;
      hash = ((guint64) (table != NULL ? ipm_text_hash (table, strlen (table)) : 1) << 32
              | (chain != NULL ? ipm_text_hash (chain, strlen (chain)) : 2))
        ^ (guint64) family << 16;
      hash |= 1;
    }
  return hash;
}

/* Where a shape is looked for: a hash of the words structural by their
 * spelling (options, "!", the words after -m and -p) in the rule's
 * context.  Values spelled like options only make more shapes; which
 * words are compared verbatim is the shape's to say. */
static guint
ipm_fast_key (const IpmFast *f)
{
  guint64 h = f->n ^ ipm_fast_context_hash (f);
  gboolean keep_next = FALSE;

  for (guint j = 0; j < f->n; j++)
    {
      const IpmFastWord *w = &f->w[j];

      if (keep_next || w->at[0] == '-' || w->at[0] == '!')
        {
          guint64 x = (guint64) w->len << 24
            | (guint64) (guchar) w->at[w->len - 1] << 16
            | (guint64) (guchar) w->at[w->len > 1 ? 1 : 0] << 8
            | (guchar) w->at[0];

          h = (h ^ x ^ (guint64) j << 32)
            * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
        }
      keep_next = w->len == 2 && w->at[0] == '-'
        && (w->at[1] == 'm' || w->at[1] == 'p');
    }
  return (guint) (h >> 32);
}

/* A and B (or NULL) are the same name: short ones, compared here. */
static inline gboolean
ipm_fast_same_name (const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  while (*a != '\0' && *a == *b)
    a++, b++;
  return *a == *b;
}

/* F's rule has SHAPE's words outside the slots in SHAPE's context
 * (family, table, chain). */
static gboolean
ipm_fast_shape_fits (const IpmFast *f, const IpmFastShape *shape)
{
  if (shape->n != f->n || shape->family != f->family
      || !ipm_fast_same_name (shape->table, f->table)
      || !ipm_fast_same_name (shape->chain, f->chain))
    return FALSE;
  for (guint r = 0; r < shape->n_runs; r++)
    {
      const IpmFastRun *run = &shape->runs[r];

      if (!ipm_fast_words_are (f, run->first, run->last - run->first + 1,
                               run->bytes, run->len))
        return FALSE;
    }
  return TRUE;
}

/* F's rule fits SHAPE and canon.c prints each of its values in place:
 * RESULT is the rule's. */
static gboolean
ipm_fast_shape_takes (IpmFast *f, const IpmFastShape *shape,
                      IpmCanonFast *result)
{
  IpmFastScratch *scratch = f->scratch;

  if (!ipm_fast_shape_fits (f, shape))
    return FALSE;
  g_array_set_size (scratch->respelled, 0);
  g_string_truncate (scratch->respellings, 0);
  for (guint k = 0; k < shape->n_slots; k++)
    if (!ipm_fast_slot_ok (f, &shape->slots[k]))
      return FALSE;
  result->target = shape->target_word >= 0
    ? ipm_fast_text (f, shape->target_word) : NULL;
  result->is_goto = shape->is_goto;
  result->target_is_chain = shape->target_is_chain;
  result->unconditional = shape->unconditional;
  return TRUE;
}

/* A shape that takes F's rule, or NULL: one of those found last first
 * (the rules of a chain take turns between a few), then by its key.  Two
 * shapes may fit one rule (a value slot in one, the same word verbatim
 * in another, as "-j KUBE-MARK-MASQ" and "-j MASQUERADE"): the first
 * that takes it is used. */
static const IpmFastShape *
ipm_fast_shape_find (IpmFast *f, IpmCanonFast *result)
{
  IpmFastScratch *scratch = f->scratch;
  const IpmFastShape *shape = NULL;
  guint at = G_N_ELEMENTS (scratch->recent) - 1;

  for (guint k = 0; k < G_N_ELEMENTS (scratch->recent); k++)
    if (scratch->recent[k] != NULL
        && ipm_fast_shape_takes (f, scratch->recent[k], result))
      {
        shape = scratch->recent[k];
        at = k;
        break;
      }
  if (shape == NULL)
    {
      guint key = ipm_fast_key (f);

      for (guint p = 0; p < IPM_FAST_PROBES && shape == NULL; p++)
        {
          const IpmFastShape *candidate =
            scratch->shapes[(key + p) & (IPM_FAST_SHAPES - 1)];
          gboolean recent = FALSE;

          if (candidate == NULL)
            break;
          for (guint k = 0; k < G_N_ELEMENTS (scratch->recent); k++)
            recent |= scratch->recent[k] == candidate;
          if (candidate->key == key && !recent
              && ipm_fast_shape_takes (f, candidate, result))
            shape = candidate;
        }
      if (shape == NULL)
        return NULL;
    }
  /* to the front */
  memmove (scratch->recent + 1, scratch->recent, at * sizeof scratch->recent[0]);
  scratch->recent[0] = shape;
  return shape;
}

/* canon.c's text JUDGED is F's spec but for its slots, each printed in
 * its place: outside them, the same bytes in the same order. */
static gboolean
ipm_fast_judged_in_place (const IpmFast *f, const IpmCanonJudged *judged)
{
  const char *spec = f->scratch->spec;
  const char *spec_end = f->w[f->n - 1].at + f->w[f->n - 1].len;
  const char *from = spec;
  gsize out = 0;
  guint next_word = 0;

  if (judged->n_words != f->n)
    return FALSE;
  for (guint k = 0; k < judged->n_slots; k++)
    {
      const IpmCanonSlot *slot = &judged->slots[k];
      const char *at;

      if (slot->word < next_word || slot->nargs == 0
          || slot->word + slot->nargs > f->n || slot->at < out
          || slot->at + slot->len > judged->text_len)
        return FALSE;
      at = f->w[slot->word].at;
      if ((gsize) (at - from) != slot->at - out
          || memcmp (from, judged->text + out, slot->at - out) != 0)
        return FALSE;
      next_word = slot->word + slot->nargs;
      from = f->w[next_word - 1].at + f->w[next_word - 1].len;
      out = slot->at + slot->len;
    }
  return (gsize) (spec_end - from) == judged->text_len - out
    && memcmp (from, judged->text + out, spec_end - from) == 0;
}

/* Remembers the shape of F's rule, which canon.c took as JUDGED. */
static void
ipm_fast_shape_add (const IpmFast *f, const IpmCanonJudged *judged)
{
  IpmFastScratch *scratch = f->scratch;
  IpmFastShape *shape;
  g_autofree gboolean *value = NULL;
  GArray *runs;
  IpmFastShape **place = NULL;
  guint key;

  if ((gsize) (f->w[f->n - 1].at + f->w[f->n - 1].len - f->w[0].at)
      > IPM_FAST_SHAPE_BYTES)
    return;
  shape = g_new0 (IpmFastShape, 1);
  value = g_new0 (gboolean, f->n);
  runs = g_array_new (FALSE, FALSE, sizeof (IpmFastRun));

  for (guint k = 0; k < judged->n_slots; k++)
    for (guint j = 0; j < judged->slots[k].nargs; j++)
      value[judged->slots[k].word + j] = TRUE;
  for (guint j = 0; j < f->n;)
    {
      IpmFastRun run;

      if (value[j])
        {
          j++;
          continue;
        }
      run.first = j;
      while (j + 1 < f->n && !value[j + 1])
        j++;
      run.last = j++;
      run.len = f->w[run.last].at + f->w[run.last].len - f->w[run.first].at;
      run.bytes = g_memdup2 (f->w[run.first].at, run.len);
      g_array_append_val (runs, run);
    }
  shape->key = key = ipm_fast_key (f);
  shape->n = f->n;
  shape->family = f->family;
  shape->table = g_strdup (f->table);
  shape->chain = g_strdup (f->chain);
  shape->n_runs = runs->len;
  shape->runs = (IpmFastRun *) g_array_free (runs, FALSE);
  shape->n_slots = judged->n_slots;
  shape->slots = g_memdup2 (judged->slots,
                            judged->n_slots * sizeof (IpmCanonSlot));
  shape->target_word = judged->target_word;
  shape->is_goto = judged->is_goto;
  shape->target_is_chain = judged->target_is_chain;
  shape->unconditional = judged->unconditional;
  for (guint p = 0; p < IPM_FAST_PROBES && place == NULL; p++)
    if (scratch->shapes[(key + p) & (IPM_FAST_SHAPES - 1)] == NULL)
      place = &scratch->shapes[(key + p) & (IPM_FAST_SHAPES - 1)];
  if (place == NULL)
    {
      place = &scratch->shapes[key & (IPM_FAST_SHAPES - 1)];
      for (guint k = 0; k < G_N_ELEMENTS (scratch->recent); k++)
        if (scratch->recent[k] == *place)
          scratch->recent[k] = NULL;
      ipm_fast_shape_free (*place);
    }
  *place = shape;
}

void
ipm_canon_fast_forget_shapes (void)
{
  IpmFastScratch *scratch = ipm_fast_scratch_get ();

  for (guint k = 0; k < IPM_FAST_SHAPES; k++)
    g_clear_pointer (&scratch->shapes[k], ipm_fast_shape_free);
  memset (scratch->recent, 0, sizeof scratch->recent);
}

/* RESULT->text: the spec with the respelled values in place. */
static void
ipm_fast_respelled_text (const IpmFast *f, IpmCanonFast *result)
{
  IpmFastScratch *scratch = f->scratch;
  GString *text = scratch->text;
  const char *from = scratch->spec;

  g_string_truncate (text, 0);
  for (guint k = 0; k < scratch->respelled->len; k++)
    {
      const IpmFastRespell *r = &g_array_index (scratch->respelled,
                                                IpmFastRespell, k);

      g_string_append_len (text, from, f->w[r->first].at - from);
      g_string_append_len (text, scratch->respellings->str + r->off, r->len);
      from = f->w[r->last].at + f->w[r->last].len;
    }
  g_string_append_len (text, from, scratch->spec + result->text_len - from);
  result->text = text->str;
  result->text_len = text->len;
}

/* The rule of F judged by canon.c whole: taken (and its shape kept) when
 * its text is the spec but for values printed in their place. */
static gboolean
ipm_fast_judge (IpmFast *f, const char *spec, gsize len,
                IpmCanonFast *result)
{
  IpmFastScratch *scratch = f->scratch;
  IpmCanonJudged judged;

  ipm_canon_judge_spec (spec, len, f->family, f->table, f->chain, &judged);
  if (!judged.accepted)
    return FALSE;
  if (f->n == 0)
    {
      if (judged.text_len != 0)
        return FALSE;
    }
  else
    {
      if (!ipm_fast_judged_in_place (f, &judged))
        return FALSE;
      ipm_fast_shape_add (f, &judged);
    }
  if (judged.text_len != len || memcmp (judged.text, spec, len) != 0)
    {
      g_string_truncate (scratch->text, 0);
      g_string_append_len (scratch->text, judged.text, judged.text_len);
      result->text = scratch->text->str;
      result->text_len = scratch->text->len;
    }
  result->target = judged.target_word >= 0
    ? ipm_fast_text (f, judged.target_word) : NULL;
  result->is_goto = judged.is_goto;
  result->target_is_chain = judged.target_is_chain;
  result->unconditional = judged.unconditional;
  return TRUE;
}

gboolean
ipm_canon_fast (const char *spec, gsize len, IpmFamily family,
                const char *table, const char *chain, IpmCanonFast *result)
{
  IpmFastScratch *scratch = ipm_fast_scratch_get ();
  IpmFast f;
  guint n;

  if (!ipm_fast_split (spec, len, scratch, &n))
    return FALSE;
  f.w = scratch->words;
  f.n = n;
  f.scratch = scratch;
  f.family = family;
  f.table = table;
  f.chain = chain;
  result->text = spec;
  result->text_len = len;
  if (n > 0 && ipm_fast_shape_find (&f, result) != NULL)
    {
      if (scratch->respelled->len > 0)
        ipm_fast_respelled_text (&f, result);
      return TRUE;
    }
  return ipm_fast_judge (&f, spec, len, result);
}

/* ---- the way in: the cache first, canon.c to check it ---- */

typedef enum {
  IPM_CANON_FAST_ON,
  IPM_CANON_FAST_OFF,       /* IPM_CANON_FAST=0: canon.c alone (timing) */
  IPM_CANON_FAST_CHECK,     /* IPM_CANON_CHECK=1: both, abort on a mismatch */
} IpmCanonFastMode;

static IpmCanonFastMode
ipm_canon_fast_mode (void)
{
  static gsize once = 0;
  static IpmCanonFastMode mode;

  if (g_once_init_enter (&once))
    {
      const char *check = g_getenv ("IPM_CANON_CHECK");
      const char *fast = g_getenv ("IPM_CANON_FAST");

      if (check != NULL && strcmp (check, "1") == 0)
        mode = IPM_CANON_FAST_CHECK;
      else if (fast != NULL && strcmp (fast, "0") == 0)
        mode = IPM_CANON_FAST_OFF;
      else
        mode = IPM_CANON_FAST_ON;
      g_once_init_leave (&once, 1);
    }
  return mode;
}

gboolean
ipm_canon_fast_checking (void)
{
  return ipm_canon_fast_mode () == IPM_CANON_FAST_CHECK;
}

gboolean
ipm_canon_fast_line (const IpmLine *line, gsize start, gsize spec_at,
                           const char *builtin, IpmFamily family,
                           const char *table, IpmCanonFast *fast)
{
  IpmCanonFastMode mode = ipm_canon_fast_mode ();

  if (mode == IPM_CANON_FAST_OFF
      || !ipm_canon_fast (line->text + spec_at, line->len - spec_at,
                          family == IPM_FAMILY_IPV6 ? IPM_FAMILY_IPV6
                          : IPM_FAMILY_IPV4, table, builtin, fast))
    return FALSE;
  if (mode == IPM_CANON_FAST_CHECK)
    {
      g_autoptr(IpmRule) taken = ipm_canon_fast_rule (fast, family);

      ipm_canon_verify_taken (line, start, family, table, taken);
    }
  return TRUE;
}

IpmRule *
ipm_canon_fast_rule (const IpmCanonFast *fast, IpmFamily family)
{
  IpmRule *rule = ipm_rule_new_full (fast->text, fast->text_len, fast->target);

  rule->is_goto = fast->is_goto;
  rule->target_is_chain = fast->target_is_chain;
  rule->unconditional = fast->unconditional;
  rule->family = family;
  return rule;
}

void
ipm_canon_fast_span_rules (const IpmSpan *span, const char *chain, gsize chain_len,
                      GPtrArray *rules)
{
  const char *builtin = ipm_canon_builtin_chain (span->table, chain);
  const char *at = span->text, *end = span->text + span->len;
  guint lineno = span->lineno;

  /* each line was taken as written by ipm_canon_fast with these same
   * arguments (the parser's), which decides a spec the same way every
   * time: it can only agree again */
  for (; at < end; at++, lineno++)
    {
      const char *nl = memchr (at, '\n', end - at);
      gsize len = nl != NULL ? (gsize) (nl - at) : 0, spec_at;
      IpmCanonFast fast;
      IpmRule *rule;

      if (nl == NULL || len < 3 + chain_len
          || memcmp (at + 3, chain, chain_len) != 0)
        g_error ("%s:%u: a chain's span of lines lost its shape",
                 span->file, lineno);
      spec_at = 3 + chain_len + (len > 3 + chain_len ? 1 : 0);
      if (!ipm_canon_fast (at + spec_at, len - spec_at,
                           span->family == IPM_FAMILY_IPV6 ? IPM_FAMILY_IPV6
                           : IPM_FAMILY_IPV4, span->table, builtin, &fast)
          || fast.text != at + spec_at)
        g_error ("%s:%u: a rule taken as written is not any more",
                 span->file, lineno);
      rule = ipm_canon_fast_rule (&fast, span->family);
      rule->loc.file = span->file;
      rule->loc.lineno = lineno;
      g_ptr_array_add (rules, rule);
      at = nl;
    }
}
