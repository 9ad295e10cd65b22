/* Generated rulesets: see gen.h. */
#include "config.h"

#include <string.h>

#include "apply.h"
#include "diag.h"
#include "gen.h"
#include "input.h"
#include "parse.h"

typedef struct {
  char *table;
  char *chain;   /* the built-in the kernel accepted it in, or "-" */
  char *spec;
} IpmGenEntry;

struct IpmGenPool {
  int family;             /* 4 or 6: the rules and the addresses written */
  GPtrArray *entries;     /* IpmGenEntry* */
  GHashTable *by_place;   /* "table/chain" -> GPtrArray of IpmGenEntry* */
};

static gint
ipm_gen_strcmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
ipm_gen_entry_free (gpointer p)
{
  IpmGenEntry *e = p;

  g_free (e->table);
  g_free (e->chain);
  g_free (e->spec);
  g_free (e);
}

void
ipm_gen_pool_free (IpmGenPool *pool)
{
  if (pool == NULL)
    return;
  g_hash_table_unref (pool->by_place);
  g_ptr_array_unref (pool->entries);
  g_free (pool);
}

guint
ipm_gen_pool_size (const IpmGenPool *pool)
{
  return pool->entries->len;
}

/* Rules that need more than a namespace to restore (ipset sets, chains of
 * the corpus' own dump) are left out, and those that make iptables-restore
 * print (-v). */
static gboolean
ipm_gen_usable (const char *spec)
{
  static const char *const needs[] = { "set", "SET", "USER", "\\", NULL };
  g_auto(GStrv) words = g_strsplit (spec, " ", -1);

  for (guint i = 0; needs[i] != NULL; i++)
    if (strstr (spec, needs[i]) != NULL)
      return FALSE;
  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp (words[i], "-v") == 0 || strcmp (words[i], "--verbose") == 0)
      return FALSE;
  return TRUE;
}

/* Only rules ipmerge itself accepts without a finding: the corpus also has
 * spellings the kernel takes and ipmerge refuses (host names) or warns
 * about (long comments). */
static gboolean
ipm_gen_accepted (int family, const char *table, const char *chain, const char *spec)
{
  g_autofree char *text = g_strdup_printf ("*%s\n:%s - [0:0]\n-A %s %s\nCOMMIT\n",
                                           table, "USER1", chain, spec);
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("gen", text, strlen (text));
  IpmParseOptions options = { .family = family == 6 ? IPM_FAMILY_IPV6 : IPM_FAMILY_IPV4 };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
  g_autoptr(IpmRuleset) rs = NULL;

  if (script != NULL)
    rs = ipm_apply_script (script, diags, NULL);
  return rs != NULL && diags->items->len == 0;
}

static void
ipm_gen_pool_add (IpmGenPool *pool, const char *table, const char *chain,
                  const char *spec)
{
  IpmGenEntry *e = g_new0 (IpmGenEntry, 1);
  GPtrArray *place;
  char *key;

  e->table = g_strdup (table);
  e->chain = g_strdup (chain);
  e->spec = g_strdup (spec);
  g_ptr_array_add (pool->entries, e);
  key = g_strdup_printf ("%s/%s", e->table, e->chain);
  place = g_hash_table_lookup (pool->by_place, key);
  if (place == NULL)
    {
      place = g_ptr_array_new ();
      g_hash_table_insert (pool->by_place, key, place);
    }
  else
    g_free (key);
  g_ptr_array_add (place, e);
}

static gboolean
ipm_gen_builtin_of (const char *table, const char *chain);

/* The accepted rows of tests/canon/NAME.t (format: tests/canon/README) of
 * POOL's family where both backends save the same rule (no third field)
 * and the kernel keeps one rule.  FILE is one .t file. */
