/* canon: the spelling iptables-save prints for a rule (see canon.h).
 *
 * Models iptables 1.8.9's command-line parsing closely enough to know where
 * each word goes: base options first in getopt's table, then the loaded
 * modules newest first (libxtables merges new options in front), unique
 * prefixes of long options, the implicit protocol match loaded once when an
 * option is unknown.  Values go through the per-type normalizers
 * (canon-value.c); each match then prints in its save function's order.
 *
 * Anything the grammar does not describe is kept word for word: an unknown
 * module's words up to the next -m/-j/-g, or, when an option cannot be
 * placed with certainty, the whole rule.  Two spellings of such a rule may
 * compare different, never equal when the kernel would keep them apart. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "canon-value.h"
#include "grammar.h"
#include "strbuf.h"
#include "suggest.h"

/* One option given to (or defaulted for) a module instance. */
typedef struct {
  const IpmGrammarOpt *opt;
  guint inst;               /* index into IpmCanon.insts */
  guint word;               /* the option word, for columns */
  gboolean neg;
  gboolean given;           /* FALSE for an added default */
  guint val_off;            /* normalized value in IpmCanon.vals */
  guint val_len;
  gboolean inline_arg;      /* "--opt=value": the value is in the word */
} IpmCanonOpt;

/* A loaded match or the target. */
typedef struct {
  const IpmGrammarModule *module;   /* NULL: unknown, kept literally */
  const char *name;                 /* as printed after -m / -j */
  guint word;                       /* the -m / -j word (or first option) */
  guint name_word;                  /* the name after -m / -j (or word) */
  gboolean is_target;
  gboolean literal;                 /* print LIT words as given */
  gboolean merged;                  /* folded into an earlier instance */
  guint lit_first;                  /* literal words [lit_first, lit_end) */
  guint lit_end;
} IpmCanonInst;

typedef struct {
  /* per call */
  const IpmLine *line;
  const IpmWords *words;
  IpmDiags *diags;
  IpmFamily family;
  const char *table;        /* table of the rule, or NULL: not checked */
  const char *chain;        /* built-in chain of the rule, or NULL */
  guint first;              /* the spec's first word */
  gboolean recording;       /* slots wanted (ipm_canon_judge_spec) */
  gboolean fallback;        /* keep the whole rule literally */
  gboolean literal;
  /* base part */
  int src, dst, iif, oif, proto, frag;      /* word index of the value, -1 */
  gboolean src_neg, dst_neg, in_neg, out_neg, proto_neg, frag_neg;
  gboolean addr_any[2];     /* -s/-d 0.0.0.0/0, left out (print_base) */
  gboolean split_lists;     /* -s/-d a,b allowed (ipm_canon_rules_in_table) */
  int list_word[2];         /* the -s, -d value that is a list, or -1 */
  guint proto_num;
  gboolean proto_used;
  int target_inst;          /* index in insts, -1 */
  int target_word;          /* the -j/-g word, -1 */
  const char *target_name;
  gboolean is_goto;
  IpmCounters counters;
  /* reused buffers */
  GArray *insts;            /* IpmCanonInst */
  GArray *opts;             /* IpmCanonOpt */
  GString *vals;
  GString *scratch;
  GString *out;
  GString *proto_name;
  GArray *slots;            /* IpmCanonSlot, when recording */
  IpmWords *judge_words;    /* ipm_canon_judge_spec's */
} IpmCanon;

static void
ipm_canon_free (gpointer data)
{
  IpmCanon *c = data;

  g_array_unref (c->insts);
  g_array_unref (c->opts);
  g_string_free (c->vals, TRUE);
  g_string_free (c->scratch, TRUE);
  g_string_free (c->out, TRUE);
  g_string_free (c->proto_name, TRUE);
  g_array_unref (c->slots);
  ipm_words_free (c->judge_words);
  g_free (c);
}

static GPrivate ipm_canon_private = G_PRIVATE_INIT (ipm_canon_free);

/* The calling thread's scratch state: canon runs once per rule, so its
 * buffers are kept rather than reallocated. */
static IpmCanon *
ipm_canon_get (void)
{
  IpmCanon *c = g_private_get (&ipm_canon_private);

  if (c == NULL)
    {
      c = g_new0 (IpmCanon, 1);
      c->insts = g_array_new (FALSE, FALSE, sizeof (IpmCanonInst));
      c->opts = g_array_new (FALSE, FALSE, sizeof (IpmCanonOpt));
      c->vals = g_string_sized_new (256);
      c->scratch = g_string_sized_new (64);
      c->out = g_string_sized_new (256);
      c->proto_name = g_string_sized_new (16);
      c->slots = g_array_new (FALSE, FALSE, sizeof (IpmCanonSlot));
      c->judge_words = ipm_words_new ();
      g_private_set (&ipm_canon_private, c);
    }
  return c;
}

const char *
ipm_canon_builtin_chain (const char *table, const char *chain)
{
  if (ipm_chain_name_builtin (chain)
      && (table == NULL || ipm_chain_is_builtin (table, chain)))
    return chain;
  return NULL;
}

/* The rule spec starts at word FIRST of WORDS. */
static void
ipm_canon_reset (IpmCanon *c, const IpmLine *line, const IpmWords *words,
                 guint first, IpmFamily family, const char *table,
                 IpmDiags *diags)
{
  c->line = line;
  c->words = words;
  c->diags = diags;
  c->family = family;
  c->table = table;
  /* The parser passes the words after "-A CHAIN" (or "-I CHAIN N"): the
   * chain is word 1.  Only built-in chains restrict matches and targets by
   * chain (a user chain is checked where it is jumped to, at restore); the
   * table restricts them in every chain. */
  c->chain = first >= 2 ? ipm_canon_builtin_chain (table, words->v[1].text)
    : NULL;
  c->first = first;
  c->recording = FALSE;
  g_array_set_size (c->slots, 0);
  c->fallback = FALSE;
  c->literal = FALSE;
  c->src = c->dst = c->iif = c->oif = c->proto = c->frag = -1;
  c->src_neg = c->dst_neg = c->in_neg = c->out_neg = FALSE;
  c->addr_any[0] = c->addr_any[1] = FALSE;
  c->list_word[0] = c->list_word[1] = -1;
  c->proto_neg = c->frag_neg = FALSE;
  c->proto_num = 0;
  c->proto_used = FALSE;
  c->target_inst = -1;
  c->target_word = -1;
  c->target_name = NULL;
  c->is_goto = FALSE;
  memset (&c->counters, 0, sizeof c->counters);
  g_array_set_size (c->insts, 0);
  g_array_set_size (c->opts, 0);
  g_string_truncate (c->vals, 0);
  g_string_truncate (c->out, 0);
  g_string_truncate (c->proto_name, 0);
}

#define WORD(c, i) ((c)->words->v[(i)].text)
#define COL(c, i) ((c)->words->v[(i)].col)
#define INST(c, i) (&g_array_index ((c)->insts, IpmCanonInst, (i)))
#define OPT(c, i) (&g_array_index ((c)->opts, IpmCanonOpt, (i)))

/* ---- base options ---- */

/* The table is grammar/base.def (through grammar.h). */
typedef IpmGrammarBaseOpt IpmBaseOpt;

static gpointer
ipm_base_index_new (gpointer data)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;
  const IpmBaseOpt *opts = ipm_grammar_base_long (&n);

  for (guint i = 0; i < n; i++)
    g_hash_table_insert (index, (gpointer) opts[i].name, (gpointer) &opts[i]);
  return index;
}

/* Every long option of every rule is looked up here first: a hash built
 * once rather than a binary search. */
static const IpmBaseOpt *
ipm_base_long (const char *name)
{
  static GOnce once = G_ONCE_INIT;

  return g_hash_table_lookup (g_once (&once, ipm_base_index_new, NULL), name);
}

static const IpmBaseOpt *
ipm_base_short_opt (const char *word)
{
  if (word[0] != '-' || word[1] == '\0' || word[1] == '-')
    return NULL;
  guint n;
  const IpmBaseOpt *opts = ipm_grammar_base_short (&n);

  for (guint i = 0; i < n; i++)
    if (word[1] == opts[i].name[1])
      return &opts[i];
  return NULL;
}

/* Words that end an unknown module's literal words. */
static gboolean
ipm_canon_is_module_switch (const char *w)
{
  return strcmp (w, "-m") == 0 || strcmp (w, "-j") == 0
    || strcmp (w, "-g") == 0 || strcmp (w, "--match") == 0
    || strcmp (w, "--jump") == 0 || strcmp (w, "--goto") == 0;
}

/* ---- diagnostics ---- */

#define ipm_canon_error(c, i, ...) \
  ipm_diags_error ((c)->diags, (c)->line, \
                   (guint) (i) < (c)->words->n ? COL ((c), (i)) : 0, __VA_ARGS__)

/* Appends the comma list LIST for a message, "a, b or c", each item
 * preceded by PREFIX. */
static void
ipm_canon_append_list (GString *out, const char *list, const char *prefix)
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);
  guint n = g_strv_length (items);

  for (guint k = 0; k < n; k++)
    g_string_append_printf (out, "%s%s%s", k == 0 ? "" : k + 1 < n ? ", "
                            : " or ", prefix, items[k]);
}

/* Where a module may be used: the kernel refuses a module outside its
 * table (xt_check_match/target: .table, or the module's own check) in any
 * chain, and outside its hooks (.hooks) in a built-in chain.  A user
 * chain's hooks are those of the chains that reach it, known only when
 * the kernel commits the table, so it is checked for the table only. */
static gboolean
ipm_canon_check_place (IpmCanon *c, const IpmGrammarModule *m, guint word)
{
  const char *kind = m->kind == IPM_MODULE_TARGET ? "target" : "match";

  if (m->tables != NULL && c->table != NULL
      && !ipm_grammar_list_has (m->tables, c->table))
    {
      g_autoptr(GString) msg = g_string_new (NULL);

      g_string_append_printf (msg, "%s %s is only valid in table%s ", kind,
                              m->name, strchr (m->tables, ',') ? "s" : "");
      ipm_canon_append_list (msg, m->tables, "");
      g_string_append_printf (msg, " (used in table %s); move the rule to ",
                              c->table);
      ipm_canon_append_list (msg, m->tables, "*");
      ipm_canon_error (c, word, "%s", msg->str);
      return FALSE;
    }
  if (m->chains != NULL && c->chain != NULL
      && !ipm_grammar_list_has (m->chains, c->chain))
    {
      g_autoptr(GString) msg = g_string_new (NULL);
      g_autoptr(GString) here = g_string_new (NULL);
      const char *const *builtin = c->table != NULL
        ? ipm_table_builtin_chains (c->table) : NULL;

      /* Only the allowed chains this table has are worth suggesting. */
      for (; builtin != NULL && *builtin != NULL; builtin++)
        if (ipm_grammar_list_has (m->chains, *builtin))
          g_string_append_printf (here, "%s%s", here->len ? "," : "",
                                  *builtin);
      g_string_append_printf (msg, "%s %s is only valid in chain%s ", kind,
                              m->name, strchr (m->chains, ',') ? "s" : "");
      ipm_canon_append_list (msg, m->chains, "");
      g_string_append_printf (msg, " (used in %s); ", c->chain);
      if (c->table == NULL)
        ipm_strbuf_append (msg, "move the rule");
      else if (here->len > 0)
        {
          ipm_strbuf_append (msg, "move the rule to ");
          ipm_canon_append_list (msg, here->str, "");
        }
      else
        g_string_append_printf (msg, "table %s has none of them, move the "
                                "rule to another table", c->table);
      ipm_canon_error (c, word, "%s", msg->str);
      return FALSE;
    }
  return TRUE;
}

