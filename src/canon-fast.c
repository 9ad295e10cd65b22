/* canon-fast: canonical text of rules already in save order (canon-fast.h).
 *
 * Every test below mirrors a place where canon.c would reorder, add, drop,
 * warn or refuse; when one fails the rule is declined, never guessed.  The
 * output is built with the printing primitives canon.c uses, in its order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "canon-fast.h"
#include "canon-value.h"
#include "grammar.h"
#include "strbuf.h"

/* The most options of one module instance this path tracks; a module with
 * more given is declined. */
#define IPM_FAST_MAX_OPTS 16

typedef struct {
  const IpmWords *words;
  IpmFamily family;
  const char *table;
  const char *chain;
  GString *out;
  /* -p, when given */
  gboolean has_proto;
  gboolean proto_neg;
  guint proto_num;
  GString *proto_name;      /* the caller's scratch */
  /* matches seen so far: a module loaded twice is declined (its options
   * would resolve to the first load, and nft merges some) */
  const IpmGrammarModule *loaded[IPM_FAST_MAX_OPTS];
  guint n_loaded;
} IpmFast;

#define WORD(f, i) ((f)->words->v[(i)].text)

static gboolean
ipm_fast_is (const char *word, const char *s)
{
  return strcmp (word, s) == 0;
}

/* WORD is the two-byte option "-C" (no call: every rule has a few). */
static gboolean
ipm_fast_is_short (const char *word, char c)
{
  return word[0] == '-' && word[1] == c && word[2] == '\0';
}

static void
ipm_fast_sep (GString *out)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
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