static gboolean
ipm_gen_pool_add_canon (IpmGenPool *pool, const char *file, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *table = g_strdup ("filter");
  g_auto(GStrv) chains = NULL;
  int family = 4;

  if (!g_file_get_contents (file, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *semi = NULL;
      gboolean quoted = FALSE;
      g_autofree char *spec = NULL;
      g_autofree char *rest = NULL;

      if (line[0] == '#' || line[0] == '\0')
        continue;
      for (const char *p = line; *p != '\0' && semi == NULL; p++)
        if (*p == '"')
          quoted = !quoted;
        else if (*p == ';' && !quoted)
          semi = p;
      if (semi == NULL)
        {
          if (line[0] == '*')
            {
              g_free (table);
              table = g_strstrip (g_strdup (line + 1));
            }
          else if (line[0] == ':')
            {
              g_autofree char *list = g_strstrip (g_strdup (line + 1));

              g_strfreev (chains);
              chains = g_strsplit (list, ",", -1);
            }
          else if (strcmp (line, "-6") == 0)
            family = 6;
          else if (strcmp (line, "-4") == 0)
            family = 4;
          continue;
        }
      if (family != pool->family || chains == NULL)
        continue;
      spec = g_strstrip (g_strndup (line, semi - line));
      rest = g_strstrip (g_strdup (semi + 1));
      /* refusals, rules the backends save differently, several rules; and
       * NPT with a ::/0 prefix, which the save leaves out although
       * iptables-restore then refuses the saved rule (it needs both) */
      if (spec[0] == '\0' || g_str_has_prefix (rest, "FAIL") || strchr (rest, ';') != NULL
          || strstr (rest, "<NL>") != NULL || !ipm_gen_usable (spec)
          || !ipm_gen_usable (rest)
          || (strstr (spec, "NPT") != NULL && strstr (spec, "::/0") != NULL))
        continue;
      for (guint c = 0; chains[c] != NULL; c++)
        {
          gboolean builtin = ipm_gen_builtin_of (table, chains[c]);

          if (ipm_gen_accepted (family, table, builtin ? chains[c] : "USER1", spec))
            ipm_gen_pool_add (pool, table, builtin ? chains[c] : "-", spec);
        }
    }
  return TRUE;
}

/* The ids of tests/corpus/known-misses.tsv (next to EXPECTED): rows where
 * ipmerge knowingly answers otherwise than the kernel (user names, host
 * names), which would only report what is known. */
static GHashTable *
ipm_gen_known_misses (const char *expected)
{
  g_autofree char *dir = g_path_get_dirname (expected);
  g_autofree char *path = g_build_filename (dir, "known-misses.tsv", NULL);
  g_autofree char *text = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return ids;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '#' && lines[i][0] != '\0')
      g_hash_table_add (ids, g_strndup (lines[i], strcspn (lines[i], "\t")));
  return ids;
}

static IpmGenPool *
ipm_gen_pool_load_full (const char *expected, const char *canon_dir,
                        int family, gboolean skip_misses, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) misses = skip_misses ? ipm_gen_known_misses (expected) : NULL;
  g_autofree char *fam = g_strdup_printf ("%d", family);
  g_autoptr(IpmGenPool) pool = NULL;

  if (!g_file_get_contents (expected, &text, NULL, error))
    return NULL;
  pool = g_new0 (IpmGenPool, 1);
  pool->family = family;
  pool->entries = g_ptr_array_new_with_free_func (ipm_gen_entry_free);
  pool->by_place = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (f) != 7 || strcmp (f[1], fam) != 0
          || (misses != NULL && g_hash_table_contains (misses, f[0]))
          || strcmp (f[5], "REJECTED") == 0 || strcmp (f[5], "NONE") == 0
          || strcmp (f[5], f[6]) != 0 || strstr (f[5], "<NL>") != NULL
          || !ipm_gen_usable (f[4]) || !ipm_gen_usable (f[5])
          || !ipm_gen_accepted (family, f[2], g_str_has_prefix (f[3], "USER") ? "USER1" : f[3], f[4]))
        continue;
      ipm_gen_pool_add (pool, f[2], g_str_has_prefix (f[3], "USER") ? "-" : f[3], f[4]);
    }
  if (canon_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (canon_dir, 0, error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        return NULL;
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".t"))
          g_ptr_array_add (names, g_strdup (name));
      /* directory order is not the seed's */
      g_ptr_array_sort (names, ipm_gen_strcmp);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (canon_dir, g_ptr_array_index (names, i), NULL);

          if (!ipm_gen_pool_add_canon (pool, path, error))
            return NULL;
        }
    }
  return g_steal_pointer (&pool);
}