/* ---- option resolution ---- */

typedef enum {
  IPM_RESOLVE_BASE,
  IPM_RESOLVE_MODULE,
  IPM_RESOLVE_NONE,
  IPM_RESOLVE_FALLBACK,   /* cannot be placed with certainty */
  IPM_RESOLVE_ERROR,      /* reported */
} IpmResolve;

/* libxtables merges a module's options into getopt's table when the module
 * is first loaded (newest in front); a later instance of the same module
 * (a clone) adds nothing, but its options then go to that latest clone. */
static gboolean
ipm_canon_first_load (IpmCanon *c, guint i)
{
  for (guint j = 0; j < i; j++)
    if (INST (c, j)->module == INST (c, i)->module)
      return FALSE;
  return TRUE;
}

static guint
ipm_canon_latest (IpmCanon *c, guint i)
{
  guint latest = i;

  for (guint j = i + 1; j < c->insts->len; j++)
    if (INST (c, j)->module == INST (c, i)->module)
      latest = j;
  return latest;
}

/* Finds where the long option NAME goes, as getopt_long over the merged
 * option table would: exact names first (base, then newest module), then a
 * unique prefix. */
static IpmResolve
ipm_canon_resolve (IpmCanon *c, guint word, const char *name,
                   const IpmBaseOpt **base, guint *inst,
                   const IpmGrammarOpt **opt)
{
  const IpmBaseOpt *b = ipm_base_long (name);
  const IpmBaseOpt *base_opts;
  const IpmGrammarModule *hit_module = NULL;
  guint n_hits = 0, n_base;
  gsize len = strlen (name);
  GString *names;

  if (b != NULL)
    {
      *base = b;
      return IPM_RESOLVE_BASE;
    }
  for (guint i = c->insts->len; i-- > 0;)
    {
      IpmCanonInst *in = INST (c, i);
      const IpmGrammarOpt *o;

      /* A module of unknown options may have this very option. */
      if (in->module == NULL || (in->module->flags & IPM_MODULE_OPAQUE))
        return IPM_RESOLVE_FALLBACK;
      if (!ipm_canon_first_load (c, i))
        continue;
      o = ipm_grammar_option (in->module, name);
      if (o != NULL)
        {
          *inst = ipm_canon_latest (c, i);
          *opt = o;
          return IPM_RESOLVE_MODULE;
        }
    }

  /* Prefixes.  Aliases share getopt's option id, and clones of a module
   * share its ids, so only distinct (module, printed option) pairs and
   * distinct base options make a prefix ambiguous. */
  base_opts = ipm_grammar_base_long (&n_base);
  for (guint i = 0; i < n_base; i++)
    if (strncmp (base_opts[i].name, name, len) == 0)
      {
        gboolean dup = FALSE;

        for (guint j = 0; j < i; j++)
          if (base_opts[j].kind == base_opts[i].kind
              && base_opts[i].kind != IPM_BASE_COMMAND
              && strncmp (base_opts[j].name, name, len) == 0)
            dup = TRUE;
        if (dup)
          continue;
        n_hits++;
        *base = &base_opts[i];
      }
  for (guint i = c->insts->len; i-- > 0;)
    {
      IpmCanonInst *in = INST (c, i);
      const IpmGrammarOpt *first;
      guint n;

      if (!ipm_canon_first_load (c, i))
        continue;
      n = ipm_grammar_option_prefix (in->module, name, &first);
      for (guint k = 0; k < n; k++)
        {
          gboolean alias = FALSE;

          for (guint j = 0; j < k; j++)
            if (strcmp (first[j].print, first[k].print) == 0)
              alias = TRUE;
          if (alias)
            continue;
          if (hit_module == NULL)
            {
              hit_module = in->module;
              *inst = ipm_canon_latest (c, i);
              *opt = &first[k];
            }
          n_hits++;
        }
    }
  if (n_hits == 0)
    return IPM_RESOLVE_NONE;
  if (n_hits == 1)
    return hit_module != NULL ? IPM_RESOLVE_MODULE : IPM_RESOLVE_BASE;

  names = g_string_new (NULL);
  for (guint i = 0; i < n_base; i++)
    if (strncmp (base_opts[i].name, name, len) == 0)
      g_string_append_printf (names, " --%s", base_opts[i].name);
  for (guint i = c->insts->len; i-- > 0;)
    {
      const IpmGrammarOpt *first;
      guint n = ipm_grammar_option_prefix (INST (c, i)->module, name, &first);

      for (guint k = 0; k < n; k++)
        g_string_append_printf (names, " --%s", first[k].name);
    }
  ipm_canon_error (c, word, "option --%s is ambiguous (it could be%s); "
                   "write the option out in full", name, names->str);
  g_string_free (names, TRUE);
  return IPM_RESOLVE_ERROR;
}

/* Names the modules that have option NAME, for a hint. */
static char *
ipm_canon_modules_with (const char *name)
{
  GString *s = g_string_new (NULL);
  const IpmGrammarModule *mods;
  guint n;

  mods = ipm_grammar_matches (&n);
  for (guint i = 0; i < n; i++)
    if (ipm_grammar_option (&mods[i], name) != NULL)
      g_string_append_printf (s, "%s-m %s", s->len ? " or " : "",
                              mods[i].name);
  return g_string_free (s, FALSE);
}

/* "-m tcp or -j LOG": the modules loaded so far, for an unknown option. */
static char *
ipm_canon_loaded_modules (const IpmCanon *c)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < c->insts->len; i++)
    {
      const IpmCanonInst *in = &g_array_index (c->insts, IpmCanonInst, i);
      char *item;

      if (in->name == NULL)
        continue;
      item = g_strdup_printf ("%s %s", in->is_target ? "-j" : "-m", in->name);
      if (g_ptr_array_find_with_equal_func (seen, item, g_str_equal, NULL))
        {
          g_free (item);
          continue;
        }
      g_string_append_printf (s, "%s%s", s->len ? " or " : "", item);
      g_ptr_array_add (seen, item);
    }
  return g_string_free (s, FALSE);
}

/* "; did you mean --dport?" for the unknown option NAME: the closest
 * option of the modules loaded so far or of the rule itself; else "". */
static char *
ipm_canon_option_hint (const IpmCanon *c, const char *name)
{
  g_auto(IpmSuggest) s = { 0 };
  g_autofree char *close = NULL;
  guint n_base;
  const IpmBaseOpt *base_opts = ipm_grammar_base_long (&n_base);

  ipm_suggest_init (&s, name);
  for (guint i = 0; i < n_base; i++)
    if (base_opts[i].kind != IPM_BASE_COMMAND)
      ipm_suggest_offer (&s, base_opts[i].name);
  for (guint i = 0; i < c->insts->len; i++)
    ipm_suggest_offer_options (&s, g_array_index (c->insts, IpmCanonInst,
                                                  i).module);
  close = ipm_suggest_result (&s, "--");
  return close != NULL ? g_strdup_printf ("; did you mean %s?", close)
                       : g_strdup ("");
}

/* ---- instances ---- */

static guint
ipm_canon_add_inst (IpmCanon *c, const IpmGrammarModule *module,
                    const char *name, guint word, gboolean is_target)
{
  IpmCanonInst in = { module, name, word, word, is_target, FALSE, FALSE, 0,
                      0 };

  g_array_append_val (c->insts, in);
  return c->insts->len - 1;
}

/* Options of module instances that cannot be described are printed as the
 * words were given; an unknown module keeps all its words. */
static guint
ipm_canon_literal_span (IpmCanon *c, guint i)
{
  while (i < c->words->n && !ipm_canon_is_module_switch (WORD (c, i)))
    i++;
  return i;
}

/* TRUE when word I, after "-j NAME" with NAME no target the grammar knows,
 * is a long option that no base option is spelled as or abbreviated to
 * (getopt takes prefixes): then NAME is a target with options, not a
 * chain. */
static gboolean
ipm_canon_unknown_target_opts (const IpmCanon *c, guint i)
{
  const char *w, *eq;
  gsize len;
  guint n;
  const IpmBaseOpt *opts = ipm_grammar_base_long (&n);

  if (i >= c->words->n)
    return FALSE;
  w = WORD (c, i);
  if (w[0] != '-' || w[1] != '-' || w[2] == '\0')
    return FALSE;
  eq = strchr (w + 2, '=');
  len = eq != NULL ? (gsize) (eq - (w + 2)) : strlen (w + 2);
  for (guint k = 0; k < n; k++)
    if (strncmp (opts[k].name, w + 2, len) == 0)
      return FALSE;
  return TRUE;
}

static gboolean ipm_canon_proto_has_ports (const IpmCanon *c);

/* ---- verdicts on values ----
 *
 * Each decision canon.c takes on a value word alone is made by one of
 * these, so that ipm_canon_slot_value (the cache's question) and the
 * canonicalization below cannot disagree. */

typedef enum {
  IPM_TARGET_CHAIN,
  IPM_TARGET_MODULE,
  IPM_TARGET_EMPTY,
  IPM_TARGET_BUILTIN,
} IpmTargetKind;

/* What the name after -j (or -g: IS_GOTO) is; *MODULE gets the target
 * module of IPM_TARGET_MODULE (any family). */
static IpmTargetKind
ipm_canon_target_kind (const char *name, gboolean is_goto,
                       const IpmGrammarModule **module)
{
  *module = NULL;
  if (name[0] == '\0')
    return IPM_TARGET_EMPTY;
  if (ipm_chain_name_builtin (name))
    return IPM_TARGET_BUILTIN;
  /* one lookup for any family: most -j name a chain, not a target */
  if (!is_goto && (*module = ipm_grammar_target (name, 0)) != NULL)
    return IPM_TARGET_MODULE;
  return IPM_TARGET_CHAIN;
}

/* -i/-o NAME: 1 to 15 characters. */
static gboolean
ipm_canon_interface_valid (const char *name)
{
  return name[0] != '\0' && strlen (name) <= 15;
}

/* -i/-o NAME is printed: "+" matches every name, and the save leaves it
 * out; "! -i +" matches no packet and iptables-nft prints it as written
 * (iptables-legacy's save drops it, losing the negation: a rule that
 * drops nothing would read as one that drops everything). */
static gboolean
ipm_canon_interface_printed (const char *name, gboolean neg)
{
  return neg || strcmp (name, "+") != 0;
}

/* -s/-d TEXT is a list of addresses. */
static gboolean
ipm_canon_address_is_list (const char *text)
{
  return strchr (text, ',') != NULL;
}

/* A comment of TEXT_LEN bytes is cut by the kernel (canon.c warns). */
static gboolean
ipm_canon_comment_cut (const IpmGrammarOpt *g, gsize text_len)
{
  return g->type == IPM_TYPE_COMMENT && text_len > 255;
}

/* Option G's value ARG[0..LEN) names ports, and the rule's protocol has
 * none (HAS_PORTS FALSE): refused. */
