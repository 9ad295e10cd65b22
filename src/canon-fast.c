/* canon-fast: rules checked in place on their line (canon-fast.h).
 *
 * Every test below mirrors a place where canon.c would reorder, add, drop,
 * warn or refuse; when one fails the rule is declined, never guessed.  The
 * tests read the words' texts, as canon.c does; each piece canon.c would
 * print is then compared with the bytes the line has there.
 *
 * The tests are of two kinds.  Most read only the rule's structure: the
 * option and module names, "!", the protocol, a target module's name, the
 * number of words, the table, the chain and the family.  The others read
 * a value (an address, an interface, an option's argument, a chain to jump
 * to): each such value is a slot, and ipm_fast_slot_ok is all that is
 * tested of it.  A rule that passed is remembered as a shape: its
 * structural words verbatim and its slots.  A later rule with the same
 * structural words in the same context passes the same structural tests,
 * so only its slots are tested: kube-proxy writes hundreds of thousands
 * of rules in a handful of shapes that differ only in values.  A value
 * the save prints otherwise as one bare word in its place (a probability
 * kube-proxy writes unrounded) is respelled rather than declined: the
 * rule's text is then the spec with that word replaced.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef IPM_SSE2
#include <emmintrin.h>
#endif

#include "canon.h"
#include "canon-fast.h"
#include "canon-value.h"
#include "grammar.h"
#include "lexer.h"
#include "strbuf.h"

/* The most options of one module instance this path tracks; a module with
 * more given is declined. */
#define IPM_FAST_MAX_OPTS 16

/* A word of the spec: its bytes in the line, quotes included.  Its text,
 * NUL-terminated, is copied to IpmFastScratch.texts when first asked for
 * (ipm_fast_text): a rule of a known shape needs only its values'. */
typedef struct {
  const char *at;
  guint len;
  gboolean quoted;          /* "TEXT": the text is at + 1, len - 2 bytes */
  gboolean copied;          /* the text is in IpmFastScratch.texts */
} IpmFastWord;

/* A value of the rule and what its tests need to know. */
typedef enum {
  IPM_FAST_SLOT_ADDRESS,    /* the word after -s or -d */
  IPM_FAST_SLOT_INTERFACE,  /* the word after -i or -o */
  IPM_FAST_SLOT_OPTION,     /* the NARGS words after an option */
  IPM_FAST_SLOT_CHAIN,      /* the chain after -j or -g */
} IpmFastSlotKind;

typedef struct {
  IpmFastSlotKind kind;
  guint word;               /* the value's first word */
  gboolean neg;             /* OPTION: given with "!" */
  gboolean is_goto;         /* CHAIN: after -g */
  gboolean string;          /* OPTION: one word printed as a string */
  const IpmGrammarOpt *opt;         /* OPTION */
  const IpmGrammarModule *module;   /* OPTION: the match or target */
} IpmFastSlot;