IpmGenPool *
ipm_gen_pool_load_family (const char *expected, const char *canon_dir,
                          int family, GError **error)
{
  return ipm_gen_pool_load_full (expected, canon_dir, family, TRUE, error);
}

/* The pool of the props suite and delta.sh, as it always was: their fixed
 * seeds keep their rulesets. */
IpmGenPool *
ipm_gen_pool_load (const char *expected, GError **error)
{
  return ipm_gen_pool_load_full (expected, NULL, 4, FALSE, error);
}

/* ---- host ---------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *const *builtins;
} IpmGenTable;

static const char *const ipm_gen_filter[] = { "INPUT", "FORWARD", "OUTPUT", NULL };
static const char *const ipm_gen_nat[] = { "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", NULL };
static const char *const ipm_gen_mangle[] = { "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING", NULL };
static const char *const ipm_gen_raw[] = { "PREROUTING", "OUTPUT", NULL };
static const IpmGenTable ipm_gen_tables[] = {
  { "raw", ipm_gen_raw }, { "mangle", ipm_gen_mangle }, { "nat", ipm_gen_nat },
  { "filter", ipm_gen_filter },
};

static gboolean
ipm_gen_builtin_of (const char *table, const char *chain)
{
  for (guint t = 0; t < G_N_ELEMENTS (ipm_gen_tables); t++)
    if (strcmp (ipm_gen_tables[t].name, table) == 0)
      return g_strv_contains ((const char *const *) ipm_gen_tables[t].builtins, chain);
  return FALSE;
}

/* The network O1.O2.O3.O4/PREFIX (PREFIX 16, 24 or 32), or for an IPv6 pool
 * the same shape in 2001:db8::/32: one 16-bit group per octet. */
static char *
ipm_gen_net (const IpmGenPool *pool, guint o1, guint o2, guint o3, guint o4,
             guint prefix)
{
  guint groups[8] = { 0x2001, 0xdb8, o1, o2, o3, o4, 0, 0 };
  guint best = 0, best_len = 0;
  GString *out;

  if (pool->family != 6)
    return g_strdup_printf ("%u.%u.%u.%u/%u", o1, o2, o3, o4, prefix);
  /* written as iptables-save prints it (RFC 5952): the longest run of two
   * or more zero groups, the first of equals, becomes "::" */
  for (guint i = 0; i < 8; i++)
    {
      guint len = 0;

      while (i + len < 8 && groups[i + len] == 0)
        len++;
      if (len > best_len)
        {
          best = i;
          best_len = len;
        }
    }
  out = g_string_new (NULL);
  for (guint i = 0; i < 8; i++)
    {
      if (best_len >= 2 && i == best)
        {
          g_string_append (out, "::");
          i += best_len - 1;
          continue;
        }
      if (out->len > 0 && out->str[out->len - 1] != ':')
        g_string_append_c (out, ':');
      g_string_append_printf (out, "%x", groups[i]);
    }
  g_string_append_printf (out, "/%u", 32 + prefix * 2);
  return g_string_free (out, FALSE);
}

typedef struct {
  char *name;
  int owner;          /* index into the table's built-ins; -1: none */
  gboolean builtin;
  GString *rules;
} IpmGenChain;

static void
ipm_gen_chain_free (gpointer p)
{
  IpmGenChain *c = p;

  g_free (c->name);
  g_string_free (c->rules, TRUE);
  g_free (c);
}