static gboolean
ipm_canon_ports_missing (const IpmGrammarOpt *g, IpmFamily family,
                         const char *arg, gsize len, gboolean has_ports)
{
  return !has_ports
    && ipm_canon_value_names_ports_len (g->type, family, arg, len);
}

/* Option G, given with NEG, has the printed value VAL[0..LEN) that the
 * save leaves out as the default. */
static gboolean
ipm_canon_is_default (const IpmGrammarOpt *g, gboolean neg, IpmFamily family,
                      const char *val, gsize len)
{
  const char *d;

  if (!(g->flags & IPM_OPT_DROP) || neg)
    return FALSE;
  d = ipm_grammar_option_default (g, family);
  return d != NULL && strlen (d) == len && memcmp (val, d, len) == 0;
}

/* The options of module M whose values ipm_canon_hook reads: never
 * slots, their words are compared as they are. */
static gboolean
ipm_canon_hook_reads (const IpmGrammarModule *m, const IpmGrammarOpt *g)
{
  switch ((IpmHook) m->hook)
    {
    case IPM_HOOK_HASHLIMIT:
      return strcmp (g->print, "hashlimit-upto") == 0
        || strcmp (g->print, "hashlimit-above") == 0
        || strcmp (g->print, "hashlimit-htable-expire") == 0;
    case IPM_HOOK_REJECT:
      return strcmp (g->print, "reject-with") == 0;
    case IPM_HOOK_CONNMARK_TG:
      return strcmp (g->print, "mask") == 0;
    case IPM_HOOK_TIME:
      return strcmp (g->print, "timestart") == 0
        || strcmp (g->print, "timestop") == 0
        || strcmp (g->print, "weekdays") == 0
        || strcmp (g->print, "monthdays") == 0;
    default:
      return FALSE;
    }
}

static IpmCanonVerdict
ipm_canon_verdict (const GString *out, const char *raw, gsize raw_len)
{
  return out->len == raw_len && memcmp (out->str, raw, raw_len) == 0
    ? IPM_CANON_VALUE_AS_WRITTEN : IPM_CANON_VALUE_RESPELLED;
}

/* A name printed as ipm_quote_min prints it (an interface, a chain).
 * A word whose text is its bytes as written was neither quoted nor
 * escaped, so it has no blank and no quote: ipm_quote_min prints it as it
 * is. */
static IpmCanonVerdict
ipm_canon_min_verdict (const char *name, const char *raw, gsize raw_len,
                       GString *out)
{
  if (raw_len > 0 && raw[0] != '"' && memcmp (raw, name, raw_len) == 0
      && name[raw_len] == '\0')
    return IPM_CANON_VALUE_AS_WRITTEN;
  ipm_strbuf_clear (out);
  ipm_quote_min (out, name);
  return ipm_canon_verdict (out, raw, raw_len);
}

static IpmCanonVerdict
ipm_canon_option_verdict (const IpmCanonSlot *slot, IpmFamily family,
                          const char *const *args, const char *raw,
                          gsize raw_len, GString *out)
{
  const IpmGrammarOpt *g = slot->opt;
  IpmValueCtx ctx = { family, slot->proto, NULL, 0 };
  IpmCanonVerdict verdict = IPM_CANON_VALUE_AS_WRITTEN;
  const char *printed = raw, *arg = raw;
  gsize printed_len = raw_len, arg_len = raw_len;

  if (args == NULL)
    {
      gboolean quoted = raw_len >= 2 && raw[0] == '"';
      gsize text_len = raw_len - (quoted ? 2 : 0);

      /* "--opt ! VALUE": the old negation, refused */
      if (text_len == 1 && raw[quoted ? 1 : 0] == '!')
        return IPM_CANON_VALUE_OTHER;
      if (slot->string)
        {
          if (!ipm_canon_value_string_as_printed (raw, raw_len))
            return IPM_CANON_VALUE_NEEDS_TEXT;
          if (ipm_canon_comment_cut (g, text_len))
            return IPM_CANON_VALUE_OTHER;
          /* a string names no ports */
        }
      else if (g->nargs != 1 || quoted
               || !ipm_canon_value_as_printed (g->type, &ctx, raw, raw_len))
        return IPM_CANON_VALUE_NEEDS_TEXT;
    }
  else
    {
      if (strcmp (args[0], "!") == 0)
        return IPM_CANON_VALUE_OTHER;
      ipm_strbuf_clear (out);
      if (ipm_canon_value (g->type, &ctx, args, g->nargs, out) != IPM_VALUE_OK)
        {
          g_clear_error (&ctx.error);
          return IPM_CANON_VALUE_OTHER;
        }
      /* printed as nothing: not in the value's place */
      if (out->len == 0 || ipm_canon_comment_cut (g, strlen (args[0])))
        return IPM_CANON_VALUE_OTHER;
      printed = out->str;
      printed_len = out->len;
      arg = args[0];
      arg_len = strlen (args[0]);
      verdict = ipm_canon_verdict (out, raw, raw_len);
    }
  if (ipm_canon_ports_missing (g, family, arg, arg_len, slot->has_ports)
      || ipm_canon_is_default (g, slot->neg, family, printed, printed_len))
    return IPM_CANON_VALUE_OTHER;
  return verdict;
}

IpmCanonVerdict
ipm_canon_slot_value (const IpmCanonSlot *slot, IpmFamily family,
                      const char *const *args, const char *raw, gsize raw_len,
                      GString *out)
{
  switch (slot->kind)
    {
    case IPM_CANON_SLOT_ADDRESS:
      {
        gboolean any = FALSE;
        g_autoptr(GError) error = NULL;

        if (args == NULL)
          {
            if (raw[0] != '"'
                && ipm_canon_value_address_as_printed (family, raw, raw_len,
                                                       &any))
              return any ? IPM_CANON_VALUE_OTHER : IPM_CANON_VALUE_AS_WRITTEN;
            return IPM_CANON_VALUE_NEEDS_TEXT;
          }
        if (strcmp (args[0], "!") == 0 || ipm_canon_address_is_list (args[0]))
          return IPM_CANON_VALUE_OTHER;
        ipm_strbuf_clear (out);
        if (!ipm_canon_value_address (family, args[0], out, &any, &error))
          return IPM_CANON_VALUE_OTHER;
        /* 0.0.0.0/0 is left out (or, negated, refused) */
        if (any)
          return IPM_CANON_VALUE_OTHER;
        return ipm_canon_verdict (out, raw, raw_len);
      }
    case IPM_CANON_SLOT_INTERFACE:
      if (args == NULL)
        return IPM_CANON_VALUE_NEEDS_TEXT;
      if (strcmp (args[0], "!") == 0 || !ipm_canon_interface_valid (args[0])
          || !ipm_canon_interface_printed (args[0], slot->neg))
        return IPM_CANON_VALUE_OTHER;
      return ipm_canon_min_verdict (args[0], raw, raw_len, out);
    case IPM_CANON_SLOT_CHAIN:
      {
        const IpmGrammarModule *t;

        if (args == NULL)
          return IPM_CANON_VALUE_NEEDS_TEXT;
        if (ipm_canon_target_kind (args[0], slot->is_goto, &t)
            != IPM_TARGET_CHAIN)
          return IPM_CANON_VALUE_OTHER;
        return ipm_canon_min_verdict (args[0], raw, raw_len, out);
      }
    case IPM_CANON_SLOT_OPTION:
      return ipm_canon_option_verdict (slot, family, args, raw, raw_len, out);
    default:
      g_assert_not_reached ();
    }
}

/* Remembers, when recording, that the value at word WORD (NARGS words)
 * was printed from OUT[AT..] to OUT's end. */
static void
ipm_canon_record (IpmCanon *c, IpmCanonSlotKind kind, guint word,
                  guint nargs, gboolean neg, const IpmGrammarOpt *opt,
                  const char *proto, gsize at, const GString *out)
{
  IpmCanonSlot slot = { .kind = kind, .word = word - c->first,
                        .nargs = nargs, .neg = neg, .opt = opt, .at = at,
                        .len = out->len - at };

  if (!c->recording)
    return;
  if (kind == IPM_CANON_SLOT_CHAIN)
    slot.is_goto = c->is_goto;
  slot.wants_text = kind == IPM_CANON_SLOT_CHAIN
    || kind == IPM_CANON_SLOT_INTERFACE;
  if (kind == IPM_CANON_SLOT_OPTION)
    {
      slot.string = nargs == 1 && ipm_canon_value_is_string (opt->type);
      slot.has_ports = ipm_canon_proto_has_ports (c);
      slot.proto = proto != NULL ? g_intern_string (proto) : NULL;
    }
  g_array_append_val (c->slots, slot);
}

/* ---- the parse ---- */

static gboolean
ipm_canon_value_opt (IpmCanon *c, IpmCanonOpt *o, const char *const *args,
                     const guint *arg_words)
{
  const IpmCanonInst *in = INST (c, o->inst);
  IpmValueCtx ctx = { c->family, NULL, NULL, 0 };
  IpmValueStatus st;
  const IpmGrammarOpt *g = o->opt;

  ctx.proto = in->module->proto;
  if (ctx.proto == NULL && c->proto_name->len > 0)
    ctx.proto = c->proto_name->str;
  o->val_off = c->vals->len;
  if (g->flags & IPM_OPT_FIXED)
    {
      ipm_strbuf_append (c->vals, g->dflt);
      st = IPM_VALUE_OK;
    }
  else
    st = ipm_canon_value (g->type, &ctx, args, g->nargs, c->vals);
  o->val_len = c->vals->len - o->val_off;
  if (st == IPM_VALUE_ERROR)
    {
      guint w = arg_words[MIN (ctx.error_arg, (guint) g->nargs - 1)];

      ipm_canon_error (c, w, "--%s: %s", g->name, ctx.error->message);
      g_clear_error (&ctx.error);
      return FALSE;
    }
  if (st == IPM_VALUE_LITERAL || (g->flags & IPM_OPT_LITERAL))
    INST (c, o->inst)->literal = TRUE;
  if (g->type == IPM_TYPE_COMMENT && o->val_len > 0)
    {
      gsize raw = strlen (args[0]);

      if (ipm_canon_comment_cut (g, raw))
        {
          /* The kernel keeps the first 255 bytes, so that is the rule. */
          ipm_diags_warning (c->diags, c->line, COL (c, arg_words[0]),
                             "comment of %zu bytes; the kernel silently "
                             "keeps only the first 255", raw);
          g_string_truncate (c->vals, o->val_off);
          g_autofree char *cut = g_strndup (args[0], 255);
          ipm_quote_save (c->vals, cut);
          o->val_len = c->vals->len - o->val_off;
        }
    }
  return TRUE;
}

/* Handles a module option at word I (already resolved); returns the index
 * of the next word, or 0 after an error. */