/* Word WORD of the rule is printed as RESPELLINGS[OFF .. OFF + LEN). */
typedef struct {
  guint word;
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

/* A rule that passed, without its values: any rule of the same context
 * whose words outside the slots are these passes where its slots do. */
typedef struct {
  guint key;                /* ipm_fast_key */
  guint n;                  /* words */
  IpmFamily family;
  char *table;              /* or NULL */
  char *chain;              /* or NULL */
  IpmFastRun *runs;
  guint n_runs;
  IpmFastSlot *slots;
  guint n_slots;
  /* -p, as the structural tests left it */
  gboolean has_proto;
  gboolean proto_neg;
  guint proto_num;
  char *proto_name;
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
  GString *value;           /* what canon.c would print for a value */
  GString *proto_name;
  GArray *slots;            /* IpmFastSlot: the rule being checked */
  GArray *respelled;        /* IpmFastRespell: its values printed otherwise */
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
  /* -p, when given */
  gboolean has_proto;
  gboolean proto_neg;
  guint proto_num;
  GString *proto_name;      /* the base part's -p, as printed */
  const char *proto;        /* that name: proto_name's or a shape's */
  /* matches seen so far: a module loaded twice is declined (its options
   * would resolve to the first load, and nft merges some) */
  const IpmGrammarModule *loaded[IPM_FAST_MAX_OPTS];
  guint n_loaded;
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
  g_free (shape->proto_name);
  g_free (shape);
}

static void
ipm_fast_scratch_free (gpointer data)
{
  IpmFastScratch *scratch = data;

  g_free (scratch->words);
  g_free (scratch->texts);
  g_string_free (scratch->value, TRUE);
  g_string_free (scratch->proto_name, TRUE);
  g_array_unref (scratch->slots);
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
      scratch->proto_name = g_string_sized_new (16);
      scratch->slots = g_array_new (FALSE, FALSE, sizeof (IpmFastSlot));
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

/* Word I is the two-byte option "-C". */
static gboolean
ipm_fast_is_short (const IpmFast *f, guint i, char c)
{
  return f->w[i].len == 2 && f->w[i].at[0] == '-' && f->w[i].at[1] == c;
}

/* The text of word I is "!": negation for canon.c, however quoted. */
static inline gboolean
ipm_fast_is_bang (const IpmFast *f, guint i)
{
  const IpmFastWord *w = &f->w[i];

  return w->quoted ? w->len == 3 && w->at[1] == '!'
    : w->len == 1 && w->at[0] == '!';
}

/* The length of word I's text. */
static inline gsize
ipm_fast_text_len (const IpmFast *f, guint i)
{
  return f->w[i].len - (f->w[i].quoted ? 2 : 0);
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

/* The protocol has ports (as canon.c's ipm_canon_proto_has_ports). */
static gboolean
ipm_fast_proto_has_ports (const IpmFast *f)
{
  return f->has_proto && !f->proto_neg
    && ipm_canon_value_proto_has_ports (f->proto_num);
}

/* Where the module may be used, and the protocol it needs. */
static gboolean
ipm_fast_module_ok (const IpmFast *f, const IpmGrammarModule *m)
{
  if (m->flags & IPM_MODULE_OPAQUE)
    return FALSE;
  if (m->family != 0 && m->family != (guint) f->family)
    return FALSE;
  if (m->tables != NULL && f->table != NULL
      && !ipm_grammar_list_has (m->tables, f->table))
    return FALSE;
  if (m->chains != NULL && f->chain != NULL
      && !ipm_grammar_list_has (m->chains, f->chain))
    return FALSE;
  if (m->proto != NULL
      && (!f->has_proto || f->proto_neg || strcmp (f->proto_name->str, m->proto) != 0))
    return FALSE;
  switch ((IpmHook) m->hook)
    {
    case IPM_HOOK_NONE:
    case IPM_HOOK_STATISTIC:    /* checked after the options */
    case IPM_HOOK_REJECT:       /* checked after the options */
    case IPM_HOOK_NFT_MERGE:    /* merges only several loads of the module */
      return TRUE;
    case IPM_HOOK_NEED_PORTS:
      return ipm_fast_proto_has_ports (f);
    default:
      return FALSE;
    }
}

/* G, or another option of its group, is among GIVEN.  Options printed
 * alike share their order and no others do (the grammar suite checks it),
 * so the order stands for the printed name. */
static gboolean
ipm_fast_given (const IpmGrammarOpt *const *given, guint n_given,
                const IpmGrammarOpt *g)
{
  for (guint k = 0; k < n_given; k++)
    if (g->group != 0 ? given[k]->group == g->group
        : given[k]->order == g->order)
      return TRUE;
  return FALSE;
}

static gboolean
ipm_fast_module_shadowed (const IpmGrammarModule *mods, guint n)
{
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < mods[i].n_opts; k++)
      if (ipm_canon_base_option (mods[i].opts[k].name))
        return TRUE;
  return FALSE;
}

/* TRUE when an option of some module has the name of one of iptables' own
 * options, which getopt would take instead: only then is each option
 * checked against them.  Decided once. */
static gboolean
ipm_fast_any_shadowed (void)
{
  static gsize once = 0;
  static gboolean shadowed;

  if (g_once_init_enter (&once))
    {
      const IpmGrammarModule *mods;
      guint n;

      mods = ipm_grammar_matches (&n);
      shadowed = ipm_fast_module_shadowed (mods, n);
      mods = ipm_grammar_targets (&n);
      shadowed |= ipm_fast_module_shadowed (mods, n);
      g_once_init_leave (&once, 1);
    }
  return shadowed;
}

/* Options found by name recently, by module and name: a dump repeats a
 * few options millions of times, and a compare is cheaper than a binary
 * search of strcmp calls. */
typedef struct {
  const IpmGrammarModule *module;
  const IpmGrammarOpt *opt;
  gsize len;
} IpmFastOptHit;

static _Thread_local IpmFastOptHit ipm_fast_opt_hits[64];

/* Option NAME (LEN bytes, NUL-terminated) of module M, or NULL. */
static const IpmGrammarOpt *
ipm_fast_option (const IpmGrammarModule *m, const char *name, gsize len)
{
  guint slot = (guint) (((guintptr) m >> 4) + len * 31 + (guchar) name[0] * 7
                        + (guchar) name[len - 1]) % G_N_ELEMENTS (ipm_fast_opt_hits);
  IpmFastOptHit *hit = &ipm_fast_opt_hits[slot];
  const IpmGrammarOpt *g;

  if (hit->module == m && hit->len == len
      && memcmp (hit->opt->name, name, len) == 0)
    return hit->opt;
  g = ipm_grammar_option (m, name);
  if (g != NULL)
    {
      hit->module = m;
      hit->opt = g;
      hit->len = strlen (g->name);
    }
  return g;
}

/* W, a string value, is spelled as iptables-save quotes its text
 * (ipm_quote_save): bare when the text is all letters, digits, '_' and
 * '-', else in double quotes, with a backslash before '\'' (and '"' and
 * '\\', which a word of the split has not). */
static gboolean
ipm_fast_saved_string (const IpmFastWord *w)
{
  const char *text = w->at + (w->quoted ? 1 : 0);
  gsize len = w->len - (w->quoted ? 2 : 0), k = 0;
  gboolean bare = len > 0, quote = FALSE;

#ifdef IPM_SSE2
  /* sixteen bytes a step; bytes from 0x80 on compare as negative, so as
   * not bare */
  for (; k + 16 <= len; k += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (text + k));
      __m128i in = _mm_or_si128 (
        _mm_or_si128 (
          _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('0' - 1)),
                         _mm_cmplt_epi8 (v, _mm_set1_epi8 ('9' + 1))),
          _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('A' - 1)),
                         _mm_cmplt_epi8 (v, _mm_set1_epi8 ('Z' + 1)))),
        _mm_or_si128 (
          _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('a' - 1)),
                         _mm_cmplt_epi8 (v, _mm_set1_epi8 ('z' + 1))),
          _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('_')),
                        _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('-')))));

      bare &= _mm_movemask_epi8 (in) == 0xffff;
      quote |= _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\''))) != 0;
    }