/* A rule valid in any chain of TABLE reached from BUILTIN (NULL: none). */
static void
ipm_gen_simple (GString *out, GRand *rand, const IpmGenPool *pool,
                const char *table, const char *builtin, gboolean user)
{
  static const guint icmp6_types[] = { 1, 2, 3, 4, 128, 129, 133, 134, 135, 136 };
  static const char *const filter_targets[] = { "ACCEPT", "DROP", "RETURN" };
  const char *target = strcmp (table, "filter") == 0
    ? filter_targets[g_rand_int_range (rand, 0, user ? 3 : 2)]
    : g_rand_boolean (rand) ? "ACCEPT" : "RETURN";
  guint a = g_rand_int_range (rand, 0, 256), b = g_rand_int_range (rand, 0, 256);
  gboolean in = builtin != NULL && (strcmp (builtin, "INPUT") == 0
                                    || strcmp (builtin, "FORWARD") == 0
                                    || strcmp (builtin, "PREROUTING") == 0);

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      {
        g_autofree char *net = ipm_gen_net (pool, 10, a, b, g_rand_int_range (rand, 0, 4), 32);

        g_string_append_printf (out, "-s %s -j %s", net, target);
      }
      break;
    case 1:
      {
        g_autofree char *net = ipm_gen_net (pool, 192, 168, a, 0, 24);

        g_string_append_printf (out, "-d %s -p udp -m udp --dport %u -j %s",
                                net, 1 + (a * 256 + b) % 65535, target);
      }
      break;
    case 2:
      if (in)
        g_string_append_printf (out, "-i eth%u -p tcp -m tcp --dport %u -j %s",
                                a % 16, 1 + b, target);
      else
        {
          g_autofree char *net = ipm_gen_net (pool, 172, 16, a, 0, 24);

          g_string_append_printf (out, "! -d %s -j %s", net, target);
        }
      break;
    case 3:
      g_string_append_printf (out, "-p tcp -m tcp --sport %u:%u -j %s", a,
                              a + b, target);
      break;
    case 4:
      g_string_append_printf (out, "-m comment --comment \"gen %u.%u\" -j %s",
                              a, b, target);
      break;
    default:
      {
        g_autofree char *src = ipm_gen_net (pool, 10, a, 0, 0, 16);
        g_autofree char *dst = ipm_gen_net (pool, 10, b, a, 0, 24);

        if (pool->family == 6)
          g_string_append_printf (out, "-s %s -d %s -p ipv6-icmp -m icmp6 --icmpv6-type %u -j %s",
                                  src, dst, icmp6_types[a % G_N_ELEMENTS (icmp6_types)], target);
        else
          g_string_append_printf (out, "-s %s -d %s -p icmp -m icmp --icmp-type %u -j %s",
                                  src, dst, a % 19, target);
      }
      break;
    }
}

