/* Suite for src/grammar.c: the tables built from grammar/ must be usable
 * (sorted for bsearch, no duplicates) and consistent with canon-value.c. */
#include "config.h"

#include <string.h>

#include "canon-value.h"
#include "grammar.h"
#include "ruleset.h"
#include "suites.h"

static void
ipm_test_grammar_check_modules (const IpmGrammarModule *mods, guint n)
{
  CU_ASSERT_TRUE (n > 0);
  for (guint i = 0; i < n; i++)
    {
      const IpmGrammarModule *m = &mods[i];

      /* Sorted and unique, so bsearch finds every module. */
      if (i > 0)
        CU_ASSERT_TRUE (strcmp (mods[i - 1].name, m->name) < 0);
      for (guint k = 0; k < m->n_opts; k++)
        {
          const IpmGrammarOpt *o = &m->opts[k];

          if (k > 0)
            CU_ASSERT_TRUE (strcmp (m->opts[k - 1].name, o->name) < 0);
          CU_ASSERT_TRUE (ipm_canon_value_known (o->type));
          CU_ASSERT_TRUE (o->order > 0);
          /* Options printed differently have distinct places; aliases
           * (same printed name) share one. */
          for (guint j = 0; j < m->n_opts; j++)
            if (j != k)
              {
                gboolean same_print = strcmp (m->opts[j].print, o->print) == 0;

                CU_ASSERT_EQUAL (same_print, m->opts[j].order == o->order);
              }
          if (o->flags & IPM_OPT_FIXED)
            CU_ASSERT_TRUE (o->nargs == 0 && o->dflt != NULL);
          if (o->flags & (IPM_OPT_ADD | IPM_OPT_DROP))
            CU_ASSERT_PTR_NOT_NULL (o->dflt);
          /* Defaults are canonical: their own normalizer keeps them. */
          if ((o->flags & (IPM_OPT_ADD | IPM_OPT_DROP)) && o->nargs == 1)
            for (guint f = 0; f < 2; f++)
              {
                const char *d = f == 0 ? o->dflt : o->dflt6;
                IpmValueCtx ctx = { f == 0 ? IPM_FAMILY_IPV4 : IPM_FAMILY_IPV6,
                                    NULL, NULL, 0 };
                g_autoptr(GString) out = g_string_new (NULL);
                const char *args[1] = { d };

                if (d == NULL)
                  continue;
                CU_ASSERT_EQUAL (ipm_canon_value (o->type, &ctx, args, 1, out),
                                 IPM_VALUE_OK);
                CU_ASSERT_STRING_EQUAL (out->str, d);
                g_clear_error (&ctx.error);
              }
          /* Every printed name is a real option of the module. */
          CU_ASSERT_PTR_NOT_NULL (ipm_grammar_option (m, o->print));
          CU_ASSERT_PTR_EQUAL (ipm_grammar_option (m, o->name), o);
        }
    }
}

static void
test_grammar_tables (void)
{
  const IpmGrammarModule *mods;
  guint n;

  mods = ipm_grammar_matches (&n);
  ipm_test_grammar_check_modules (mods, n);
  mods = ipm_grammar_targets (&n);
  ipm_test_grammar_check_modules (mods, n);
}

static void
test_grammar_types (void)
{
  for (guint t = 0; t < IPM_N_TYPES; t++)
    {
      CU_ASSERT_TRUE (ipm_canon_value_known (t));
      CU_ASSERT_STRING_NOT_EQUAL (ipm_grammar_type_name (t), "?");
    }
}

/* The class column of types.def: exactly the address, network and
 * interface types are rewritten, and every option --rewrite must reach
 * has one of them while names and strings never do. */
