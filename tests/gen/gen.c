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
  GPtrArray *entries;     /* IpmGenEntry* */
  GHashTable *by_place;   /* "table/chain" -> GPtrArray of IpmGenEntry* */
};

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
ipm_gen_accepted (const char *table, const char *chain, const char *spec)
{
  g_autofree char *text = g_strdup_printf ("*%s\n:%s - [0:0]\n-A %s %s\nCOMMIT\n",
                                           table, "USER1", chain, spec);
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("gen", text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4 };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
  g_autoptr(IpmRuleset) rs = NULL;

  if (script != NULL)
    rs = ipm_apply_script (script, diags, NULL);
  return rs != NULL && diags->items->len == 0;
}

IpmGenPool *
ipm_gen_pool_load (const char *expected, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  IpmGenPool *pool;

  if (!g_file_get_contents (expected, &text, NULL, error))
    return NULL;
  pool = g_new0 (IpmGenPool, 1);
  pool->entries = g_ptr_array_new_with_free_func (ipm_gen_entry_free);
  pool->by_place = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      IpmGenEntry *e;
      GPtrArray *place;
      char *key;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (f) != 7 || strcmp (f[1], "4") != 0
          || strcmp (f[5], "REJECTED") == 0 || strcmp (f[5], "NONE") == 0
          || strcmp (f[5], f[6]) != 0 || strstr (f[5], "<NL>") != NULL
          || !ipm_gen_usable (f[4]) || !ipm_gen_usable (f[5])
          || !ipm_gen_accepted (f[2], g_str_has_prefix (f[3], "USER") ? "USER1" : f[3], f[4]))
        continue;
      e = g_new0 (IpmGenEntry, 1);
      e->table = g_strdup (f[2]);
      e->chain = g_strdup (g_str_has_prefix (f[3], "USER") ? "-" : f[3]);
      e->spec = g_strdup (f[4]);
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
  return pool;
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
ipm_gen_simple (GString *out, GRand *rand, const char *table,
                const char *builtin, gboolean user)
{
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
      g_string_append_printf (out, "-s 10.%u.%u.%u/32 -j %s", a, b,
                              g_rand_int_range (rand, 0, 4), target);
      break;
    case 1:
      g_string_append_printf (out, "-d 192.168.%u.0/24 -p udp -m udp --dport %u -j %s",
                              a, 1 + (a * 256 + b) % 65535, target);
      break;
    case 2:
      if (in)
        g_string_append_printf (out, "-i eth%u -p tcp -m tcp --dport %u -j %s",
                                a % 16, 1 + b, target);
      else
        g_string_append_printf (out, "! -d 172.16.%u.0/24 -j %s", a, target);
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
      g_string_append_printf (out, "-s 10.%u.0.0/16 -d 10.%u.%u.0/24 -p icmp -m icmp --icmp-type %u -j %s",
                              a, b, a, a % 19, target);
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

                  g_string_append_printf (r, "-s 10.%u.%u.0/24 -%c %s\n",
                                          g_rand_int_range (rand, 0, 256),
                                          g_rand_int_range (rand, 0, 256),
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
          ipm_gen_simple (r, rand, gt->name, builtin, !c->builtin);
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

  (void) pool;
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
              g_string_append (out, ":REF-NEW - [0:0]\n");
              g_string_append_printf (extra, "-A %s -s 10.250.%u.0/24 -j REF-NEW\n",
                                      first, g_rand_int_range (rand, 0, 256));
              for (guint k = 0, n = g_rand_int_range (rand, 1, 4); k < n; k++)
                {
                  g_string_append (extra, "-A REF-NEW ");
                  ipm_gen_simple (extra, rand, table, first, TRUE);
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
          g_string_append_printf (out, "-A %s -s 10.254.%u.%u/32 -j ACCEPT\n", chain,
                                  serial / 256 % 256, serial % 256);
          serial++;
        }
    }
  return g_string_free (out, FALSE);
}

static gint
ipm_gen_strcmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char *
ipm_gen_overlay (GRand *rand, const IpmGenPool *pool, const char *host,
                 const char *reference)
{
  g_auto(GStrv) lines = g_strsplit (host, "\n", -1);
  g_autoptr(GHashTable) in_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new (NULL);
  guint start = 0;

  (void) pool;
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
      for (guint k = 0, n = MIN (candidates->len, (guint) g_rand_int_range (rand, 0, 5)); k < n; k++)
        {
          guint pick = g_rand_int_range (rand, 0, candidates->len);

          g_string_append_printf (out, "-D %s\n", (char *) g_ptr_array_index (candidates, pick));
          g_ptr_array_remove_index (candidates, pick);
        }
      {
        const char *first = strcmp (table, "filter") == 0 ? "INPUT" : "PREROUTING";

        g_string_append_printf (out, "-I %s 1 -s 10.251.%u.%u/32 -j ACCEPT\n", first,
                                g_rand_int_range (rand, 0, 256), g_rand_int_range (rand, 0, 256));
        g_string_append (out, "-N OVL-NEW\n");
        for (guint k = 0, n = g_rand_int_range (rand, 1, 4); k < n; k++)
          {
            g_string_append (out, "-A OVL-NEW ");
            ipm_gen_simple (out, rand, table, first, TRUE);
            g_string_append_c (out, '\n');
          }
        g_string_append_printf (out, "-A %s -d 10.252.%u.0/24 -j OVL-NEW\n", first,
                                g_rand_int_range (rand, 0, 256));
      }
      for (guint u = 0; u < user->len; u++)
        {
          const char *name = g_ptr_array_index (user, u);

          if (!g_hash_table_contains (jumped, name) && g_rand_boolean (rand))
            {
              g_string_append_printf (out, "-F %s\n-A %s -s 10.253.%u.0/24 -j RETURN\n",
                                      name, name, g_rand_int_range (rand, 0, 256));
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