char *
ipm_gen_host (GRand *rand, const IpmGenPool *pool, guint n_rules)
{
  GString *out = g_string_new ("# Generated by ipmerge's tests/gen (a fixed seed)\n");

  for (guint t = 0; t < G_N_ELEMENTS (ipm_gen_tables); t++)
    {
      const IpmGenTable *gt = &ipm_gen_tables[t];
      gboolean filter = strcmp (gt->name, "filter") == 0;
      g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (ipm_gen_chain_free);
      guint nb = g_strv_length ((char **) gt->builtins);
      guint nu = g_rand_int_range (rand, 0, 9);
      guint n = filter ? n_rules / 2 : n_rules / 6;

      if (!filter && g_rand_int_range (rand, 0, 4) == 0)
        continue;   /* not every host has every table */
      for (guint b = 0; b < nb; b++)
        {
          IpmGenChain *c = g_new0 (IpmGenChain, 1);

          c->name = g_strdup (gt->builtins[b]);
          c->owner = b;
          c->builtin = TRUE;
          c->rules = g_string_new (NULL);
          g_ptr_array_add (chains, c);
        }
      for (guint u = 0; u < nu; u++)
        {
          IpmGenChain *c = g_new0 (IpmGenChain, 1);

          /* names of every shape: kube-proxy's, Docker's, the longest */
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: c->name = g_strdup_printf ("KUBE-SVC-%08X%u", g_rand_int (rand), u); break;
            case 1: c->name = g_strdup_printf ("DOCKER-%u", u); break;
            case 2: c->name = g_strdup_printf ("cali-%u-from-wl", u); break;
            default: c->name = g_strdup_printf ("CHAIN-%u-ABCDEFGHIJKLMNOPQRSTUVW", u);
              c->name[28] = '\0'; break;
            }
          c->owner = g_rand_int_range (rand, -1, (int) nb);
          c->rules = g_string_new (NULL);
          g_ptr_array_add (chains, c);
        }
      for (guint i = 0; i < n; i++)
        {
          guint ci = g_rand_int_range (rand, 0, chains->len);
          IpmGenChain *c = g_ptr_array_index (chains, ci);
          const char *builtin = c->owner >= 0 ? gt->builtins[c->owner] : NULL;
          guint kind = g_rand_int_range (rand, 0, 100);
          GString *r = c->rules;

          if (g_rand_int_range (rand, 0, 10) < 3)
            g_string_append_printf (r, "[%u:%u] ", g_rand_int (rand) % 1000,
                                    g_rand_int (rand));
          g_string_append_printf (r, "-A %s ", c->name);
          if (kind < 12 && c->owner >= 0)
            {
              /* a jump down the DAG: same owner, higher number */
              g_autoptr(GPtrArray) to = g_ptr_array_new ();

              for (guint j = MAX (ci + 1, nb); j < chains->len; j++)
                if (((IpmGenChain *) g_ptr_array_index (chains, j))->owner == c->owner)
                  g_ptr_array_add (to, g_ptr_array_index (chains, j));
              if (to->len > 0)
                {
                  IpmGenChain *d = g_ptr_array_index (to, g_rand_int_range (rand, 0, to->len));

                  guint o2 = g_rand_int_range (rand, 0, 256);
                  g_autofree char *net = ipm_gen_net (pool, 10, o2, g_rand_int_range (rand, 0, 256), 0, 24);

                  g_string_append_printf (r, "-s %s -%c %s\n", net,
                                          g_rand_int_range (rand, 0, 5) == 0 ? 'g' : 'j',
                                          d->name);
                  continue;
                }
            }
          if (kind < 55)
            {
              g_autofree char *key = g_strdup_printf ("%s/%s", gt->name,
                                                      builtin != NULL ? builtin : "-");
              GPtrArray *place = g_hash_table_lookup (pool->by_place, key);

              if (place != NULL && place->len > 0)
                {
                  const IpmGenEntry *e = g_ptr_array_index (place, g_rand_int_range (rand, 0, place->len));

                  g_string_append_printf (r, "%s\n", e->spec);
                  continue;
                }
            }
          ipm_gen_simple (r, rand, pool, gt->name, builtin, !c->builtin);
          g_string_append_c (r, '\n');
        }
      g_string_append_printf (out, "*%s\n", gt->name);
      for (guint c = 0; c < chains->len; c++)
        {
          const IpmGenChain *ch = g_ptr_array_index (chains, c);

          if (ch->builtin)
            g_string_append_printf (out, ":%s %s [%u:%u]\n", ch->name,
                                    filter && g_rand_boolean (rand) ? "DROP" : "ACCEPT",
                                    g_rand_int (rand) % 100000, g_rand_int (rand));
          else
            g_string_append_printf (out, ":%s - [0:0]\n", ch->name);
        }
      for (guint c = 0; c < chains->len; c++)
        g_string_append (out, ((IpmGenChain *) g_ptr_array_index (chains, c))->rules->str);
      g_string_append (out, "COMMIT\n");
    }
  return g_string_free (out, FALSE);
}

/* ---- reading a dump back ------------------------------------------------- */

/* The words after "-A CHAIN " of LINE (counters skipped) and the chain;
 * NULL when LINE is not an -A line. */
static const char *
ipm_gen_rule_of (const char *line, char **chain)
{
  const char *p = line, *sp;

  if (*p == '[')
    {
      p = strchr (p, ' ');
      if (p == NULL)
        return NULL;
      p++;
    }
  if (!g_str_has_prefix (p, "-A "))
    return NULL;
  p += 3;
  sp = strchr (p, ' ');
  if (sp == NULL)
    return NULL;
  *chain = g_strndup (p, sp - p);
  return sp + 1;
}