#endif
  for (; k < len; k++)
    {
      char c = text[k];

      bare &= g_ascii_isalnum (c) || c == '_' || c == '-';
      quote |= c == '\'';
    }
  return w->quoted ? !bare && !quote : bare;
}

/* Option value word I (its text ARGS[0]) of option G, valid but printed
 * otherwise: kept as respelled when the save prints it as one bare word
 * in its place, as canon.c would print the rule (so far probabilities,
 * which kube-proxy writes unrounded).  *RAW and *RAW_LEN then point at
 * the printed text, which the tests after the value's read. */
static gboolean
ipm_fast_respell (IpmFast *f, const IpmGrammarOpt *g, IpmValueCtx *ctx,
                  const char *const *args, guint i, const char **raw,
                  gsize *raw_len)
{
  IpmFastScratch *scratch = f->scratch;
  GString *value = scratch->value;
  IpmFastRespell respell;

  if (g->type != IPM_TYPE_PROB || g->nargs != 1)
    return FALSE;
  ipm_strbuf_clear (value);
  if (ipm_canon_value (g->type, ctx, args, 1, value) != IPM_VALUE_OK)
    {
      g_clear_pointer (&ctx->error, g_free);
      return FALSE;
    }
  for (gsize k = 0; k < value->len; k++)
    if (!g_ascii_isdigit (value->str[k]) && value->str[k] != '.')
      return FALSE;
  if (value->len == 0)
    return FALSE;
  respell.word = i;
  respell.off = scratch->respellings->len;
  respell.len = value->len;
  g_string_append_len (scratch->respellings, value->str, value->len);
  g_array_append_val (scratch->respelled, respell);
  *raw = scratch->respellings->str + respell.off;
  *raw_len = respell.len;
  return TRUE;
}

