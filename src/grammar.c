/* grammar: the module tables, built from the grammar/ .def files.
 *
 * Each .def file is included twice: once to define every module's option
 * array, once to define the sorted module table pointing at them.  The
 * short flag names below exist only while the .def files are read. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "grammar.h"

#define F_NEG    IPM_OPT_NEG
#define F_REP    IPM_OPT_REPEAT
#define F_ADD    IPM_OPT_ADD
#define F_DROP   IPM_OPT_DROP
#define F_FIX    IPM_OPT_FIXED
#define F_LIT    IPM_OPT_LITERAL
#define F_REQ    IPM_OPT_REQ
#define F_ONE    IPM_OPT_ONE
#define F_IGN    IPM_OPT_IGNORE
#define F_STD    IPM_MODULE_STANDARD
#define F_OPAQUE IPM_MODULE_OPAQUE
#define F_VERDICT IPM_MODULE_VERDICT

#define IPM_OPT(id, name, print, nargs, type, order, group, flags, d, d6, \
                chains) \
  { name, print, nargs, IPM_TYPE_##type, order, group, flags, d, d6, chains },
/* A terminator keeps option-less modules valid C. */
#define IPM_END(id) { NULL, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL } };

#define IPM_MATCH(id, name, family, hook, flags, proto, tables, chains) \
  static const IpmGrammarOpt ipm_mopts_##id[] = {
#include "matches.def"
#undef IPM_MATCH
#define IPM_TARGET(id, name, family, hook, flags, proto, tables, chains) \
  static const IpmGrammarOpt ipm_topts_##id[] = {
#include "targets.def"
#undef IPM_TARGET
#undef IPM_OPT
#undef IPM_END

#define IPM_OPT(id, name, print, nargs, type, order, group, flags, d, d6, \
                chains)
#define IPM_END(id)