char *
ipm_gen_reference (GRand *rand, const IpmGenPool *pool, const char *host)
{
  g_auto(GStrv) lines = g_strsplit (host, "\n", -1);
  GString *out = g_string_new (NULL);
  g_autoptr(GString) extra = g_string_new (NULL);
  const char *table = NULL;
  gboolean declared = FALSE;
  guint serial = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *chain = NULL;
      const char *spec;

      if (line[0] == '*')
        {
          table = line + 1;
          declared = FALSE;
          g_string_truncate (extra, 0);
          g_string_append_printf (out, "%s\n", line);
          continue;
        }
      if (line[0] == ':')
        {
          g_auto(GStrv) w = g_strsplit (line, " ", 3);

          g_string_append_printf (out, "%s %s [0:0]\n", w[0], w[1] != NULL ? w[1] : "-");
          continue;
        }
      if (table != NULL && !declared && (line[0] == '-' || line[0] == '[' || strcmp (line, "COMMIT") == 0))
        {
          /* a chain only the reference has, reached from the first built-in */
          const char *first = strcmp (table, "filter") == 0 ? "INPUT" : "PREROUTING";

          declared = TRUE;
          if (strcmp (table, "raw") != 0 && strcmp (table, "mangle") != 0
              && strcmp (table, "nat") != 0 && strcmp (table, "filter") != 0)
            first = NULL;
          if (first != NULL && g_rand_boolean (rand))
            {
              g_autofree char *net = ipm_gen_net (pool, 10, 250, g_rand_int_range (rand, 0, 256), 0, 24);

              g_string_append (out, ":REF-NEW - [0:0]\n");
              g_string_append_printf (extra, "-A %s -s %s -j REF-NEW\n", first, net);
              for (guint k = 0, n = g_rand_int_range (rand, 1, 4); k < n; k++)
                {
                  g_string_append (extra, "-A REF-NEW ");
                  ipm_gen_simple (extra, rand, pool, table, first, TRUE);
                  g_string_append_c (extra, '\n');
                }
            }
        }
      if (strcmp (line, "COMMIT") == 0)
        {
          g_string_append (out, extra->str);
          g_string_append (out, "COMMIT\n");
          table = NULL;
          continue;
        }
      spec = ipm_gen_rule_of (line, &chain);
      if (spec == NULL || table == NULL)
        continue;
      if (g_rand_int_range (rand, 0, 3) == 0)
        g_string_append_printf (out, "-A %s %s\n", chain, spec);
      if (g_rand_int_range (rand, 0, 10) == 0)
        {
          /* a new rule between the host's: its anchors are the kept ones */
          g_autofree char *net = ipm_gen_net (pool, 10, 254, serial / 256 % 256, serial % 256, 32);

          g_string_append_printf (out, "-A %s -s %s -j ACCEPT\n", chain, net);
          serial++;
        }
    }
  return g_string_free (out, FALSE);
}