/* The tests of SLOT's value: everything the check reads of it. */
static gboolean
ipm_fast_slot_ok (IpmFast *f, const IpmFastSlot *slot)
{
  guint i = slot->word;
  GString *value = f->scratch->value;

  switch (slot->kind)
    {
    case IPM_FAST_SLOT_ADDRESS:
      {
        gboolean any = FALSE;
        char *error = NULL;

        if (ipm_fast_is_bang (f, i))
          return FALSE;
        /* the save leaves out 0.0.0.0/0 */
        if (!f->w[i].quoted
            && ipm_canon_value_address_as_printed (f->family, f->w[i].at,
                                                   f->w[i].len, &any))
          return !any;
        if (memchr (ipm_fast_text (f, i), ',', ipm_fast_text_len (f, i)) != NULL)
          return FALSE;
        ipm_strbuf_clear (value);
        if (!ipm_canon_value_address (f->family, ipm_fast_text (f, i), value, &any,
                                      &error))
          {
            g_free (error);
            return FALSE;
          }
        /* the save leaves out 0.0.0.0/0 */
        return !any && ipm_fast_words_are (f, i, 1, value->str, value->len);
      }
    case IPM_FAST_SLOT_INTERFACE:
      {
        const char *v = ipm_fast_text (f, i);

        if (ipm_fast_is_bang (f, i) || v[0] == '\0'
            || ipm_fast_text_len (f, i) > 15 || strcmp (v, "+") == 0)
          return FALSE;
        ipm_strbuf_clear (value);
        ipm_quote_min (value, v);
        return ipm_fast_words_are (f, i, 1, value->str, value->len);
      }
    case IPM_FAST_SLOT_OPTION:
      {
        const IpmGrammarOpt *g = slot->opt;
        const IpmGrammarModule *m = slot->module;
        const char *args[2] = { NULL, NULL };
        IpmValueCtx ctx = { f->family, NULL, NULL, 0 };
        const char *raw = "";
        gsize raw_len = 0;

        if (slot->string)
          {
            /* a comment on every rule of a dump: read in place */
            if (ipm_fast_is_bang (f, i) || !ipm_fast_saved_string (&f->w[i]))
              return FALSE;
            raw = f->w[i].at;
            raw_len = f->w[i].len;
          }
        else if (g->nargs == 1 && !f->w[i].quoted && !ipm_fast_is_bang (f, i)
                 && ipm_canon_value_as_printed (g->type, &ctx, f->w[i].at,
                                                f->w[i].len))
          {
            /* known to be printed as it stands: no text to copy */
            raw = f->w[i].at;
            raw_len = f->w[i].len;
          }
        else
          {
            for (guint k = 0; k < g->nargs; k++)
              {
                if (ipm_fast_is_bang (f, i + k))
                  return FALSE;
                args[k] = ipm_fast_text (f, i + k);
              }
            ctx.proto = m->proto != NULL ? m->proto
              : f->has_proto ? f->proto : NULL;
            /* printed as the line has it; an empty value is printed as
             * nothing */
            if (g->nargs > 0)
              {
                const IpmFastWord *last = &f->w[i + g->nargs - 1];

                raw = f->w[i].at;
                raw_len = last->at + last->len - raw;
              }
            if (!ipm_canon_value_printed_as (g->type, &ctx, args, g->nargs,
                                             raw, raw_len, value)
                && !ipm_fast_respell (f, g, &ctx, args, i, &raw, &raw_len))
              return FALSE;
          }
        /* canon.c warns and cuts what the kernel would cut */
        if (g->type == IPM_TYPE_COMMENT && ipm_fast_text_len (f, i) > 255)
          return FALSE;
        if (ipm_canon_value_names_ports_len (g->type, f->family, raw, raw_len)
            && !ipm_fast_proto_has_ports (f))
          return FALSE;
        /* a value equal to the default is left out by the save */
        if ((g->flags & IPM_OPT_DROP) && !slot->neg)
          {
            const char *d = ipm_grammar_option_default (g, f->family);

            if (d == NULL || (strlen (d) == raw_len
                              && memcmp (raw, d, raw_len) == 0))
              return FALSE;
          }
        /* tcp-reset needs -p tcp */
        if (m->hook == IPM_HOOK_REJECT && strcmp (g->print, "reject-with") == 0
            && raw_len == 9 && memcmp (raw, "tcp-reset", 9) == 0
            && (!f->has_proto || f->proto_neg || f->proto_num != 6))
          return FALSE;
        return TRUE;
      }
    case IPM_FAST_SLOT_CHAIN:
      {
        const char *name = ipm_fast_text (f, i);

        /* a name with a blank or a quote would be printed quoted: the
         * split already declined those, so a bare word is printed as it
         * is */
        if (f->w[i].quoted || ipm_chain_name_builtin (name)
            || strcmp (name, "QUEUE") == 0)
          return FALSE;
        /* a target module's name makes another shape */
        return slot->is_goto || ipm_grammar_target (name, 0) == NULL;
      }
    default:
      g_assert_not_reached ();
    }
}