static const IpmGrammarModule ipm_grammar_match_table[] = {
#define IPM_MATCH(id, name, family, hook, flags, proto, tables, chains) \
  { name, IPM_MODULE_MATCH, family, IPM_HOOK_##hook, flags, proto, tables, \
    chains, \
    ipm_mopts_##id, G_N_ELEMENTS (ipm_mopts_##id) - 1 },
#include "matches.def"
#undef IPM_MATCH
};

static const IpmGrammarModule ipm_grammar_target_table[] = {
#define IPM_TARGET(id, name, family, hook, flags, proto, tables, chains) \
  { name, IPM_MODULE_TARGET, family, IPM_HOOK_##hook, flags, proto, tables, \
    chains, \
    ipm_topts_##id, G_N_ELEMENTS (ipm_topts_##id) - 1 },
#include "targets.def"
#undef IPM_TARGET
};

#undef IPM_OPT
#undef IPM_END
#undef F_NEG
#undef F_REP
#undef F_ADD
#undef F_DROP
#undef F_FIX
#undef F_LIT
#undef F_REQ
#undef F_ONE
#undef F_IGN
#undef F_STD
#undef F_OPAQUE
#undef F_VERDICT

#define IPM_BASE_SHORT(name, kind, nargs, type)
#define IPM_BASE_LONG(name, kind, nargs, type) \
  { name, IPM_BASE_##kind, nargs, IPM_TYPE_##type },
static const IpmGrammarBaseOpt ipm_grammar_base_long_table[] = {
#include "base.def"
};
#undef IPM_BASE_LONG
#define IPM_BASE_LONG(name, kind, nargs, type)
#undef IPM_BASE_SHORT
#define IPM_BASE_SHORT(name, kind, nargs, type) \
  { name, IPM_BASE_##kind, nargs, IPM_TYPE_##type },
static const IpmGrammarBaseOpt ipm_grammar_base_short_table[] = {
#include "base.def"
};
#undef IPM_BASE_LONG
#undef IPM_BASE_SHORT

const IpmGrammarBaseOpt *
ipm_grammar_base_long (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (ipm_grammar_base_long_table);
  return ipm_grammar_base_long_table;
}

const IpmGrammarBaseOpt *
ipm_grammar_base_short (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (ipm_grammar_base_short_table);
  return ipm_grammar_base_short_table;
}

static const char *const ipm_grammar_type_names[] = {
#define IPM_TYPE(id, fn, cls, desc) desc,
#include "types.def"
#undef IPM_TYPE
};

static const guint8 ipm_grammar_type_classes[] = {
#define IPM_TYPE(id, fn, cls, desc) IPM_CLASS_##cls,
#include "types.def"
#undef IPM_TYPE
};

const IpmGrammarModule *
ipm_grammar_matches (guint *n)
{
  *n = G_N_ELEMENTS (ipm_grammar_match_table);
  return ipm_grammar_match_table;
}

const IpmGrammarModule *
ipm_grammar_targets (guint *n)
{
  *n = G_N_ELEMENTS (ipm_grammar_target_table);
  return ipm_grammar_target_table;
}

/* Module names -> modules, built once: every -m and -j of every rule is
 * looked up, and a hash beats a binary search over the names. */
typedef struct {
  GHashTable *matches;
  GHashTable *targets;
  /* Longer names are none of the modules: most -j name a chain such as
   * KUBE-SEP-..., refused without hashing. */
  gsize max_match_len;
  gsize max_target_len;
} IpmGrammarIndex;

static GHashTable *
ipm_grammar_index_table (const IpmGrammarModule *table, gsize n,
                         gsize *max_len)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; i < n; i++)
    {
      g_hash_table_insert (index, (gpointer) table[i].name,
                           (gpointer) &table[i]);
      *max_len = MAX (*max_len, strlen (table[i].name));
    }
  return index;
}

static gpointer
ipm_grammar_index_new (gpointer data)
{
  IpmGrammarIndex *index = g_new0 (IpmGrammarIndex, 1);

  index->matches = ipm_grammar_index_table (ipm_grammar_match_table,
                                            G_N_ELEMENTS (ipm_grammar_match_table),
                                            &index->max_match_len);
  index->targets = ipm_grammar_index_table (ipm_grammar_target_table,
                                            G_N_ELEMENTS (ipm_grammar_target_table),
                                            &index->max_target_len);
  return index;
}

static const IpmGrammarIndex *
ipm_grammar_index (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, ipm_grammar_index_new, NULL);
}

static const IpmGrammarModule *
ipm_grammar_find (GHashTable *index, gsize max_len, const char *name,
                  guint family)
{
  const IpmGrammarModule *m;

  if (strnlen (name, max_len + 1) > max_len)
    return NULL;
  m = g_hash_table_lookup (index, name);
  if (m == NULL || (m->family != 0 && family != 0 && m->family != family))
    return NULL;
  return m;
}

const IpmGrammarModule *
ipm_grammar_match (const char *name, guint family)
{
  const IpmGrammarIndex *index = ipm_grammar_index ();

  /* libxtables loads icmp6 for these spellings too. */
  if (family == 6 && (strcmp (name, "ipv6-icmp") == 0
                      || strcmp (name, "icmpv6") == 0))
    name = "icmp6";
  return ipm_grammar_find (index->matches, index->max_match_len, name, family);
}

const IpmGrammarModule *
ipm_grammar_target (const char *name, guint family)
{
  const IpmGrammarIndex *index = ipm_grammar_index ();

  return ipm_grammar_find (index->targets, index->max_target_len, name,
                           family);
}

static int
ipm_grammar_opt_cmp (const void *key, const void *elem)
{
  return strcmp (key, ((const IpmGrammarOpt *) elem)->name);
}

const IpmGrammarOpt *
ipm_grammar_option (const IpmGrammarModule *module, const char *name)
{
  return bsearch (name, module->opts, module->n_opts, sizeof *module->opts,
                  ipm_grammar_opt_cmp);
}

guint
ipm_grammar_option_prefix (const IpmGrammarModule *module, const char *prefix,
                           const IpmGrammarOpt **first)
{
  gsize len = strlen (prefix);
  guint lo = 0, hi = module->n_opts, n = 0;

  /* Lower bound: the first option not sorting before PREFIX. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (strcmp (module->opts[mid].name, prefix) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = &module->opts[lo];
  while (lo + n < module->n_opts
         && strncmp (module->opts[lo + n].name, prefix, len) == 0)
    n++;
  return n;
}

const char *
ipm_grammar_type_name (IpmType type)
{
  return type < IPM_N_TYPES ? ipm_grammar_type_names[type] : "?";
}

IpmTypeClass
ipm_grammar_type_class (IpmType type)
{
  return type < IPM_N_TYPES ? ipm_grammar_type_classes[type]
    : IPM_CLASS_PLAIN;
}

gboolean
ipm_grammar_list_has (const char *list, const char *item)
{
  gsize len = strlen (item);

  for (const char *p = list; p != NULL; p = strchr (p, ','), p = p ? p + 1 : p)
    if (strncmp (p, item, len) == 0 && (p[len] == ',' || p[len] == '\0'))
      return TRUE;
  return FALSE;
}

const char *
ipm_grammar_option_default (const IpmGrammarOpt *opt, guint family)
{
  if (family == 6 && opt->dflt6 != NULL)
    return opt->dflt6;
  return opt->dflt;
}