char *
ipm_gen_overlay (GRand *rand, const IpmGenPool *pool, const char *host,
                 const char *reference)
{
  g_auto(GStrv) lines = g_strsplit (host, "\n", -1);
  g_autoptr(GHashTable) in_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new (NULL);
  guint start = 0;

  if (reference != NULL)
    {
      g_auto(GStrv) rl = g_strsplit (reference, "\n", -1);
      const char *table = "";

      for (guint i = 0; rl[i] != NULL; i++)
        {
          g_autofree char *chain = NULL;
          const char *spec;

          if (rl[i][0] == '*')
            table = rl[i] + 1;
          spec = ipm_gen_rule_of (rl[i], &chain);
          if (spec != NULL)
            g_hash_table_add (in_ref, g_strdup_printf ("%s %s %s", table, chain, spec));
        }
    }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *table;
      g_autoptr(GHashTable) count = NULL;
      g_autoptr(GPtrArray) candidates = NULL;
      g_autoptr(GPtrArray) user = NULL;
      g_autoptr(GHashTable) jumped = NULL;
      guint end;

      if (lines[i][0] != '*')
        continue;
      table = lines[i] + 1;
      start = i;
      for (end = i; lines[end] != NULL && strcmp (lines[end], "COMMIT") != 0; end++)
        ;
      count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      candidates = g_ptr_array_new_with_free_func (g_free);
      user = g_ptr_array_new_with_free_func (g_free);
      jumped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint k = start + 1; k < end; k++)
        {
          g_autofree char *chain = NULL;
          const char *spec = ipm_gen_rule_of (lines[k], &chain);
          const char *to;
          char *key;

          if (lines[k][0] == ':' && g_str_has_suffix (lines[k], " - [0:0]"))
            g_ptr_array_add (user, g_strndup (lines[k] + 1, strchr (lines[k], ' ') - lines[k] - 1));
          if (spec == NULL)
            continue;
          if ((to = strstr (spec, " -j ")) != NULL || (to = strstr (spec, " -g ")) != NULL)
            g_hash_table_add (jumped, g_strdup (to + 4));
          key = g_strdup_printf ("%s %s", chain, spec);
          g_hash_table_insert (count, key,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count, key)) + 1));
        }
      {
        GHashTableIter it;
        gpointer key, value;

        g_hash_table_iter_init (&it, count);
        while (g_hash_table_iter_next (&it, &key, &value))
          {
            g_autofree char *full = g_strdup_printf ("%s %s", table, (char *) key);

            if (GPOINTER_TO_UINT (value) == 1 && !g_hash_table_contains (in_ref, full))
              g_ptr_array_add (candidates, g_strdup (key));
          }
        /* hash order is not the seed's: sort for determinism */
        g_ptr_array_sort (candidates, ipm_gen_strcmp);
      }
      g_string_append_printf (out, "*%s\n", table);
      for (guint u = 0; u < user->len; u++)
        g_string_append_printf (out, ":%s - [0:0]\n", (char *) g_ptr_array_index (user, u));
      /* drawn once: MIN() evaluates its arguments twice, and a second draw
       * could exceed the candidates */
      guint n_deletes = g_rand_int_range (rand, 0, 5);

      for (guint k = 0, n = MIN (candidates->len, n_deletes); k < n; k++)
        {
          guint pick = g_rand_int_range (rand, 0, candidates->len);

          g_string_append_printf (out, "-D %s\n", (char *) g_ptr_array_index (candidates, pick));
          g_ptr_array_remove_index (candidates, pick);
        }
      {
        const char *first = strcmp (table, "filter") == 0 ? "INPUT" : "PREROUTING";

        guint o3 = g_rand_int_range (rand, 0, 256);
        g_autofree char *ins = ipm_gen_net (pool, 10, 251, o3, g_rand_int_range (rand, 0, 256), 32);
        g_autofree char *jump = NULL;

        g_string_append_printf (out, "-I %s 1 -s %s -j ACCEPT\n", first, ins);
        g_string_append (out, "-N OVL-NEW\n");
        for (guint k = 0, n = g_rand_int_range (rand, 1, 4); k < n; k++)
          {
            g_string_append (out, "-A OVL-NEW ");
            ipm_gen_simple (out, rand, pool, table, first, TRUE);
            g_string_append_c (out, '\n');
          }
        jump = ipm_gen_net (pool, 10, 252, g_rand_int_range (rand, 0, 256), 0, 24);
        g_string_append_printf (out, "-A %s -d %s -j OVL-NEW\n", first, jump);
      }
      for (guint u = 0; u < user->len; u++)
        {
          const char *name = g_ptr_array_index (user, u);

          if (!g_hash_table_contains (jumped, name) && g_rand_boolean (rand))
            {
              g_autofree char *net = ipm_gen_net (pool, 10, 253, g_rand_int_range (rand, 0, 256), 0, 24);

              g_string_append_printf (out, "-F %s\n-A %s -s %s -j RETURN\n", name, name, net);
              break;
            }
        }
      if (strcmp (table, "filter") == 0)
        g_string_append_printf (out, "-P FORWARD %s\n", g_rand_boolean (rand) ? "DROP" : "ACCEPT");
      g_string_append (out, "COMMIT\n");
      i = end;
      if (lines[i] == NULL)
        break;
    }
  return g_string_free (out, FALSE);
}

/* ---- mutations ------------------------------------------------------------ */