/* Tests the value SLOT and remembers it for the rule's shape. */
static gboolean
ipm_fast_slot (IpmFast *f, IpmFastSlotKind kind, guint word,
               const IpmGrammarOpt *opt, const IpmGrammarModule *module,
               gboolean neg)
{
  IpmFastSlot slot = { kind, word, neg, FALSE, FALSE, opt, module };

  if (kind == IPM_FAST_SLOT_CHAIN)
    slot.is_goto = f->w[word - 1].at[1] == 'g';
  if (kind == IPM_FAST_SLOT_OPTION)
    slot.string = opt->nargs == 1 && ipm_canon_value_is_string (opt->type);
  if (!ipm_fast_slot_ok (f, &slot))
    return FALSE;
  g_array_append_val (f->scratch->slots, slot);
  return TRUE;
}

/* Options of module M from word I on, in M's save order.  Returns the
 * index of the first word that is not one of them, or 0 to decline. */
static guint
ipm_fast_options (IpmFast *f, const IpmGrammarModule *m, guint i)
{
  const IpmGrammarOpt *given[IPM_FAST_MAX_OPTS];
  guint n_given = 0, last_order = 0;
  guint n = f->n;

  while (i < n)
    {
      const IpmGrammarOpt *g;
      gboolean neg = FALSE;
      const char *name;

      if (ipm_fast_is_bang (f, i))
        {
          if (i + 1 >= n || f->w[i].quoted)
            return 0;
          neg = TRUE;
          i++;
        }
      if (f->w[i].quoted || f->w[i].len < 3 || f->w[i].at[0] != '-'
          || f->w[i].at[1] != '-')
        {
          if (neg)
            return 0;
          break;
        }
      name = ipm_fast_text (f, i) + 2;
      /* Spelled exactly as printed, and getopt would give it to M: not
       * --opt=value, not one of iptables' own options. */
      if (ipm_fast_any_shadowed () && ipm_canon_base_option (name))
        return 0;
      /* no option name has '=': "--opt=value" is not found */
      g = ipm_fast_option (m, name, f->w[i].len - 2);
      if (g == NULL || (g->print != g->name && strcmp (g->print, g->name) != 0)
          || (g->flags & (IPM_OPT_FIXED | IPM_OPT_LITERAL | IPM_OPT_IGNORE))
          || (neg && !(g->flags & IPM_OPT_NEG)) || g->chains != NULL
          || g->order <= last_order || n_given == IPM_FAST_MAX_OPTS
          || (g->group != 0 && ipm_fast_given (given, n_given, g))
          || i + g->nargs >= n + (g->nargs > 0 ? 0 : 1))
        return 0;
      last_order = g->order;
      if (!ipm_fast_slot (f, IPM_FAST_SLOT_OPTION, i + 1, g, m, neg))
        return 0;
      given[n_given++] = g;
      i += 1 + g->nargs;
    }

  {
    gboolean want_one = FALSE, have_one = FALSE;

    for (guint k = 0; k < m->n_opts; k++)
      {
        const IpmGrammarOpt *g = &m->opts[k];

        /* a required option missing is an error, a defaulted one is added */
        if ((g->flags & (IPM_OPT_REQ | IPM_OPT_ADD))
            && !ipm_fast_given (given, n_given, g))
          return 0;
        if (g->flags & IPM_OPT_ONE)
          {
            want_one = TRUE;
            for (guint j = 0; j < n_given; j++)
              if (given[j]->order == g->order)   /* as ipm_fast_given */
                have_one = TRUE;
          }
      }
    if (want_one && !have_one)
      return 0;
  }
  if (m->hook == IPM_HOOK_STATISTIC)
    {
      gboolean every = FALSE, packet = FALSE;

      for (guint j = 0; j < n_given; j++)
        {
          every |= strcmp (given[j]->print, "every") == 0;
          packet |= strcmp (given[j]->print, "packet") == 0;
        }
      if (every && !packet)
        return 0;
    }
  return i;
}