static void
test_grammar_type_classes (void)
{
  static const struct {
    IpmType type;
    IpmTypeClass cls;
  } classes[] = {
    { IPM_TYPE_HOST, IPM_CLASS_ADDR }, { IPM_TYPE_ADDRMASK, IPM_CLASS_NET },
    { IPM_TYPE_NETWORK, IPM_CLASS_NET }, { IPM_TYPE_IPRANGE, IPM_CLASS_RANGE },
    { IPM_TYPE_NATRANGE, IPM_CLASS_NAT }, { IPM_TYPE_IFACE, IPM_CLASS_IFACE },
    { IPM_TYPE_NPTPFX, IPM_CLASS_NET },
    { IPM_TYPE_ADDRPLEN, IPM_CLASS_NET },
  };
  static const struct {
    gboolean target;
    const char *module;
    const char *option;
    IpmTypeClass cls;
  } options[] = {
    { FALSE, "conntrack", "ctorigsrc", IPM_CLASS_NET },
    { FALSE, "conntrack", "ctorigdst", IPM_CLASS_NET },
    { FALSE, "conntrack", "ctreplsrc", IPM_CLASS_NET },
    { FALSE, "conntrack", "ctrepldst", IPM_CLASS_NET },
    { FALSE, "iprange", "src-range", IPM_CLASS_RANGE },
    { FALSE, "iprange", "dst-range", IPM_CLASS_RANGE },
    { FALSE, "physdev", "physdev-in", IPM_CLASS_IFACE },
    { FALSE, "physdev", "physdev-out", IPM_CLASS_IFACE },
    { FALSE, "policy", "tunnel-src", IPM_CLASS_NET },
    { FALSE, "policy", "tunnel-dst", IPM_CLASS_NET },
    { FALSE, "srh", "srh-psid", IPM_CLASS_NET },
    { TRUE, "DNAT", "to-destination", IPM_CLASS_NAT },
    { TRUE, "SNAT", "to-source", IPM_CLASS_NAT },
    { TRUE, "NETMAP", "to", IPM_CLASS_NET },
    { TRUE, "DNPT", "src-pfx", IPM_CLASS_NET },
    { TRUE, "SNPT", "dst-pfx", IPM_CLASS_NET },
    { TRUE, "TEE", "gateway", IPM_CLASS_ADDR },
    { TRUE, "TEE", "oif", IPM_CLASS_IFACE },
    { TRUE, "TPROXY", "on-ip", IPM_CLASS_ADDR },
    /* names, strings, masks */
    { FALSE, "comment", "comment", IPM_CLASS_PLAIN },
    { FALSE, "hashlimit", "hashlimit-name", IPM_CLASS_PLAIN },
    { FALSE, "hashlimit", "hashlimit-srcmask", IPM_CLASS_PLAIN },
    { FALSE, "recent", "name", IPM_CLASS_PLAIN },
    { FALSE, "recent", "mask", IPM_CLASS_PLAIN },
    { FALSE, "set", "match-set", IPM_CLASS_PLAIN },
    { FALSE, "helper", "helper", IPM_CLASS_PLAIN },
    { FALSE, "string", "string", IPM_CLASS_PLAIN },
    { FALSE, "cgroup", "path", IPM_CLASS_PLAIN },
    { FALSE, "connlimit", "connlimit-mask", IPM_CLASS_PLAIN },
    { TRUE, "LOG", "log-prefix", IPM_CLASS_PLAIN },
    { TRUE, "NFLOG", "nflog-prefix", IPM_CLASS_PLAIN },
    { TRUE, "CT", "helper", IPM_CLASS_PLAIN },
  };

  for (guint t = 0; t < IPM_N_TYPES; t++)
    {
      IpmTypeClass want = IPM_CLASS_PLAIN;

      for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
        if (classes[i].type == t)
          want = classes[i].cls;
      CU_ASSERT_EQUAL (ipm_grammar_type_class (t), want);
      /* a string is never an address */
      if (ipm_canon_value_is_string (t))
        CU_ASSERT_EQUAL (ipm_grammar_type_class (t), IPM_CLASS_PLAIN);
    }
  CU_ASSERT_EQUAL (ipm_grammar_type_class (IPM_N_TYPES), IPM_CLASS_PLAIN);
  for (gsize i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const IpmGrammarModule *m = options[i].target
        ? ipm_grammar_target (options[i].module, 0)
        : ipm_grammar_match (options[i].module, 0);
      const IpmGrammarOpt *o;

      CU_ASSERT_PTR_NOT_NULL_FATAL (m);
      CU_ASSERT_FALSE (m->flags & IPM_MODULE_OPAQUE);
      o = ipm_grammar_option (m, options[i].option);
      CU_ASSERT_PTR_NOT_NULL_FATAL (o);
      if (ipm_grammar_type_class (o->type) != options[i].cls)
        fprintf (stderr, "\n%s --%s: class %d, expected %d\n",
                 options[i].module, options[i].option,
                 ipm_grammar_type_class (o->type), options[i].cls);
      CU_ASSERT_EQUAL (ipm_grammar_type_class (o->type), options[i].cls);
    }
}