static gboolean
ipm_fast_given (const IpmGrammarOpt *const *given, guint n_given,
                const IpmGrammarOpt *g)
{
  for (guint k = 0; k < n_given; k++)
    if (g->group != 0 ? given[k]->group == g->group
        : strcmp (given[k]->print, g->print) == 0)
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

/* Options of module M from word I on, in M's save order.  Returns the
 * index of the first word that is not one of them, or 0 to decline. */
static guint
ipm_fast_options (IpmFast *f, const IpmGrammarModule *m, guint i)
{
  const IpmGrammarOpt *given[IPM_FAST_MAX_OPTS];
  const char *reject_with = NULL;
  guint n_given = 0, last_order = 0;
  guint n = f->words->n;

  while (i < n)
    {
      const char *w = WORD (f, i);
      const IpmGrammarOpt *g;
      const char *args[2] = { NULL, NULL };
      gboolean neg = FALSE;
      IpmValueCtx ctx = { f->family, NULL, NULL, 0 };
      gsize mark, value_at;

      if (w[0] == '!' && w[1] == '\0')
        {
          if (i + 1 >= n)
            return 0;
          neg = TRUE;
          w = WORD (f, ++i);
        }
      if (w[0] != '-' || w[1] != '-' || w[2] == '\0')
        {
          if (neg)
            return 0;
          break;
        }
      /* Spelled exactly as printed, and getopt would give it to M: not
       * --opt=value, not one of iptables' own options. */
      if (ipm_fast_any_shadowed () && ipm_canon_base_option (w + 2))
        return 0;
      /* no option name has '=': "--opt=value" is not found */
      g = ipm_grammar_option (m, w + 2);
      if (g == NULL || (g->print != g->name && strcmp (g->print, g->name) != 0)
          || (g->flags & (IPM_OPT_FIXED | IPM_OPT_LITERAL | IPM_OPT_IGNORE))
          || (neg && !(g->flags & IPM_OPT_NEG)) || g->chains != NULL
          || g->order <= last_order || n_given == IPM_FAST_MAX_OPTS
          || (g->group != 0 && ipm_fast_given (given, n_given, g)))
        return 0;
      last_order = g->order;
      for (guint k = 0; k < g->nargs; k++)
        {
          if (i + 1 + k >= n
              || (WORD (f, i + 1 + k)[0] == '!' && WORD (f, i + 1 + k)[1] == '\0'))
            return 0;
          args[k] = WORD (f, i + 1 + k);
        }
      ctx.proto = m->proto != NULL ? m->proto
        : f->has_proto ? f->proto_name->str : NULL;
      ipm_strbuf_append (f->out, neg ? " ! --" : " --");
      ipm_strbuf_append (f->out, g->print);
      mark = f->out->len;
      g_string_append_c (f->out, ' ');
      value_at = f->out->len;
      if (ipm_canon_value (g->type, &ctx, args, g->nargs, f->out)
          != IPM_VALUE_OK)
        {
          g_free (ctx.error);
          return 0;
        }
      if (f->out->len == value_at)
        g_string_truncate (f->out, mark);
      /* canon.c warns and cuts what the kernel would cut */
      if (g->type == IPM_TYPE_COMMENT && f->words->v[i + 1].len > 255)
        return 0;
      if (ipm_canon_value_names_ports (g->type, f->family, args[0])
          && !ipm_fast_proto_has_ports (f))
        return 0;
      /* a value equal to the default is left out by the save */
      if ((g->flags & IPM_OPT_DROP) && !neg)
        {
          const char *d = ipm_grammar_option_default (g, f->family);

          if (d == NULL
              || (strlen (d) == f->out->len - value_at
                  && memcmp (f->out->str + value_at, d,
                             f->out->len - value_at) == 0))
            return 0;
        }
      if (m->hook == IPM_HOOK_REJECT && strcmp (g->print, "reject-with") == 0)
        reject_with = f->out->str + value_at;
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
              if (strcmp (given[j]->print, g->print) == 0)
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
  /* the value is the last thing appended, so it ends the text */
  if (reject_with != NULL && strcmp (reject_with, "tcp-reset") == 0
      && (!f->has_proto || f->proto_neg || f->proto_num != 6))
    return 0;
  return i;
}

/* -s -d -i -o -p in that order, each at most once.  Returns the index of
 * the first other word, or 0 to decline. */
static guint
ipm_fast_base (IpmFast *f, guint i)
{
  static const char order[] = "sdiop";
  guint n = f->words->n;
  int last = -1;

  while (i < n)
    {
      const char *w = WORD (f, i);
      gboolean neg = FALSE;
      const char *at;
      const char *v;

      if (w[0] == '!' && w[1] == '\0')
        {
          if (i + 1 >= n)
            return 0;
          neg = TRUE;
          w = WORD (f, ++i);
        }
      if (w[0] != '-' || w[1] == '\0' || w[2] != '\0'
          || (at = strchr (order, w[1])) == NULL)
        return neg ? 0 : i;
      if (at - order <= last || i + 1 >= n)
        return 0;
      last = at - order;
      v = WORD (f, i + 1);
      if (v[0] == '!' && v[1] == '\0')
        return 0;
      switch (w[1])
        {
        case 's':
        case 'd':
          {
            gboolean any = FALSE;
            char *error = NULL;

            if (strchr (v, ',') != NULL)
              return 0;
            ipm_fast_sep (f->out);
            ipm_strbuf_append (f->out, neg ? "! -" : "-");
            g_string_append_c (f->out, w[1]);
            g_string_append_c (f->out, ' ');
            if (!ipm_canon_value_address (f->family, v, f->out, &any, &error))
              {
                g_free (error);
                return 0;
              }
            /* the save leaves out 0.0.0.0/0 */
            if (any)
              return 0;
          }
          break;
        case 'i':
        case 'o':
          if (v[0] == '\0' || strlen (v) > 15 || ipm_fast_is (v, "+"))
            return 0;
          if (!ipm_chain_has_interface (f->chain, w[1] == 'o'))
            return 0;
          ipm_fast_sep (f->out);
          ipm_strbuf_append (f->out, neg ? "! -" : "-");
          g_string_append_c (f->out, w[1]);
          g_string_append_c (f->out, ' ');
          ipm_quote_min (f->out, v);
          break;
        case 'p':
          {
            char *error = NULL;

            g_string_truncate (f->proto_name, 0);
            if (!ipm_canon_value_protocol (v, f->proto_name, &f->proto_num,
                                           &error))
              {
                g_free (error);
                return 0;
              }
            /* "all" is printed as nothing */
            if (f->proto_num == 0)
              return 0;
            f->has_proto = TRUE;
            f->proto_neg = neg;
            ipm_fast_sep (f->out);
            ipm_strbuf_append (f->out, neg ? "! -p " : "-p ");
            ipm_strbuf_append (f->out, f->proto_name->str);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      i += 2;
    }
  return i;
}

/* The matches found by name most recently: the rules of a dump use few,
 * and comparing a name or two is cheaper than hashing it. */
static _Thread_local const IpmGrammarModule *ipm_fast_recent[4];

static const IpmGrammarModule *
ipm_fast_match (const char *name, IpmFamily family)
{
  const IpmGrammarModule *m;

  for (guint k = 0; k < G_N_ELEMENTS (ipm_fast_recent); k++)
    {
      m = ipm_fast_recent[k];
      if (m != NULL && strcmp (m->name, name) == 0
          && (m->family == 0 || m->family == (guint) family))
        return m;
    }
  m = ipm_grammar_match (name, family);
  if (m != NULL)
    {
      memmove (ipm_fast_recent + 1, ipm_fast_recent,
               sizeof ipm_fast_recent - sizeof ipm_fast_recent[0]);
      ipm_fast_recent[0] = m;
    }
  return m;
}

gboolean
ipm_canon_fast (const IpmWords *words, guint first, IpmFamily family,
                const char *table, const char *chain, GString *out,
                GString *scratch, IpmCanonFast *result)
{
  IpmFast f = { words, family, table, chain, out, FALSE, FALSE, 0, scratch,
                { 0 }, 0 };
  guint n = words->n;
  guint i = ipm_fast_base (&f, first);
  gboolean base = out->len > 0;

  if (i == 0)
    return FALSE;
  while (i + 1 < n && ipm_fast_is_short (WORD (&f, i), 'm'))
    {
      const IpmGrammarModule *m = ipm_fast_match (WORD (&f, i + 1), family);

      if (m == NULL || !ipm_fast_module_ok (&f, m)
          || f.n_loaded == G_N_ELEMENTS (f.loaded))
        return FALSE;
      for (guint k = 0; k < f.n_loaded; k++)
        if (f.loaded[k] == m)
          return FALSE;
      f.loaded[f.n_loaded++] = m;
      ipm_fast_sep (out);
      ipm_strbuf_append (out, "-m ");
      ipm_quote_min (out, m->name);
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
      const char *w = WORD (&f, i);
      const char *name;
      const IpmGrammarModule *t = NULL;

      if (i + 1 >= n
          || !(ipm_fast_is_short (w, 'j') || ipm_fast_is_short (w, 'g')))
        return FALSE;
      name = WORD (&f, i + 1);
      if (name[0] == '\0' || ipm_chain_name_builtin (name)
          || ipm_fast_is (name, "QUEUE"))
        return FALSE;
      result->target = name;
      result->is_goto = w[1] == 'g';
      ipm_fast_sep (out);
      ipm_strbuf_append (out, result->is_goto ? "-g " : "-j ");
      ipm_quote_min (out, name);
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
        result->target_is_chain = TRUE;
    }
  return i == n;
}