static guint
ipm_canon_module_option (IpmCanon *c, guint i, const char *inline_arg,
                         guint inst, const IpmGrammarOpt *g, gboolean neg,
                         gboolean *old_neg_word)
{
  IpmCanonOpt o = { g, inst, i, neg, TRUE, 0, 0, inline_arg != NULL };
  const char *args[2] = { NULL, NULL };
  guint arg_words[2] = { i, i };
  guint next = i + 1;
  const IpmCanonInst *in = INST (c, inst);

  if (neg && !(g->flags & IPM_OPT_NEG))
    {
      ipm_canon_error (c, i, "%s: option --%s cannot be inverted; remove "
                       "the '!'", in->name, g->name);
      return 0;
    }
  for (guint k = 0; k < g->nargs; k++)
    {
      if (k == 0 && inline_arg != NULL)
        {
          args[0] = inline_arg;
          continue;
        }
      /* iptables 1.8.9 no longer takes the old "--opt ! value"; a "!"
       * there is the value, which only a text option takes ("--comment
       * !", "--log-prefix !"). */
      if (k == 0 && next < c->words->n && strcmp (WORD (c, next), "!") == 0
          && !ipm_canon_value_takes_text (g->type))
        {
          ipm_canon_error (c, next, "'--%s ! VALUE' is the old negation "
                           "form, which iptables 1.8.9 rejects; write "
                           "'! --%s VALUE'", g->name, g->name);
          return 0;
        }
      if (next >= c->words->n)
        {
          ipm_canon_error (c, i, "option --%s needs %u argument%s", g->name,
                           g->nargs, g->nargs > 1 ? "s" : "");
          return 0;
        }
      args[k] = WORD (c, next);
      arg_words[k] = next;
      next++;
    }
  if (inline_arg != NULL && g->nargs == 0)
    {
      ipm_canon_error (c, i, "option --%s takes no argument", g->name);
      return 0;
    }

  /* Given twice, or together with an exclusive option. */
  for (guint k = 0; k < c->opts->len; k++)
    {
      const IpmCanonOpt *p = OPT (c, k);

      if (p->inst != inst)
        continue;
      if (strcmp (p->opt->print, g->print) == 0
          && !(g->flags & IPM_OPT_REPEAT))
        {
          ipm_canon_error (c, i, "%s: option --%s can only be used once",
                           in->name, p->opt->name);
          return 0;
        }
      if (g->group != 0 && p->opt->group == g->group)
        {
          ipm_canon_error (c, i, "%s: --%s cannot be combined with --%s",
                           in->name, g->name, p->opt->name);
          return 0;
        }
    }
  /* Options the module's check refuses in some hooks (e.g. addrtype's
   * --limit-iface-in where packets have no input interface yet). */
  if (g->chains != NULL && c->chain != NULL
      && !ipm_grammar_list_has (g->chains, c->chain))
    {
      g_autoptr(GString) msg = g_string_new (NULL);

      g_string_append_printf (msg, "%s: option --%s is only valid in "
                              "chain%s ", in->name, g->name,
                              strchr (g->chains, ',') ? "s" : "");
      ipm_canon_append_list (msg, g->chains, "");
      g_string_append_printf (msg, " (used in %s); remove it or move the "
                              "rule", c->chain);
      ipm_canon_error (c, i, "%s", msg->str);
      return 0;
    }
  if (!ipm_canon_value_opt (c, &o, args, arg_words))
    return 0;
  /* NAT ports need a protocol with ports, given before this option. */
  if (ipm_canon_ports_missing (g, c->family, args[0] != NULL ? args[0] : "",
                               args[0] != NULL ? strlen (args[0]) : 0,
                               ipm_canon_proto_has_ports (c)))
    {
      ipm_canon_error (c, arg_words[0], "--%s with a port needs -p tcp, "
                       "udp, sctp or dccp before it", g->name);
      return 0;
    }
  g_array_append_val (c->opts, o);
  return next;
}

/* Loads the match for the rule's protocol, as iptables does the first time
 * an option is unknown.  Returns FALSE when there is none to load. */
static gboolean
ipm_canon_load_proto (IpmCanon *c, guint word, gboolean *unknown)
{
  const IpmGrammarModule *m;

  *unknown = FALSE;
  if (c->proto < 0 || c->proto_used || c->proto_num == 0)
    return FALSE;
  c->proto_used = TRUE;
  m = ipm_grammar_match (c->proto_name->str, c->family);
  if (m == NULL && ipm_grammar_match (c->proto_name->str, 0) != NULL)
    {
      ipm_canon_error (c, word, "-p %s has no match for IPv%d rules (use "
                       "%s)", c->proto_name->str,
                       c->family == IPM_FAMILY_IPV6 ? 6 : 4,
                       c->family == IPM_FAMILY_IPV6 ? "-p ipv6-icmp"
                       : "-p icmp");
      *unknown = FALSE;
      c->proto_used = TRUE;
      return FALSE;
    }
  if (m == NULL)
    {
      /* e.g. -p esp --espspi: a module the grammar does not describe. */
      *unknown = TRUE;
      return FALSE;
    }
  ipm_canon_add_inst (c, m, m->name, word, FALSE);
  return TRUE;
}