static void
test_grammar_coverage (void)
{
  static const char *const matches[] = {
    "tcp", "udp", "icmp", "sctp", "comment", "conntrack", "state",
    "multiport", "mark", "connmark", "addrtype", "set", "statistic", "limit",
    "hashlimit", "recent", "physdev", "iprange", "length", "ttl", "pkttype",
    "owner", "mac", "connlimit", "tos", "dscp",
  };
  static const char *const targets[] = {
    "ACCEPT", "DROP", "RETURN", "QUEUE", "REJECT", "LOG", "NFLOG", "NFQUEUE",
    "MASQUERADE", "SNAT", "DNAT", "REDIRECT", "MARK", "CONNMARK", "NOTRACK",
    "CT", "TCPMSS", "DSCP", "TTL", "TPROXY", "CLASSIFY", "NETMAP", "TEE",
  };

  for (guint i = 0; i < G_N_ELEMENTS (matches); i++)
    CU_ASSERT_PTR_NOT_NULL (ipm_grammar_match (matches[i], 4));
  CU_ASSERT_PTR_NOT_NULL (ipm_grammar_match ("icmp6", 6));
  CU_ASSERT_PTR_NOT_NULL (ipm_grammar_match ("ipv6-icmp", 6));
  CU_ASSERT_PTR_NOT_NULL (ipm_grammar_match ("hl", 6));
  CU_ASSERT_PTR_NULL (ipm_grammar_match ("icmp", 6));
  CU_ASSERT_PTR_NULL (ipm_grammar_match ("nosuch", 4));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    CU_ASSERT_PTR_NOT_NULL (ipm_grammar_target (targets[i], 4));
}

static void
test_grammar_prefix (void)
{
  const IpmGrammarModule *tcp = ipm_grammar_match ("tcp", 4);
  const IpmGrammarOpt *first = NULL;

  CU_ASSERT_EQUAL (ipm_grammar_option_prefix (tcp, "dp", &first), 1);
  CU_ASSERT_STRING_EQUAL (first->name, "dport");
  CU_ASSERT_EQUAL (ipm_grammar_option_prefix (tcp, "tcp-", &first), 2);
  CU_ASSERT_EQUAL (ipm_grammar_option_prefix (tcp, "zz", &first), 0);
  CU_ASSERT_STRING_EQUAL (ipm_grammar_option (tcp, "source-port")->print,
                          "sport");
}

/* TRUE when NAME is a built-in chain of some table (of TABLES, a comma
 * list, when not NULL). */
static gboolean
ipm_test_grammar_builtin_somewhere (const char *tables, const char *name)
{
  static const char *const all[] = { "filter", "mangle", "nat", "raw",
                                     "security", NULL };
  g_auto(GStrv) list = tables != NULL ? g_strsplit (tables, ",", -1) : NULL;
  const char *const *t = list != NULL ? (const char *const *) list : all;

  for (; *t != NULL; t++)
    if (ipm_chain_is_builtin (*t, name))
      return TRUE;
  return FALSE;
}

static gboolean
ipm_test_grammar_in_list (const char *list, const char *name)
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);

  return g_strv_contains ((const char *const *) items, name);
}

/* A comma list without empty items or repeats. */
static void
ipm_test_grammar_check_list (const char *list)
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);

  CU_ASSERT_TRUE (items[0] != NULL);
  for (guint i = 0; items[i] != NULL; i++)
    {
      CU_ASSERT_TRUE (items[i][0] != '\0');
      for (guint j = 0; j < i; j++)
        CU_ASSERT_STRING_NOT_EQUAL (items[i], items[j]);
    }
}