/* The place of base option -C in the save's order, or -1. */
static inline gint
ipm_fast_base_place (char c)
{
  switch (c)
    {
    case 's': return 0;
    case 'd': return 1;
    case 'i': return 2;
    case 'o': return 3;
    case 'p': return 4;
    default: return -1;
    }
}

/* -s -d -i -o -p in that order, each at most once, from word 0.  Returns
 * the index of the first other word, or -1 to decline. */
static gint
ipm_fast_base (IpmFast *f)
{
  guint i = 0;
  guint n = f->n;
  gint last = -1;
  GString *value = f->scratch->value;

  while (i < n)
    {
      gboolean neg = FALSE;
      const char *v;
      gint place;
      char c;

      if (ipm_fast_is_bang (f, i))
        {
          if (i + 1 >= n || f->w[i].quoted)
            return -1;
          neg = TRUE;
          i++;
        }
      if (f->w[i].quoted || f->w[i].len != 2 || f->w[i].at[0] != '-'
          || (place = ipm_fast_base_place (c = f->w[i].at[1])) < 0)
        return neg ? -1 : (gint) i;
      if (place <= last || i + 1 >= n || ipm_fast_is_bang (f, i + 1))
        return -1;
      last = place;
      v = ipm_fast_text (f, i + 1);
      ipm_strbuf_clear (value);
      switch (c)
        {
        case 's':
        case 'd':
          if (!ipm_fast_slot (f, IPM_FAST_SLOT_ADDRESS, i + 1, NULL, NULL,
                              neg))
            return -1;
          i += 2;
          continue;
        case 'i':
        case 'o':
          if (!ipm_chain_has_interface (f->chain, c == 'o')
              || !ipm_fast_slot (f, IPM_FAST_SLOT_INTERFACE, i + 1, NULL,
                                 NULL, neg))
            return -1;
          i += 2;
          continue;
        case 'p':
          {
            char *error = NULL;

            ipm_strbuf_clear (f->proto_name);
            if (!ipm_canon_value_protocol (v, f->proto_name, &f->proto_num,
                                           &error))
              {
                g_free (error);
                return -1;
              }
            /* "all" is printed as nothing */
            if (f->proto_num == 0)
              return -1;
            f->has_proto = TRUE;
            f->proto_neg = neg;
            f->proto = f->proto_name->str;
            ipm_strbuf_append_len (value, f->proto_name->str,
                                   f->proto_name->len);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ipm_fast_words_are (f, i + 1, 1, value->str, value->len))
        return -1;
      i += 2;
    }
  return (gint) i;
}

/* The matches found by name most recently, with their names' lengths: the
 * rules of a dump use few, and comparing a name or two is cheaper than
 * hashing it. */
typedef struct {
  const IpmGrammarModule *module;
  gsize len;
} IpmFastRecent;

static _Thread_local IpmFastRecent ipm_fast_recent[4];

/* The match named exactly NAME (LEN bytes), or NULL. */
static const IpmGrammarModule *
ipm_fast_match (const char *name, gsize len, IpmFamily family)
{
  const IpmGrammarModule *m;

  for (guint k = 0; k < G_N_ELEMENTS (ipm_fast_recent); k++)
    {
      const IpmFastRecent *recent = &ipm_fast_recent[k];

      m = recent->module;
      if (m != NULL && recent->len == len
          && memcmp (m->name, name, len) == 0
          && (m->family == 0 || m->family == (guint) family))
        return m;
    }
  m = ipm_grammar_match (name, family);
  if (m != NULL && strcmp (m->name, name) != 0)
    return NULL;
  if (m != NULL)
    {
      IpmFastRecent *first = &ipm_fast_recent[0];

      memmove (ipm_fast_recent + 1, ipm_fast_recent,
               sizeof ipm_fast_recent - sizeof ipm_fast_recent[0]);
      first->module = m;
      first->len = strlen (m->name);
    }
  return m;
}

/* All the tests of the rule split into F, structure and slots; the slots
 * are left in F's scratch. */
static gboolean
ipm_fast_full (IpmFast *fp, IpmCanonFast *result)
{
  IpmFast f = *fp;
  guint n = f.n, i;
  gint after_base;
  gboolean base;

  g_array_set_size (f.scratch->slots, 0);
  after_base = ipm_fast_base (&f);
  if (after_base < 0)
    return FALSE;
  i = after_base;
  base = i > 0;
  while (i + 1 < n && ipm_fast_is_short (&f, i, 'm') && !f.w[i].quoted)
    {
      const char *name = ipm_fast_text (&f, i + 1);
      const IpmGrammarModule *m;

      /* printed as its grammar name, bare */
      if (f.w[i + 1].quoted)
        return FALSE;
      m = ipm_fast_match (name, f.w[i + 1].len, f.family);
      if (m == NULL
          || !ipm_fast_module_ok (&f, m)
          || f.n_loaded == G_N_ELEMENTS (f.loaded))
        return FALSE;
      for (guint k = 0; k < f.n_loaded; k++)
        if (f.loaded[k] == m)
          return FALSE;
      f.loaded[f.n_loaded++] = m;
      i = ipm_fast_options (&f, m, i + 2);
      if (i == 0)
        return FALSE;
    }

  result->target = NULL;
  result->is_goto = FALSE;
  result->target_is_chain = FALSE;
  result->unconditional = !base && f.n_loaded == 0;
  if (i < n)
    {
      const char *name;
      const IpmGrammarModule *t = NULL;

      if (i + 1 >= n || f.w[i].quoted
          || !(ipm_fast_is_short (&f, i, 'j') || ipm_fast_is_short (&f, i, 'g')))
        return FALSE;
      /* a name with a blank or a quote would be printed quoted: the split
       * already declined those, so a bare word is printed as it is */
      if (f.w[i + 1].quoted)
        return FALSE;
      name = ipm_fast_text (&f, i + 1);
      if (ipm_chain_name_builtin (name) || strcmp (name, "QUEUE") == 0)
        return FALSE;
      result->target = name;
      result->is_goto = f.w[i].at[1] == 'g';
      i += 2;
      if (!result->is_goto)
        t = ipm_grammar_target (name, 0);
      if (t != NULL)
        {
          if (!ipm_fast_module_ok (&f, t))
            return FALSE;
          i = ipm_fast_options (&f, t, i);
          if (i == 0)
            return FALSE;
        }
      else
        {
          if (!ipm_fast_slot (&f, IPM_FAST_SLOT_CHAIN, i - 1, NULL, NULL,
                              FALSE))
            return FALSE;
          result->target_is_chain = TRUE;
        }
    }
  /* the proto state is the shape's */
  *fp = f;
  return i == n;
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

/* F's rule has SHAPE in its context (family, table, chain). */
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
  /* "-j NAME": a target module's name there makes another shape, which a
   * failed slot must not stand for */
  return !(shape->target_is_chain && !shape->is_goto
           && ipm_grammar_target (ipm_fast_text (f, shape->target_word), 0)
              != NULL);
}

/* The shape F's rule has, or NULL: one of those found last (the rules of
 * a chain take turns between a few), else by its key. */
static const IpmFastShape *
ipm_fast_shape_find (const IpmFast *f)
{
  IpmFastScratch *scratch = f->scratch;
  const IpmFastShape *shape = NULL;
  guint at = G_N_ELEMENTS (scratch->recent) - 1;

  for (guint k = 0; k < G_N_ELEMENTS (scratch->recent); k++)
    if (scratch->recent[k] != NULL && ipm_fast_shape_fits (f, scratch->recent[k]))
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

          if (candidate == NULL)
            break;
          if (candidate->key == key && ipm_fast_shape_fits (f, candidate))
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

/* The rule of F has SHAPE's structure: its slots decide, and a slot that
 * fails is one the full check would fail on too. */
static gboolean
ipm_fast_shape_check (IpmFast *f, const IpmFastShape *shape,
                      IpmCanonFast *result)
{
  f->has_proto = shape->has_proto;
  f->proto_neg = shape->proto_neg;
  f->proto_num = shape->proto_num;
  f->proto = shape->proto_name;
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

/* Remembers the shape of F's rule, which passed with RESULT. */
static void
ipm_fast_shape_add (const IpmFast *f, const IpmCanonFast *result)
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

  for (guint k = 0; k < scratch->slots->len; k++)
    {
      const IpmFastSlot *slot = &g_array_index (scratch->slots, IpmFastSlot, k);
      guint words = slot->kind == IPM_FAST_SLOT_OPTION ? slot->opt->nargs : 1;

      for (guint j = slot->word; j < slot->word + words && j < f->n; j++)
        value[j] = TRUE;
    }
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
  shape->n_slots = scratch->slots->len;
  shape->slots = g_memdup2 (scratch->slots->data,
                            scratch->slots->len * sizeof (IpmFastSlot));
  shape->has_proto = f->has_proto;
  shape->proto_neg = f->proto_neg;
  shape->proto_num = f->proto_num;
  shape->proto_name = g_strdup (f->proto_name->str);
  shape->target_word = -1;
  for (guint j = 0; result->target != NULL && j < f->n; j++)
    if (f->w[j].copied && ipm_fast_text (f, j) == result->target)
      shape->target_word = j;
  g_assert (result->target == NULL || shape->target_word >= 0);
  shape->is_goto = result->is_goto;
  shape->target_is_chain = result->target_is_chain;
  shape->unconditional = result->unconditional;
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
      const IpmFastWord *w = &f->w[r->word];

      g_string_append_len (text, from, w->at - from);
      g_string_append_len (text, scratch->respellings->str + r->off, r->len);
      from = w->at + w->len;
    }
  g_string_append_len (text, from, scratch->spec + result->text_len - from);
  result->text = text->str;
  result->text_len = text->len;
}

gboolean
ipm_canon_fast (const char *spec, gsize len, IpmFamily family,
                const char *table, const char *chain, IpmCanonFast *result)
{
  IpmFastScratch *scratch = ipm_fast_scratch_get ();
  const IpmFastShape *shape;
  IpmFast f;
  guint n;

  if (!ipm_fast_split (spec, len, scratch, &n))
    return FALSE;
  /* field by field: f.loaded is read only below f.n_loaded, and clearing
   * it costs more than some rules' whole check */
  f.w = scratch->words;
  f.n = n;
  f.scratch = scratch;
  f.family = family;
  f.table = table;
  f.chain = chain;
  f.has_proto = FALSE;
  f.proto_neg = FALSE;
  f.proto_num = 0;
  f.proto_name = scratch->proto_name;
  f.proto = NULL;
  f.n_loaded = 0;
  result->text = spec;
  result->text_len = len;
  if (n == 0)
    return ipm_fast_full (&f, result);
  g_array_set_size (scratch->respelled, 0);
  g_string_truncate (scratch->respellings, 0);
  shape = ipm_fast_shape_find (&f);
  if (shape != NULL)
    {
      if (!ipm_fast_shape_check (&f, shape, result))
        return FALSE;
    }
  else
    {
      if (!ipm_fast_full (&f, result))
        return FALSE;
      ipm_fast_shape_add (&f, result);
    }
  if (scratch->respelled->len > 0)
    ipm_fast_respelled_text (&f, result);
  return TRUE;
}