static gboolean
ipm_canon_base_value (IpmCanon *c, IpmBaseKind kind, guint i, guint argw,
                      gboolean neg)
{
  const char *what = NULL;
  int *slot = NULL;
  gboolean *neg_slot = NULL;

  switch (kind)
    {
    case IPM_BASE_SOURCE:
      slot = &c->src, neg_slot = &c->src_neg, what = "-s";
      break;
    case IPM_BASE_DEST:
      slot = &c->dst, neg_slot = &c->dst_neg, what = "-d";
      break;
    case IPM_BASE_IN:
      slot = &c->iif, neg_slot = &c->in_neg, what = "-i";
      break;
    case IPM_BASE_OUT:
      slot = &c->oif, neg_slot = &c->out_neg, what = "-o";
      break;
    case IPM_BASE_PROTO:
      slot = &c->proto, neg_slot = &c->proto_neg, what = "-p";
      break;
    case IPM_BASE_FRAG:
      slot = &c->frag, neg_slot = &c->frag_neg, what = "-f";
      break;
    default:
      g_assert_not_reached ();
    }
  if (*slot >= 0)
    {
      ipm_canon_error (c, i, "multiple %s options; a rule takes one", what);
      return FALSE;
    }
  *slot = argw;
  *neg_slot = neg;
  if (kind == IPM_BASE_FRAG && c->family == IPM_FAMILY_IPV6)
    {
      ipm_canon_error (c, i, "ip6tables has no -f; use -m frag");
      return FALSE;
    }
  if (kind == IPM_BASE_PROTO)
    {
      g_autoptr(GError) error = NULL;

      if (!ipm_canon_value_protocol (WORD (c, argw), c->proto_name,
                                     &c->proto_num, &error))
        {
          ipm_canon_error (c, argw, "%s", error->message);
          return FALSE;
        }
    }
  if ((kind == IPM_BASE_SOURCE || kind == IPM_BASE_DEST)
      && ipm_canon_address_is_list (WORD (c, argw)))
    {
      if (neg)
        {
          ipm_canon_error (c, argw, "'! %s %s': iptables takes no '!' with "
                           "a list of addresses; write one rule per address",
                           what, WORD (c, argw));
          return FALSE;
        }
      if (!c->split_lists)
        {
          ipm_canon_error (c, argw, "'%s' is a list: iptables makes one rule "
                           "per address; write one rule for each",
                           WORD (c, argw));
          return FALSE;
        }
      /* one rule per address: ipm_canon_rules_in_table makes them */
      c->list_word[kind == IPM_BASE_DEST] = argw;
    }
  if ((kind == IPM_BASE_IN || kind == IPM_BASE_OUT)
      && !ipm_chain_has_interface (c->chain, kind == IPM_BASE_OUT))
    {
      ipm_canon_error (c, i, "can't use %s in %s: packets there have no %s "
                       "interface yet", kind == IPM_BASE_IN ? "-i" : "-o",
                       c->chain, kind == IPM_BASE_IN ? "input" : "output");
      return FALSE;
    }
  if ((kind == IPM_BASE_IN || kind == IPM_BASE_OUT)
      && !ipm_canon_interface_valid (WORD (c, argw)))
    {
      ipm_canon_error (c, argw, "interface name '%s' must be 1 to 15 "
                       "characters", WORD (c, argw));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ipm_canon_parse_counters (IpmCanon *c, guint i, guint a, guint b)
{
  guint64 p, q;

  if (!g_ascii_string_to_unsigned (WORD (c, a), 10, 0, G_MAXUINT64, &p, NULL)
      || !g_ascii_string_to_unsigned (WORD (c, b), 10, 0, G_MAXUINT64, &q,
                                      NULL))
    {
      ipm_canon_error (c, a, "-c needs two counters PACKETS BYTES "
                       "(decimal numbers)");
      return FALSE;
    }
  if (c->counters.present)
    {
      ipm_canon_error (c, i, "multiple -c options; a rule takes one");
      return FALSE;
    }
  c->counters.present = TRUE;
  c->counters.packets = p;
  c->counters.bytes = q;
  return TRUE;
}

/* Handles -m NAME / -j NAME / -g NAME at word I with the name at word A;
 * returns the next word index, or 0 after an error. */
static guint
ipm_canon_module_word (IpmCanon *c, IpmBaseKind kind, guint i, guint a)
{
  const char *name = WORD (c, a);
  const IpmGrammarModule *t;

  if (kind == IPM_BASE_MATCH)
    {
      const IpmGrammarModule *m = ipm_grammar_match (name, c->family);
      guint inst;

      if (name[0] == '\0')
        {
          ipm_canon_error (c, a, "-m needs a match name");
          return 0;
        }
      if (m == NULL && ipm_grammar_match (name, 0) != NULL)
        {
          ipm_canon_error (c, a, "match %s is for IPv%d rules only", name,
                           c->family == IPM_FAMILY_IPV6 ? 4 : 6);
          return 0;
        }
      inst = ipm_canon_add_inst (c, m, m != NULL ? m->name : name, i, FALSE);
      INST (c, inst)->name_word = a;
      if (m == NULL)
        {
          IpmCanonInst *in = INST (c, inst);

          in->literal = TRUE;
          in->lit_first = a + 1;
          in->lit_end = ipm_canon_literal_span (c, a + 1);
          c->literal = TRUE;
          return in->lit_end;
        }
      return a + 1;
    }

  if (c->target_word >= 0)
    {
      ipm_canon_error (c, i, "multiple -j/-g options; a rule has one target");
      return 0;
    }
  c->target_word = i;
  c->target_name = name;
  c->is_goto = kind == IPM_BASE_GOTO;
  switch (ipm_canon_target_kind (name, c->is_goto, &t))
    {
    case IPM_TARGET_EMPTY:
      ipm_canon_error (c, a, "%s needs a target or chain name",
                       c->is_goto ? "-g" : "-j");
      return 0;
    case IPM_TARGET_BUILTIN:
      ipm_canon_error (c, a, "cannot jump to the built-in chain %s; jump to "
                       "a user chain", name);
      return 0;
    default:
      break;
    }
  if (!c->is_goto)
    {
      if (t != NULL && t->family != 0 && t->family != c->family)
        {
          ipm_canon_error (c, a, "target %s is for IPv%d rules only", name,
                           c->family == IPM_FAMILY_IPV6 ? 4 : 6);
          return 0;
        }
      if (t != NULL)
        {
          guint inst = ipm_canon_add_inst (c, t, t->name, i, TRUE);

          INST (c, inst)->name_word = a;
          c->target_inst = inst;
          if (t->flags & IPM_MODULE_OPAQUE)
            {
              IpmCanonInst *in = INST (c, inst);

              in->literal = TRUE;
              in->lit_first = a + 1;
              in->lit_end = ipm_canon_literal_span (c, a + 1);
              if (in->lit_end > in->lit_first)
                c->literal = TRUE;
              return in->lit_end;
            }
        }
      else if (ipm_canon_unknown_target_opts (c, a + 1))
        {
          /* A chain takes no options: a target iptables may have and the
           * grammar lacks (xtables-addons' TARPIT, say), kept word for word
           * like an unknown match. */
          guint inst = ipm_canon_add_inst (c, NULL, name, i, TRUE);
          IpmCanonInst *in = INST (c, inst);

          in->name_word = a;
          c->target_inst = inst;
          in->literal = TRUE;
          in->lit_first = a + 1;
          in->lit_end = ipm_canon_literal_span (c, a + 1);
          c->literal = TRUE;
          return in->lit_end;
        }
    }
  return a + 1;
}

/* Walks the words; fills the base part, instances and options. */
static gboolean
ipm_canon_parse (IpmCanon *c, guint first)
{
  gboolean neg = FALSE;
  guint neg_word = 0;
  guint i = first;

  while (i < c->words->n)
    {
      const char *w = WORD (c, i);
      const IpmBaseOpt *b = NULL;
      const IpmGrammarOpt *g = NULL;
      const char *inline_arg = NULL;
      guint inst = 0;
      IpmResolve r;
      gboolean old_neg = FALSE;
      guint next;

      if (strcmp (w, "!") == 0)
        {
          if (neg)
            {
              ipm_canon_error (c, i, "multiple consecutive '!' are not "
                               "allowed");
              return FALSE;
            }
          neg = TRUE;
          neg_word = i;
          i++;
          continue;
        }
      if (w[0] != '-' || w[1] == '\0')
        {
          ipm_canon_error (c, i, "unexpected word '%s'; options start with "
                           "'-' (missing quotes around a value?)", w);
          return FALSE;
        }
      if (w[1] != '-')
        {
          b = ipm_base_short_opt (w);
          if (b == NULL)
            {
              ipm_canon_error (c, i, "unknown option '%s'", w);
              return FALSE;
            }
          /* getopt also takes "-sADDR". */
          if (w[2] != '\0')
            {
              if (b->nargs == 0)
                {
                  ipm_canon_error (c, i, "unknown option '%s'", w);
                  return FALSE;
                }
              inline_arg = w + 2;
            }
          r = IPM_RESOLVE_BASE;
        }
      else
        {
          g_autofree char *name_copy = NULL;
          const char *name = w + 2;
          const char *eq = strchr (w + 2, '=');

          if (w[2] == '\0')
            {
              ipm_canon_error (c, i, "unexpected '--'");
              return FALSE;
            }
          if (eq != NULL)
            {
              name = name_copy = g_strndup (w + 2, eq - (w + 2));
              inline_arg = eq + 1;
            }
          for (;;)
            {
              gboolean unknown;

              r = ipm_canon_resolve (c, i, name, &b, &inst, &g);
              if (r != IPM_RESOLVE_NONE)
                break;
              guint before = c->diags->n_errors;

              if (ipm_canon_load_proto (c, i, &unknown))
                continue;
              if (c->diags->n_errors > before)
                return FALSE;
              if (unknown)
                r = IPM_RESOLVE_FALLBACK;
              break;
            }
          if (r == IPM_RESOLVE_ERROR)
            return FALSE;
          if (r == IPM_RESOLVE_FALLBACK)
            {
              c->fallback = TRUE;
              return TRUE;
            }
          if (r == IPM_RESOLVE_NONE)
            {
              g_autofree char *mods = ipm_canon_modules_with (name);
              g_autofree char *loaded = ipm_canon_loaded_modules (c);
              g_autofree char *hint = ipm_canon_option_hint (c, name);

              if (mods[0] == '\0' && loaded[0] != '\0')
                ipm_canon_error (c, i, "unknown option --%s: not an option "
                                 "of %s%s", name, loaded, hint);
              else if (c->target_word < 0 && ipm_grammar_target (name, 0) == NULL
                  && mods[0] == '\0')
                {
                  /* A target option before -j, or a typo. */
                  ipm_canon_error (c, i, "unknown option --%s%s", name, hint);
                }
              else if (mods[0] != '\0')
                ipm_canon_error (c, i, "unknown option --%s: it belongs to "
                                 "a match that is not loaded; add %s before "
                                 "it (or -p for the implicit protocol match)",
                                 name, mods);
              else
                ipm_canon_error (c, i, "unknown option --%s", name);
              return FALSE;
            }
        }

      if (r == IPM_RESOLVE_MODULE)
        {
          next = ipm_canon_module_option (c, i, inline_arg, inst, g, neg,
                                          &old_neg);
          if (next == 0)
            return FALSE;
          neg = FALSE;
          i = next;
          continue;
        }

      /* Base option. */
      switch ((IpmBaseKind) b->kind)
        {
        case IPM_BASE_COMMAND:
          ipm_canon_error (c, i, "'%s' is a command, not part of a rule", w);
          return FALSE;
        case IPM_BASE_NOOP:
          /* -v is accepted by iptables-restore and changes nothing. */
          if (neg)
            goto bad_neg;
          i++;
          continue;
        case IPM_BASE_IPV4:
        case IPM_BASE_IPV6:
          if ((b->kind == IPM_BASE_IPV6) != (c->family == IPM_FAMILY_IPV6))
            {
              ipm_canon_error (c, i, "'%s' in an IPv%d dump: iptables-restore "
                               "would skip this line; remove the rule or the "
                               "option", w,
                               c->family == IPM_FAMILY_IPV6 ? 6 : 4);
              return FALSE;
            }
          if (neg)
            goto bad_neg;
          i++;
          continue;
        case IPM_BASE_FRAG:
          if (!ipm_canon_base_value (c, b->kind, i, i, neg))
            return FALSE;
          neg = FALSE;
          i++;
          continue;
        case IPM_BASE_COUNTERS:
          if (neg)
            goto bad_neg;
          if (i + 2 >= c->words->n + (inline_arg ? 1 : 0))
            {
              ipm_canon_error (c, i, "-c needs two counters PACKETS BYTES");
              return FALSE;
            }
          if (inline_arg != NULL)
            {
              ipm_canon_error (c, i, "write -c PACKETS BYTES as separate "
                               "words");
              return FALSE;
            }
          if (!ipm_canon_parse_counters (c, i, i + 1, i + 2))
            return FALSE;
          i += 3;
          continue;
        default:
          break;
        }

      /* Base options with one argument. */
      if (inline_arg != NULL)
        {
          ipm_canon_error (c, i, "write '%s' and its value as separate "
                           "words", w);
          return FALSE;
        }
      if (i + 1 >= c->words->n)
        {
          ipm_canon_error (c, i, "option %s needs an argument", w);
          return FALSE;
        }
      if (b->kind == IPM_BASE_MATCH || b->kind == IPM_BASE_JUMP
          || b->kind == IPM_BASE_GOTO)
        {
          if (neg)
            goto bad_neg;
          next = ipm_canon_module_word (c, b->kind, i, i + 1);
          if (next == 0)
            return FALSE;
          i = next;
          continue;
        }
      next = i + 1;
      if (strcmp (WORD (c, next), "!") == 0)
        {
          ipm_canon_error (c, next, "'%s ! VALUE' is the old negation form, "
                           "which iptables 1.8.9 rejects; write '! %s VALUE'",
                           w, w);
          return FALSE;
        }
      if (!ipm_canon_base_value (c, b->kind, i, next, neg))
        return FALSE;
      neg = FALSE;
      i = next + 1;
    }
  if (neg)
    {
      ipm_canon_error (c, neg_word, "'!' at the end of the rule negates "
                       "nothing; remove it");
      return FALSE;
    }
  return TRUE;

bad_neg:
  ipm_canon_error (c, neg_word, "'!' cannot precede %s; remove it",
                   WORD (c, neg_word + 1));
  return FALSE;
}

/* ---- per-module checks, hooks and defaults ---- */

static IpmCanonOpt *
ipm_canon_find_opt (IpmCanon *c, guint inst, const char *print)
{
  for (guint k = 0; k < c->opts->len; k++)
    {
      IpmCanonOpt *o = OPT (c, k);

      if (o->inst == inst && o->opt != NULL
          && strcmp (o->opt->print, print) == 0)
        return o;
    }
  return NULL;
}

static gboolean
ipm_canon_group_given (IpmCanon *c, guint inst, const IpmGrammarOpt *g)
{
  for (guint k = 0; k < c->opts->len; k++)
    {
      const IpmCanonOpt *o = OPT (c, k);

      /* a hook may have dropped it (opt NULL) */
      if (o->inst != inst || o->opt == NULL)
        continue;
      if (g->group != 0 ? o->opt->group == g->group
          : strcmp (o->opt->print, g->print) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
ipm_canon_add_value (IpmCanon *c, guint inst, const IpmGrammarOpt *g,
                     const char *value)
{
  IpmCanonOpt o = { g, inst, INST (c, inst)->word, FALSE, FALSE, 0, 0,
                    FALSE };

  o.val_off = c->vals->len;
  ipm_strbuf_append (c->vals, value);
  o.val_len = c->vals->len - o.val_off;
  g_array_append_val (c->opts, o);
}


/* TRUE when the rule's protocol (not inverted) is one that has ports. */
static gboolean
ipm_canon_proto_has_ports (const IpmCanon *c)
{
  return c->proto >= 0 && !c->proto_neg
    && ipm_canon_value_proto_has_ports (c->proto_num);
}

static const char *
ipm_canon_opt_value (IpmCanon *c, const IpmCanonOpt *o, GString *buf)
{
  g_string_truncate (buf, 0);
  ipm_strbuf_append_len (buf, c->vals->str + o->val_off, o->val_len);
  return buf->str;
}

/* time_save prints the daily window as a pair when either end differs
 * from the whole day, and a day list as the days it matches: "!" is
 * stored as the other days, all days as none given. */
static gboolean
ipm_canon_time (IpmCanon *c, guint inst)
{
  const IpmGrammarModule *m = INST (c, inst)->module;
  IpmCanonOpt *start = ipm_canon_find_opt (c, inst, "timestart");
  IpmCanonOpt *stop = ipm_canon_find_opt (c, inst, "timestop");
  static const char *const lists[] = { "weekdays", "monthdays" };

  if (start != NULL && stop == NULL)
    ipm_canon_add_value (c, inst, ipm_grammar_option (m, "timestop"),
                         "23:59:59");
  else if (start == NULL && stop != NULL)
    ipm_canon_add_value (c, inst, ipm_grammar_option (m, "timestart"),
                         "00:00:00");
  /* the whole day (given, or completed so) is the default: not printed */
  start = ipm_canon_find_opt (c, inst, "timestart");
  stop = ipm_canon_find_opt (c, inst, "timestop");
  if (start != NULL
      && strcmp (ipm_canon_opt_value (c, start, c->scratch),
                 "00:00:00") == 0
      && strcmp (ipm_canon_opt_value (c, stop, c->scratch),
                 "23:59:59") == 0)
    start->opt = stop->opt = NULL;
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    {
      IpmCanonOpt *o = ipm_canon_find_opt (c, inst, lists[k]);
      const IpmGrammarOpt *g;
      g_autoptr (GString) days = g_string_new (NULL);
      guint n;

      if (o == NULL)
        continue;
      g = o->opt;
      n = ipm_canon_value_days (g->type,
                                ipm_canon_opt_value (c, o, c->scratch),
                                o->neg, days);
      o->opt = NULL;
      if (n == 0)
        {
          /* no day at all: the save prints an empty list */
          INST (c, inst)->literal = TRUE;
          o->opt = g;
        }
      else if (n != (g->type == IPM_TYPE_WEEKDAYS ? 7u : 31u))
        ipm_canon_add_value (c, inst, g, days->str);
    }
  g_string_truncate (c->scratch, 0);
  return TRUE;
}

static gboolean
ipm_canon_hook (IpmCanon *c, guint inst)
{
  IpmCanonInst *in = INST (c, inst);
  const IpmGrammarModule *m = in->module;

  switch ((IpmHook) m->hook)
    {
    case IPM_HOOK_NEED_PORTS:
      if (!ipm_canon_proto_has_ports (c))
        {
          ipm_canon_error (c, in->word, "%s needs -p tcp, udp, udplite, sctp "
                           "or dccp before it", in->name);
          return FALSE;
        }
      break;
    case IPM_HOOK_STATISTIC:
      if (ipm_canon_find_opt (c, inst, "every") != NULL
          && ipm_canon_find_opt (c, inst, "packet") == NULL)
        {
          ipm_canon_error (c, in->word, "statistic: --every also needs "
                           "--packet (e.g. --packet 0)");
          return FALSE;
        }
      break;
    case IPM_HOOK_HASHLIMIT:
      {
        /* Without --hashlimit-htable-expire the expiry is the rate's
         * unit, and the save leaves out an expiry equal to it. */
        IpmCanonOpt *rate = ipm_canon_find_opt (c, inst, "hashlimit-upto");
        IpmCanonOpt *expire = ipm_canon_find_opt (c, inst,
                                                  "hashlimit-htable-expire");
        static const struct { const char *unit; const char *ms; } units[] = {
          { "/sec", "1000" }, { "/min", "60000" }, { "/hour", "3600000" },
          { "/day", "86400000" },
        };

        if (rate == NULL)
          rate = ipm_canon_find_opt (c, inst, "hashlimit-above");
        if (rate == NULL || expire == NULL)
          break;
        ipm_canon_opt_value (c, rate, c->scratch);
        for (guint k = 0; k < G_N_ELEMENTS (units); k++)
          if (g_str_has_suffix (c->scratch->str, units[k].unit)
              && strcmp (ipm_canon_opt_value (c, expire, c->scratch),
                         units[k].ms) == 0)
            {
              expire->opt = NULL;
              break;
            }
        g_string_truncate (c->scratch, 0);
      }
      break;
    case IPM_HOOK_REJECT:
      {
        IpmCanonOpt *with = ipm_canon_find_opt (c, inst, "reject-with");

        if (with != NULL && with->val_len == 9
            && memcmp (c->vals->str + with->val_off, "tcp-reset", 9) == 0
            && (c->proto < 0 || c->proto_neg || c->proto_num != 6))
          {
            ipm_canon_error (c, with->word, "--reject-with tcp-reset needs "
                             "-p tcp");
            return FALSE;
          }
      }
      break;
    case IPM_HOOK_CONNLIMIT:
      /* "! --connlimit-above N" is stored as "upto N" and back. */
      for (guint k = 0; k < c->opts->len; k++)
        {
          IpmCanonOpt *o = OPT (c, k);

          if (o->inst != inst || !o->neg)
            continue;
          o->neg = FALSE;
          o->opt = ipm_grammar_option (m, strcmp (o->opt->name,
                                                  "connlimit-above") == 0
                                       ? "connlimit-upto" : "connlimit-above");
        }
      break;
    case IPM_HOOK_CONNMARK_TG:
      {
        IpmCanonOpt *mask = ipm_canon_find_opt (c, inst, "mask");
        gboolean copy_mode = ipm_canon_find_opt (c, inst, "save-mark") != NULL
          || ipm_canon_find_opt (c, inst, "restore-mark") != NULL;
        static const char *const masks[] = { "nfmask", "ctmask" };
        /* a copy: adding a value may move c->opts, and MASK with it */
        g_autofree char *mask_value = mask != NULL
          ? g_strndup (c->vals->str + mask->val_off, mask->val_len) : NULL;

        for (guint k = 0; k < G_N_ELEMENTS (masks); k++)
          {
            IpmCanonOpt *o = ipm_canon_find_opt (c, inst, masks[k]);

            if (!copy_mode)
              {
                if (o != NULL)
                  o->opt = NULL;   /* only the copy modes print masks */
                continue;
              }
            if (o != NULL)
              continue;
            if (mask_value != NULL)
              ipm_canon_add_value (c, inst, ipm_grammar_option (m, masks[k]),
                                   mask_value);
            else
              ipm_canon_add_value (c, inst, ipm_grammar_option (m, masks[k]),
                                   "0xffffffff");
          }
        mask = ipm_canon_find_opt (c, inst, "mask");
        if (mask != NULL)
          mask->opt = NULL;
      }
      break;
    case IPM_HOOK_PHYSDEV:
      /* physdev_mt_check: locally generated packets were not bridged, so
       * the output options are refused in OUTPUT unless the rule also
       * says the packet is bridged. */
      if (c->chain != NULL && strcmp (c->chain, "OUTPUT") == 0)
        {
          const IpmCanonOpt *bridged = ipm_canon_find_opt (c, inst,
                                                           "physdev-is-bridged");
          static const char *const outs[] = { "physdev-out",
                                              "physdev-is-out" };

          if (bridged != NULL && !bridged->neg)
            break;
          for (guint k = 0; k < G_N_ELEMENTS (outs); k++)
            {
              const IpmCanonOpt *o = ipm_canon_find_opt (c, inst, outs[k]);

              if (o == NULL)
                continue;
              ipm_canon_error (c, o->word, "physdev: --%s is not valid in "
                               "OUTPUT (packets sent from this host are not "
                               "bridged) unless with --physdev-is-bridged; "
                               "use it in FORWARD or POSTROUTING", outs[k]);
              return FALSE;
            }
        }
      break;
    case IPM_HOOK_SRH:
      {
        /* libip6t_srh stores --srh-hdr-len-eq, -gt and -lt in one field,
         * so with two of them the save prints the last value twice */
        static const char *const fields[] = { "srh-hdr-len-",
                                              "srh-segs-left-",
                                              "srh-last-entry-" };

        for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
          {
            guint given = 0;

            for (guint k = 0; k < c->opts->len; k++)
              if (OPT (c, k)->inst == inst && OPT (c, k)->opt != NULL
                  && g_str_has_prefix (OPT (c, k)->opt->print, fields[f]))
                given++;
            if (given > 1)
              in->literal = TRUE;
          }
      }
      break;
    case IPM_HOOK_TIME:
      if (!in->literal && !ipm_canon_time (c, inst))
        return FALSE;
      break;
    case IPM_HOOK_NONE:
    default:
      break;
    }
  return TRUE;
}

static gboolean
ipm_canon_has_opts (IpmCanon *c, guint inst)
{
  for (guint k = 0; k < c->opts->len; k++)
    if (OPT (c, k)->inst == inst)
      return TRUE;
  return FALSE;
}

/* iptables-nft turns ports and TCP flags into native expressions and reads
 * them back as one match at the place of the first: all instances of such a
 * module merge, a later value replacing an earlier one.  Only done when
 * every instance has nothing else (e.g. --tcp-option stays an xt match). */
static void
ipm_canon_nft_merge (IpmCanon *c)
{
  for (guint i = 0; i < c->insts->len; i++)
    {
      IpmCanonInst *first = INST (c, i);
      gboolean mergeable = TRUE, others = FALSE;

      if (first->module == NULL || first->merged || first->literal
          || first->module->hook != IPM_HOOK_NFT_MERGE
          || !ipm_canon_has_opts (c, i))
        continue;
      /* An instance without options stays an xt match of its own. */
      for (guint j = i + 1; j < c->insts->len; j++)
        if (INST (c, j)->module == first->module && ipm_canon_has_opts (c, j))
          {
            others = TRUE;
            if (INST (c, j)->literal)
              mergeable = FALSE;
          }
      if (!others)
        continue;
      for (guint k = 0; k < c->opts->len; k++)
        {
          const IpmCanonOpt *o = OPT (c, k);

          if (INST (c, o->inst)->module == first->module
              && strcmp (o->opt->print, "sport") != 0
              && strcmp (o->opt->print, "dport") != 0
              && strcmp (o->opt->print, "tcp-flags") != 0)
            mergeable = FALSE;
        }
      if (!mergeable)
        continue;
      for (guint j = i + 1; j < c->insts->len; j++)
        if (INST (c, j)->module == first->module && ipm_canon_has_opts (c, j))
          INST (c, j)->merged = TRUE;
      for (guint k = 0; k < c->opts->len; k++)
        {
          IpmCanonOpt *o = OPT (c, k);

          if (o->inst <= i || !INST (c, o->inst)->merged
              || INST (c, o->inst)->module != first->module)
            continue;
          for (guint j = 0; j < k; j++)
            {
              IpmCanonOpt *p = OPT (c, j);

              if (p->inst == i && p->opt != NULL
                  && strcmp (p->opt->print, o->opt->print) == 0)
                p->opt = NULL;
            }
          o->inst = i;
        }
    }
}

/* Required options, defaults added or dropped. */
static gboolean
ipm_canon_finish_inst (IpmCanon *c, guint inst)
{
  IpmCanonInst *in = INST (c, inst);
  const IpmGrammarModule *m = in->module;

  if (m == NULL || in->merged)
    return TRUE;
  /* Also for a module kept literally: its name alone decides. */
  if (!ipm_canon_check_place (c, m, in->name_word))
    return FALSE;
  if (m->flags & IPM_MODULE_OPAQUE)
    return TRUE;
  /* The kernel refuses protocol matches without their protocol. */
  if (m->proto != NULL
      && (c->proto < 0 || c->proto_neg
          || strcmp (c->proto_name->str, m->proto) != 0))
    {
      ipm_canon_error (c, in->word, "%s %s needs -p %s (without '!')",
                       in->is_target ? "-j" : "-m", m->name, m->proto);
      return FALSE;
    }
  {
    gboolean want_one = FALSE, have_one = FALSE;

    for (guint k = 0; k < m->n_opts; k++)
      if (m->opts[k].flags & IPM_OPT_ONE)
        {
          want_one = TRUE;
          if (ipm_canon_find_opt (c, inst, m->opts[k].print) != NULL)
            have_one = TRUE;
        }
    if (want_one && !have_one)
      {
        ipm_canon_error (c, in->word, "%s needs at least one of its options",
                         in->name);
        return FALSE;
      }
  }
  for (guint k = 0; k < c->opts->len; k++)
    if (OPT (c, k)->inst == inst && OPT (c, k)->opt != NULL
        && (OPT (c, k)->opt->flags & IPM_OPT_IGNORE))
      OPT (c, k)->opt = NULL;
  for (guint k = 0; k < m->n_opts; k++)
    {
      const IpmGrammarOpt *g = &m->opts[k];

      if ((g->flags & IPM_OPT_REQ) && !ipm_canon_group_given (c, inst, g))
        {
          GString *alts = g_string_new (NULL);

          for (guint j = 0; j < m->n_opts; j++)
            if ((m->opts[j].flags & IPM_OPT_REQ)
                && m->opts[j].group == g->group
                && (g->group != 0 || j == k))
              g_string_append_printf (alts, "%s--%s", alts->len ? " or " : "",
                                      m->opts[j].name);
          ipm_canon_error (c, in->word, "%s needs %s", in->name, alts->str);
          g_string_free (alts, TRUE);
          return FALSE;
        }
    }
  if (!ipm_canon_hook (c, inst))
    return FALSE;
  if (in->literal)
    return TRUE;
  for (guint k = 0; k < m->n_opts; k++)
    {
      const IpmGrammarOpt *g = &m->opts[k];

      if ((g->flags & IPM_OPT_ADD) && !ipm_canon_group_given (c, inst, g))
        ipm_canon_add_value (c, inst, g,
                             ipm_grammar_option_default (g, c->family));
    }
  for (guint k = 0; k < c->opts->len; k++)
    {
      IpmCanonOpt *o = OPT (c, k);

      if (o->inst == inst && o->opt != NULL
          && ipm_canon_is_default (o->opt, o->neg, c->family,
                                   c->vals->str + o->val_off, o->val_len))
        o->opt = NULL;
    }
  return TRUE;
}

/* ---- printing ---- */

/* Word I as the line has it, quotes and escapes included: a module whose
 * options are not described is kept byte for byte (its save may quote
 * what needs no quotes, as connlabel's --label "1" and u32's expression
 * are). */
static void
ipm_canon_append_raw_word (IpmCanon *c, guint i, GString *out)
{
  const IpmWord *w = &c->words->v[i];

  if (c->line != NULL && w->col > 0 && w->raw_len > 0
      && (gsize) w->col - 1 + w->raw_len <= c->line->len)
    ipm_strbuf_append_len (out, c->line->text + w->col - 1, w->raw_len);
  else
    ipm_quote_min (out, w->text);
}

static void
ipm_canon_print_inst_opts (IpmCanon *c, guint inst, GString *out)
{
  IpmCanonInst *in = INST (c, inst);
  guint n = 0;
  guint *idx;
  gboolean keep_order = FALSE;

  if (in->module == NULL || (in->module->flags & IPM_MODULE_OPAQUE))
    {
      /* The words as the line has them, quotes included: how the module's
       * save prints them is unknown, so no respelling is safer than any. */
      for (guint i = in->lit_first; i < in->lit_end; i++)
        {
          g_string_append_c (out, ' ');
          ipm_canon_append_raw_word (c, i, out);
        }
      return;
    }
  idx = g_newa (guint, c->opts->len + 1);
  for (guint k = 0; k < c->opts->len; k++)
    if (OPT (c, k)->inst == inst && OPT (c, k)->opt != NULL)
      idx[n++] = k;
  /* A literal instance still prints in save order (the order is the
   * module's, whatever the values), but only what was given; unless an
   * option may repeat: then where each stands is the meaning (policy's
   * elements, split by --next), so it prints as given. */
  for (guint j = 0; j < n && in->literal && !keep_order; j++)
    keep_order = (OPT (c, idx[j])->opt->flags & IPM_OPT_REPEAT) != 0;
  /* Stable insertion sort by save order: n is tiny. */
  for (guint j = 1; j < n && !keep_order; j++)
    {
      guint v = idx[j], k = j;

      while (k > 0 && OPT (c, idx[k - 1])->opt->order > OPT (c, v)->opt->order)
        {
          idx[k] = idx[k - 1];
          k--;
        }
      idx[k] = v;
    }
  for (guint j = 0; j < n; j++)
    {
      const IpmCanonOpt *o = OPT (c, idx[j]);

      if (in->literal && !o->given)
        continue;
      ipm_strbuf_append (out, o->neg ? " ! --" : " --");
      ipm_strbuf_append (out, o->opt->print);
      if (o->val_len > 0)
        {
          gsize at;

          g_string_append_c (out, ' ');
          at = out->len;
          ipm_strbuf_append_len (out, c->vals->str + o->val_off, o->val_len);
          if (o->given && !o->inline_arg && !(o->opt->flags & IPM_OPT_FIXED)
              && !ipm_canon_hook_reads (in->module, o->opt))
            ipm_canon_record (c, IPM_CANON_SLOT_OPTION, o->word + 1,
                              o->opt->nargs, o->neg, o->opt,
                              in->module->proto != NULL ? in->module->proto
                              : c->proto_name->len > 0 ? c->proto_name->str
                              : NULL, at, out);
        }
    }
}

static void
ipm_canon_sep (GString *out)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
}

static gboolean
ipm_canon_print_base (IpmCanon *c, GString *out)
{
  const int addr[2] = { c->src, c->dst };
  const gboolean addr_neg[2] = { c->src_neg, c->dst_neg };
  const char *const addr_opt[2] = { "-s", "-d" };

  for (guint k = 0; k < 2; k++)
    {
      gsize mark = out->len, at;
      gboolean any = FALSE;
      g_autoptr(GError) error = NULL;

      if (addr[k] < 0)
        continue;
      ipm_canon_sep (out);
      if (addr_neg[k])
        ipm_strbuf_append (out, "! ");
      ipm_strbuf_append (out, addr_opt[k]);
      g_string_append_c (out, ' ');
      at = out->len;
      if (!ipm_canon_value_address (c->family, WORD (c, addr[k]), out, &any,
                                    &error))
        {
          ipm_canon_error (c, addr[k], "%s: %s", addr_opt[k],
                           error->message);
          return FALSE;
        }
      /* 0.0.0.0/0 matches everything; the save omits it.  Negated it
       * matches nothing: iptables-nft refuses it, iptables-legacy keeps
       * it and saves it as "! -s 0.0.0.0/0", printed here so. */
      if (any && addr_neg[k])
        ipm_diags_warning (c->diags, c->line, COL (c, addr[k]),
                           "'! %s %s' matches no packet, and iptables-nft "
                           "refuses it (iptables-legacy keeps it); remove "
                           "the rule", addr_opt[k], WORD (c, addr[k]));
      c->addr_any[k] = any && !addr_neg[k];
      if (any && !addr_neg[k])
        g_string_truncate (out, mark);
      else
        ipm_canon_record (c, IPM_CANON_SLOT_ADDRESS, addr[k], 1, addr_neg[k],
                          NULL, NULL, at, out);
    }
  if (c->iif >= 0 && ipm_canon_interface_printed (WORD (c, c->iif), c->in_neg))
    {
      gsize at;

      ipm_canon_sep (out);
      ipm_strbuf_append (out, c->in_neg ? "! -i " : "-i ");
      at = out->len;
      ipm_quote_min (out, WORD (c, c->iif));
      ipm_canon_record (c, IPM_CANON_SLOT_INTERFACE, c->iif, 1, c->in_neg,
                        NULL, NULL, at, out);
    }
  if (c->oif >= 0 && ipm_canon_interface_printed (WORD (c, c->oif), c->out_neg))
    {
      gsize at;

      ipm_canon_sep (out);
      ipm_strbuf_append (out, c->out_neg ? "! -o " : "-o ");
      at = out->len;
      ipm_quote_min (out, WORD (c, c->oif));
      ipm_canon_record (c, IPM_CANON_SLOT_INTERFACE, c->oif, 1, c->out_neg,
                        NULL, NULL, at, out);
    }
  if (c->proto >= 0 && c->proto_num != 0)
    {
      ipm_canon_sep (out);
      ipm_strbuf_append (out, c->proto_neg ? "! -p " : "-p ");
      ipm_strbuf_append (out, c->proto_name->str);
    }
  if (c->frag >= 0)
    {
      ipm_canon_sep (out);
      ipm_strbuf_append (out, c->frag_neg ? "! -f" : "-f");
    }
  return TRUE;
}

/* The whole rule as given: the words, minimally quoted. */
static void
ipm_canon_print_fallback (IpmCanon *c, guint first, GString *out)
{
  g_string_truncate (out, 0);
  for (guint i = first; i < c->words->n; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      ipm_quote_min (out, WORD (c, i));
    }
}

static gboolean
ipm_canon_print (IpmCanon *c, GString *out)
{
  if (!ipm_canon_print_base (c, out))
    return FALSE;
  for (guint i = 0; i < c->insts->len; i++)
    {
      IpmCanonInst *in = INST (c, i);

      if (in->is_target || in->merged)
        continue;
      ipm_canon_sep (out);
      ipm_strbuf_append (out, "-m ");
      ipm_quote_min (out, in->name);
      ipm_canon_print_inst_opts (c, i, out);
    }
  if (c->target_word >= 0)
    {
      gsize at;

      ipm_canon_sep (out);
      ipm_strbuf_append (out, c->is_goto ? "-g " : "-j ");
      at = out->len;
      ipm_quote_min (out, c->target_name);
      if (c->target_inst < 0)
        ipm_canon_record (c, IPM_CANON_SLOT_CHAIN, c->target_word + 1, 1,
                          FALSE, NULL, NULL, at, out);
      if (c->target_inst >= 0)
        ipm_canon_print_inst_opts (c, c->target_inst, out);
    }
  return TRUE;
}

IpmRule *
ipm_canon_rule (const IpmLine *line, const IpmWords *words, guint first,
                IpmFamily family, IpmDiags *diags)
{
  return ipm_canon_rule_in_table (line, words, first, family, NULL, diags);
}

/* The general path: resolution, defaults, hooks, reordering. */
static IpmRule *
ipm_canon_slow (IpmCanon *c, guint first, IpmFamily family)
{
  const IpmWords *words = c->words;
  IpmDiags *diags = c->diags;
  IpmRule *rule;
  guint errors = diags->n_errors;

  if (!ipm_canon_parse (c, first))
    return NULL;
  if (c->list_word[0] >= 0 || c->list_word[1] >= 0)
    return NULL;
  if (!c->fallback)
    {
      ipm_canon_nft_merge (c);
      for (guint i = 0; i < c->insts->len; i++)
        if (!ipm_canon_finish_inst (c, i))
          return NULL;
      for (guint i = 0; i < c->insts->len; i++)
        if (INST (c, i)->literal)
          c->literal = TRUE;
      if (!ipm_canon_print (c, c->out))
        return NULL;
    }
  else
    {
      /* Still report bad addresses and the like before giving up. */
      if (!ipm_canon_print_base (c, c->scratch))
        return NULL;
      g_string_truncate (c->scratch, 0);
      ipm_canon_print_fallback (c, first, c->out);
      c->literal = TRUE;
      c->target_inst = -1;
      c->target_name = NULL;
      for (guint i = 0; i < c->insts->len; i++)
        if (INST (c, i)->module != NULL && !INST (c, i)->is_target
            && !ipm_canon_check_place (c, INST (c, i)->module,
                                       INST (c, i)->name_word))
          return NULL;
      for (guint i = first; i + 1 < words->n; i++)
        {
          const char *w = WORD (c, i);

          if (strcmp (w, "-j") == 0 || strcmp (w, "--jump") == 0
              || strcmp (w, "-g") == 0 || strcmp (w, "--goto") == 0)
            {
              const IpmGrammarModule *t;

              c->target_name = WORD (c, i + 1);
              c->is_goto = w[1] == 'g' || w[2] == 'g';
              t = c->is_goto ? NULL : ipm_grammar_target (c->target_name, 0);
              if (t != NULL)
                c->target_inst = 0;
              /* The target's name alone decides where it may be used. */
              if (t != NULL && !ipm_canon_check_place (c, t, i + 1))
                return NULL;
            }
        }
    }
  if (diags->n_errors > errors)
    return NULL;

  rule = ipm_rule_new_full (c->out->str, c->out->len, c->target_name);
  rule->is_goto = c->is_goto;
  rule->target_is_chain = c->target_name != NULL
    && (c->is_goto || c->target_inst < 0);
  /* "-i +" and "-s 0/0" are no condition (the text is that of the rule
   * without them) */
  rule->unconditional = !c->fallback && c->insts->len == (c->target_inst >= 0 ? 1u : 0u)
    && (c->src < 0 || c->addr_any[0]) && (c->dst < 0 || c->addr_any[1])
    && (c->iif < 0 || !ipm_canon_interface_printed (WORD (c, c->iif), c->in_neg))
    && (c->oif < 0 || !ipm_canon_interface_printed (WORD (c, c->oif), c->out_neg))
    && (c->proto < 0 || c->proto_num == 0) && c->frag < 0;
  rule->literal = c->literal;
  rule->family = family;
  if (c->counters.present)
    rule->counters = c->counters;
  return rule;
}


/* IPM_CANON_CHECK=1 (canon-fast.c): canon-fast.h's contract, checked on
 * every rule the cache takes: see canon.h. */
void
ipm_canon_verify_taken (const IpmLine *line, gsize start, IpmFamily family,
                        const char *table, const IpmRule *fast)
{
  IpmCanon *c = ipm_canon_get ();
  g_autoptr(IpmWords) words = ipm_words_new ();
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmRule) slow = NULL;

  if (ipm_lex_words (line, start, words, diags) && words->n >= 2)
    {
      ipm_canon_reset (c, line, words, 2, family == IPM_FAMILY_IPV6
                       ? IPM_FAMILY_IPV6 : IPM_FAMILY_IPV4, table, diags);
      slow = ipm_canon_slow (c, 2, family);
    }
  if (slow == NULL || diags->items->len > 0 || slow->text_len != fast->text_len
      || memcmp (slow->text, fast->text, fast->text_len) != 0
      || g_strcmp0 (slow->target, fast->target) != 0
      || slow->is_goto != fast->is_goto
      || slow->target_is_chain != fast->target_is_chain
      || slow->unconditional != fast->unconditional || slow->literal)
    g_error ("canon-fast disagrees with canon at %s:%u: fast '%.*s', canon "
             "'%s' (target %s/%s goto %d/%d chain %d/%d uncond %d/%d)",
             line->file, line->lineno, (int) fast->text_len, fast->text,
             slow != NULL ? slow->text : "(refused)", fast->target,
             slow != NULL ? slow->target : NULL, (int) fast->is_goto,
             slow != NULL ? (int) slow->is_goto : 0, (int) fast->target_is_chain,
             slow != NULL ? (int) slow->target_is_chain : 0,
             (int) fast->unconditional,
             slow != NULL ? (int) slow->unconditional : 0);
}

/* The last spec ipm_canon_judge_spec judged and the rule it made, when
 * that took no diagnostic: a spec the cache declines is judged there
 * first, and the parser then asks ipm_canon_rule_in_table for the same
 * line, which takes this rule instead of canonicalizing it again. */
typedef struct {
  char *spec;
  gsize len;
  IpmFamily family;
  char *table;
  char *chain;
  IpmRule *rule;
} IpmCanonJudgedLast;

static void
ipm_canon_judged_last_clear (IpmCanonJudgedLast *last)
{
  g_clear_pointer (&last->rule, ipm_rule_unref);
  g_clear_pointer (&last->spec, g_free);
  g_clear_pointer (&last->table, g_free);
  g_clear_pointer (&last->chain, g_free);
}

static void
ipm_canon_judged_last_free (gpointer data)
{
  ipm_canon_judged_last_clear (data);
  g_free (data);
}

static GPrivate ipm_canon_judged_private =
  G_PRIVATE_INIT (ipm_canon_judged_last_free);

static IpmCanonJudgedLast *
ipm_canon_judged_last (void)
{
  IpmCanonJudgedLast *last = g_private_get (&ipm_canon_judged_private);

  if (last == NULL)
    {
      last = g_new0 (IpmCanonJudgedLast, 1);
      g_private_set (&ipm_canon_judged_private, last);
    }
  return last;
}

void
ipm_canon_judge_spec (const char *spec, gsize len, IpmFamily family,
                      const char *table, const char *chain,
                      IpmCanonJudged *judged)
{
  IpmCanonJudgedLast *last = ipm_canon_judged_last ();
  IpmLine line = { "<rule>", 1, spec, len, FALSE, FALSE };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  IpmCanon *c = ipm_canon_get ();
  IpmWords *words = c->judge_words;
  IpmRule *rule = NULL;

  memset (judged, 0, sizeof *judged);
  judged->target_word = -1;
  ipm_canon_judged_last_clear (last);
  if (!ipm_lex_words (&line, 0, words, diags))
    return;
  ipm_canon_reset (c, &line, words, 0, family, table, diags);
  c->chain = chain;
  c->recording = TRUE;
  rule = ipm_canon_slow (c, 0, family);
  c->recording = FALSE;
  if (rule == NULL || diags->items->len > 0)
    {
      g_clear_pointer (&rule, ipm_rule_unref);
      return;
    }
  last->spec = g_memdup2 (spec, len);
  last->len = len;
  last->family = family;
  last->table = g_strdup (table);
  last->chain = g_strdup (chain);
  last->rule = rule;
  if (rule->literal)
    return;
  judged->accepted = TRUE;
  judged->text = rule->text;
  judged->text_len = rule->text_len;
  judged->target_word = c->target_word >= 0 ? c->target_word + 1 : -1;
  judged->is_goto = rule->is_goto;
  judged->target_is_chain = rule->target_is_chain;
  judged->unconditional = rule->unconditional;
  judged->slots = (const IpmCanonSlot *) c->slots->data;
  judged->n_slots = c->slots->len;
  judged->n_words = words->n;
}

/* The rule ipm_canon_judge_spec made of the spec of WORDS from FIRST on,
 * in its context, or NULL. */
static IpmRule *
ipm_canon_judged_take (const IpmLine *line, const IpmWords *words,
                       guint first, IpmFamily family, const char *table)
{
  IpmCanonJudgedLast *last = ipm_canon_judged_last ();
  const char *spec;
  gsize len;
  IpmRule *rule;

  if (last->rule == NULL || first != 2 || words->n <= 2)
    return NULL;
  spec = line->text + words->v[2].col - 1;
  len = line->text + line->len - spec;
  if (len != last->len || memcmp (spec, last->spec, len) != 0
      || last->family != family || g_strcmp0 (last->table, table) != 0
      || g_strcmp0 (last->chain,
                    ipm_canon_builtin_chain (table, words->v[1].text)) != 0)
    return NULL;
  rule = g_steal_pointer (&last->rule);
  ipm_canon_judged_last_clear (last);
  return rule;
}

IpmRule *
ipm_canon_rule_in_table (const IpmLine *line, const IpmWords *words,
                         guint first, IpmFamily family, const char *table,
                         IpmDiags *diags)
{
  IpmCanon *c = ipm_canon_get ();
  IpmRule *rule;

  /* An unknown table has no known restrictions. */
  if (table != NULL && !ipm_table_name_known (table))
    table = NULL;
  rule = ipm_canon_judged_take (line, words, first,
                                family == IPM_FAMILY_IPV6 ? IPM_FAMILY_IPV6
                                : IPM_FAMILY_IPV4, table);
  if (rule != NULL)
    {
      rule->family = family;
      return rule;
    }
  ipm_canon_reset (c, line, words, first, family == IPM_FAMILY_IPV6
                   ? IPM_FAMILY_IPV6 : IPM_FAMILY_IPV4, table, diags);
  return ipm_canon_slow (c, first, family);
}

gboolean
ipm_canon_rules_in_table (const IpmLine *line, const IpmWords *words,
                          guint first, IpmFamily family, const char *table,
                          IpmDiags *diags, GPtrArray *rules)
{
  IpmCanon *c = ipm_canon_get ();
  IpmFamily fam = family == IPM_FAMILY_IPV6 ? IPM_FAMILY_IPV6
    : IPM_FAMILY_IPV4;
  guint errors = diags->n_errors, added = rules->len;
  int list_word[2];
  GStrv parts[2] = { NULL, NULL };
  guint n[2] = { 1, 1 };
  IpmWords copy;
  IpmRule *rule;
  gboolean ok = TRUE;

  c->split_lists = TRUE;
  rule = ipm_canon_rule_in_table (line, words, first, family, table, diags);
  c->split_lists = FALSE;
  if (rule != NULL)
    {
      g_ptr_array_add (rules, rule);
      return TRUE;
    }
  if (diags->n_errors > errors
      || (c->list_word[0] < 0 && c->list_word[1] < 0))
    return FALSE;
  if (table != NULL && !ipm_table_name_known (table))
    table = NULL;
  memcpy (list_word, c->list_word, sizeof list_word);
  /* iptables' order: every destination for the first source, then for
   * the next (both backends, checked in tests/corpus) */
  for (guint k = 0; k < 2; k++)
    if (list_word[k] >= 0)
      {
        parts[k] = g_strsplit (words->v[list_word[k]].text, ",", -1);
        n[k] = g_strv_length (parts[k]);
      }
  copy = *words;
  copy.v = g_memdup2 (words->v, words->n * sizeof *words->v);
  for (guint i = 0; i < n[0] && ok; i++)
    for (guint j = 0; j < n[1] && ok; j++)
      {
        const guint pick[2] = { i, j };

        for (guint k = 0; k < 2; k++)
          if (parts[k] != NULL)
            {
              copy.v[list_word[k]].text = parts[k][pick[k]];
              copy.v[list_word[k]].len = strlen (parts[k][pick[k]]);
            }
        ipm_canon_reset (c, line, &copy, first, fam, table, diags);
        rule = ipm_canon_slow (c, first, family);
        if (rule == NULL)
          ok = FALSE;
        else
          g_ptr_array_add (rules, rule);
      }
  /* the words are the caller's again */
  c->words = words;
  g_free (copy.v);
  g_strfreev (parts[0]);
  g_strfreev (parts[1]);
  if (!ok)
    while (rules->len > added)
      ipm_rule_unref (g_ptr_array_steal_index (rules, rules->len - 1));
  return ok;
}

char *
ipm_canon_rule_text (const char *spec, IpmFamily family, GError **error)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmWords) words = ipm_words_new ();
  IpmLine line = { "<rule>", 1, spec, strlen (spec), FALSE, FALSE };
  g_autoptr(IpmRule) rule = NULL;

  if (ipm_lex_words (&line, 0, words, diags))
    rule = ipm_canon_rule (&line, words, 0, family, diags);
  if (rule == NULL)
    {
      const IpmDiag *d = NULL;

      for (guint i = 0; i < diags->items->len; i++)
        {
          const IpmDiag *x = g_ptr_array_index (diags->items, i);

          if (x->severity == IPM_SEVERITY_ERROR)
            {
              d = x;
              break;
            }
        }
      g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID, "%s",
                   d != NULL ? d->message : "invalid rule");
      return NULL;
    }
  return g_strdup (rule->text);
}