static void
ipm_test_grammar_check_places (const IpmGrammarModule *mods, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const IpmGrammarModule *m = &mods[i];

      /* Every table named is a real table. */
      if (m->tables != NULL)
        {
          g_auto(GStrv) tables = g_strsplit (m->tables, ",", -1);

          ipm_test_grammar_check_list (m->tables);
          for (guint k = 0; tables[k] != NULL; k++)
            {
              if (!ipm_table_name_known (tables[k]))
                g_printerr ("\ngrammar: %s: no table '%s'\n", m->name,
                            tables[k]);
              CU_ASSERT_TRUE (ipm_table_name_known (tables[k]));
            }
        }
      /* Every chain named is a built-in chain of one of its tables, so
       * the module can be used somewhere. */
      if (m->chains != NULL)
        {
          g_auto(GStrv) chains = g_strsplit (m->chains, ",", -1);

          ipm_test_grammar_check_list (m->chains);
          for (guint k = 0; chains[k] != NULL; k++)
            {
              gboolean ok = ipm_test_grammar_builtin_somewhere (m->tables,
                                                                chains[k]);

              if (!ok)
                g_printerr ("\ngrammar: %s: no built-in chain '%s' in its "
                            "tables\n", m->name, chains[k]);
              CU_ASSERT_TRUE (ok);
            }
        }
      for (guint k = 0; k < m->n_opts; k++)
        {
          const IpmGrammarOpt *o = &m->opts[k];
          g_auto(GStrv) chains = NULL;

          if (o->chains == NULL)
            continue;
          ipm_test_grammar_check_list (o->chains);
          chains = g_strsplit (o->chains, ",", -1);
          for (guint j = 0; chains[j] != NULL; j++)
            {
              CU_ASSERT_TRUE (ipm_test_grammar_builtin_somewhere (m->tables,
                                                                  chains[j]));
              /* An option cannot be valid where its module is not. */
              if (m->chains != NULL)
                CU_ASSERT_TRUE (ipm_test_grammar_in_list (m->chains,
                                                          chains[j]));
            }
        }
    }
}

static void
test_grammar_places (void)
{
  const IpmGrammarModule *mods;
  guint n;

  mods = ipm_grammar_matches (&n);
  ipm_test_grammar_check_places (mods, n);
  mods = ipm_grammar_targets (&n);
  ipm_test_grammar_check_places (mods, n);
  /* A few the kernel is known to restrict. */
  CU_ASSERT_STRING_EQUAL (ipm_grammar_target ("MASQUERADE", 4)->tables, "nat");
  CU_ASSERT_STRING_EQUAL (ipm_grammar_target ("REJECT", 6)->tables, "filter");
  CU_ASSERT_STRING_EQUAL (ipm_grammar_target ("NOTRACK", 4)->tables, "raw");
  CU_ASSERT_PTR_NULL (ipm_grammar_target ("MARK", 4)->tables);
  CU_ASSERT_PTR_NOT_NULL (ipm_grammar_option (ipm_grammar_match ("addrtype",
                                                                 4),
                                              "limit-iface-in")->chains);
}

/* grammar/base.def: long options sorted (getopt's order, a prefix is a
 * range), unique, and each short option the same as a long one */
static void
test_base_options (void)
{
  static const struct {
    const char *short_name;
    const char *long_name;
  } pairs[] = {
    { "-s", "source" }, { "-d", "destination" }, { "-i", "in-interface" },
    { "-o", "out-interface" }, { "-p", "protocol" }, { "-f", "fragment" },
    { "-j", "jump" }, { "-g", "goto" }, { "-m", "match" },
    { "-c", "set-counters" }, { "-4", "ipv4" }, { "-6", "ipv6" },
    { "-v", "verbose" },
  };
  guint n_long, n_short;
  const IpmGrammarBaseOpt *longs = ipm_grammar_base_long (&n_long);
  const IpmGrammarBaseOpt *shorts = ipm_grammar_base_short (&n_short);

  CU_ASSERT_TRUE (n_long > 30);
  for (guint i = 1; i < n_long; i++)
    CU_ASSERT_TRUE (strcmp (longs[i - 1].name, longs[i].name) < 0);
  CU_ASSERT_EQUAL (n_short, G_N_ELEMENTS (pairs));
  for (guint i = 0; i < n_short; i++)
    {
      const IpmGrammarBaseOpt *l = NULL;

      CU_ASSERT_STRING_EQUAL (shorts[i].name, pairs[i].short_name);
      for (guint j = 0; j < n_long; j++)
        if (strcmp (longs[j].name, pairs[i].long_name) == 0)
          l = &longs[j];
      CU_ASSERT_PTR_NOT_NULL_FATAL (l);
      CU_ASSERT_EQUAL (l->kind, shorts[i].kind);
      CU_ASSERT_EQUAL (l->nargs, shorts[i].nargs);
      CU_ASSERT_EQUAL (l->type, shorts[i].type);
    }
}

static const CU_TestInfo ipm_grammar_tests[] = {
  { "base options: sorted, short = long", test_base_options },
  { "tables sorted, unique, consistent", test_grammar_tables },
  { "every type has a normalizer", test_grammar_types },
  { "type classes say what --rewrite changes", test_grammar_type_classes },
  { "required modules present", test_grammar_coverage },
  { "prefix lookup", test_grammar_prefix },
  { "tables and chains are real", test_grammar_places },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_grammar (void)
{
  return ipm_test_add_suite ("grammar", ipm_grammar_tests);
}