char *
ipm_gen_mutate (GRand *rand, const char *dump, const char **what)
{
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  guint n = g_strv_length (lines);
  g_autoptr(GArray) rules = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) policies = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *out = g_string_new (NULL);
  guint kind = g_rand_int_range (rand, 0, 7);
  guint victim = G_MAXUINT, dest = G_MAXUINT;
  g_autofree char *replacement = NULL;

  gboolean filter = FALSE;
  g_autofree guint *table_of = g_new0 (guint, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *chain = NULL;

      table_of[i] = i > 0 ? table_of[i - 1] : 0;
      if (lines[i][0] == '*')
        {
          filter = strcmp (lines[i], "*filter") == 0;
          table_of[i]++;
        }
      if (ipm_gen_rule_of (lines[i], &chain) != NULL)
        g_array_append_val (rules, i);
      else if (filter && lines[i][0] == ':' && !g_str_has_suffix (lines[i], " - [0:0]"))
        g_array_append_val (policies, i);
    }
  if (rules->len < 2 && kind < 5)
    kind = 5;
  switch (kind)
    {
    case 0:
      *what = "removed";
      victim = g_array_index (rules, guint, g_rand_int_range (rand, 0, rules->len));
      replacement = g_strdup ("");
      break;
    case 1:
    case 2:
      {
        g_autofree char *chain = NULL;
        const char *spec;

        *what = kind == 1 ? "changed" : "counters";
        victim = g_array_index (rules, guint, g_rand_int_range (rand, 0, rules->len));
        spec = ipm_gen_rule_of (lines[victim], &chain);
        replacement = kind == 1
          ? g_strdup_printf ("-A %s -s 10.249.%u.1/32 -j ACCEPT", chain, g_rand_int_range (rand, 0, 256))
          : g_strdup_printf ("[%u:%u] -A %s %s", g_rand_int (rand), g_rand_int (rand), chain, spec);
      }
      break;
    case 3:
    case 4:
      {
        /* copied or moved after another rule of the same chain */
        g_autofree char *chain = NULL;

        *what = kind == 3 ? "added" : "moved";
        victim = g_array_index (rules, guint, g_rand_int_range (rand, 0, rules->len));
        ipm_gen_rule_of (lines[victim], &chain);
        for (guint tries = 0; tries < 20 && dest == G_MAXUINT; tries++)
          {
            guint d = g_array_index (rules, guint, g_rand_int_range (rand, 0, rules->len));
            g_autofree char *dchain = NULL;

            ipm_gen_rule_of (lines[d], &dchain);
            if (strcmp (dchain, chain) == 0 && table_of[d] == table_of[victim] && d != victim)
              dest = d;
          }
        if (dest == G_MAXUINT)
          dest = victim;
        replacement = kind == 3 ? g_strdup (lines[victim]) : g_strdup ("");
      }
      break;
    case 5:
      *what = "policy";
      if (policies->len > 0)
        {
          victim = g_array_index (policies, guint, g_rand_int_range (rand, 0, policies->len));
          if (strstr (lines[victim], " ACCEPT ") != NULL)
            {
              g_auto(GStrv) w = g_strsplit (lines[victim], " ACCEPT ", 2);
              replacement = g_strdup_printf ("%s DROP %s", w[0], w[1]);
            }
          else
            {
              g_auto(GStrv) w = g_strsplit (lines[victim], " DROP ", 2);
              replacement = w[1] != NULL ? g_strdup_printf ("%s ACCEPT %s", w[0], w[1])
                                         : g_strdup (lines[victim]);
            }
        }
      break;
    default:
      *what = "chain added";
      for (guint i = 0; i < n && victim == G_MAXUINT; i++)
        if (lines[i][0] == ':')
          victim = i;
      if (victim != G_MAXUINT)
        replacement = g_strdup_printf ("%s\n:GEN-ADDED - [0:0]", lines[victim]);
      break;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *line = i == victim && replacement != NULL ? replacement : lines[i];

      if (i + 1 == n && line[0] == '\0')
        break;
      if (line[0] != '\0' || i != victim)
        g_string_append_printf (out, "%s\n", line);
      if (i == dest && dest != victim)
        g_string_append_printf (out, "%s\n", lines[victim]);
    }
  return g_string_free (out, FALSE);
}
