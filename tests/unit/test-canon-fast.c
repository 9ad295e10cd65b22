/* Suite for src/canon-fast.c, the cache of canon.c's verdicts: rules in
 * iptables-save's own spelling are taken as they stand, rules canon.c
 * prints the same but for a value are taken with canon.c's text, and
 * every kind of rule canon.c would reorder, default, warn about or refuse
 * is declined, whatever the shapes remembered.  (make check also runs every
 * rule of every test through both paths: IPM_CANON_CHECK=1.) */
#include "config.h"

#include <string.h>

#include "canon.h"
#include "canon-fast.h"
#include "suites.h"

typedef struct {
  IpmFamily family;
  const char *table;
  const char *line;         /* "-A CHAIN spec" */
} IpmFastCase;

/* Taken, and already canonical: the text is the spec as given. */
static const IpmFastCase ipm_fast_taken[] = {
  { 4, "nat", "-A KUBE-SEP-X -s 10.244.1.5/32 -m comment --comment \"default/web:http\" -j KUBE-MARK-MASQ" },
  { 4, "nat", "-A KUBE-SEP-X -p tcp -m comment --comment \"default/web:http\" -m tcp -j DNAT --to-destination 10.244.1.5:8080" },
  { 4, "nat", "-A KUBE-SVC-X -m comment --comment \"default/web:http -> 10.244.1.5:8080\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-X" },
  { 4, "nat", "-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment \"kube-system/kube-dns:dns\" -m udp --dport 53 -j KUBE-MARK-MASQ" },
  { 4, "nat", "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000" },
  { 4, "nat", "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE" },
  { 4, "nat", "-A DOCKER -i docker0 -j RETURN" },
  { 4, "nat", "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER" },
  { 4, "filter", "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT" },
  { 4, "filter", "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT" },
  { 4, "filter", "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT" },
  { 4, "filter", "-A DOCKER-ISOLATION-STAGE-1 -j RETURN" },
  { 4, "filter", "-A FORWARD -g DOCKER-USER" },
  { 4, "filter", "-A KUBE-SERVICES -d 10.96.5.5/32 -p tcp -m comment --comment \"ns/svc has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable" },
  { 4, NULL, "-A X -j ACCEPT" },
  { 6, "filter", "-A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 22 -j ACCEPT" },
  { 4, "filter", "-A X -m comment --comment bare_word-1 -j ACCEPT" },
  { 4, "filter", "-A X" },
  /* canon.c gives these back as they are too */
  { 4, "filter", "-A X -m comment --comment a -m comment --comment b -j ACCEPT" },
  { 4, "filter", "-A X -m connlimit --connlimit-upto 10 --connlimit-mask 32 --connlimit-saddr" },
  { 4, "filter", "-A X -f -j DROP" },
  { 4, "filter", "-A X -j QUEUE" },                                  /* legacy's */
  { 4, "filter", "-A X -m comment --comment \"!\" -j ACCEPT" },     /* a value */
  { 4, "filter", "-A X ! -i + -j DROP" },                            /* kept */
};

/* Taken with canon.c's text: a value printed otherwise in its place. */
static const IpmFastCase ipm_fast_respelled_cases[] = {
  { 4, "filter", "-A X -s 1.2.3.4 -j ACCEPT" },                      /* no /32 */
  { 4, "filter", "-A X -m comment --comment \"abc\" -j ACCEPT" },    /* needs none */
  { 4, "filter", "-A X -m comment --comment \"it's\" -j ACCEPT" },   /* \' */
  { 4, "filter", "-A X -j \"SOMECHAIN\"" },
};

/* Declined: canon.c would change, warn about or refuse each. */
static const IpmFastCase ipm_fast_declined[] = {
  { 4, "filter", "-A X -d 1.2.3.4/32 -s 5.6.7.8/32 -j ACCEPT" },     /* order */
  { 4, "filter", "-A X --source 1.2.3.4/32 -j ACCEPT" },             /* spelling */
  { 4, "filter", "-A X -s 0.0.0.0/0 -j ACCEPT" },                    /* dropped */
  { 4, "filter", "-A X -s 1.2.3.4,5.6.7.8 -j ACCEPT" },              /* refused */
  { 4, "filter", "-A X -p tcp --dport 80 -j ACCEPT" },               /* implicit -m tcp */
  { 4, "filter", "-A X -p tcp -m tcp --dport 0:65535 -j ACCEPT" },   /* default dropped */
  { 4, "filter", "-A X -m limit -j ACCEPT" },                        /* default added */
  { 4, "filter", "-A X -p tcp -m tcp --dport 80 -m tcp --sport 5 -j ACCEPT" }, /* merged */
  { 4, "filter", "-A X -p tcp -m tcp --dport=80 -j ACCEPT" },
  { 4, "filter", "-A X -p tcp -m tcp --dport 80 --sport 5 -j ACCEPT" }, /* reordered */
  { 4, "filter", "-A X -m nosuchmodule --foo -j ACCEPT" },
  { 4, "filter", "-A X -c 1 2 -j DROP" },
  { 4, "filter", "-A X -j INPUT" },
  { 4, "filter", "-A X -j DNAT --to-destination 1.2.3.4" },          /* wrong table */
  { 4, "filter", "-A INPUT -o eth0 -j DROP" },                       /* no output there */
  { 4, "filter", "-A X -p udp -j REJECT --reject-with tcp-reset" },
  { 4, "filter", "-A X -m tcp --dport 80 -j ACCEPT" },               /* needs -p tcp */
  { 4, "filter", "-A X -p tcp -m tcp --dport ! 80 -j ACCEPT" },      /* old negation */
  { 4, "filter", "-A X -m comment ! --comment a -j ACCEPT" },         /* no '!' */
  { 4, "filter", "-A X -j ACCEPT -s 1.2.3.4/32" },                   /* after target */
  { 4, "filter", "-A X -j CHAIN --foo" },
  { 4, "filter", "-A X -i + -j ACCEPT" },                            /* dropped */
  { 4, "filter", "-A X ! -s 0.0.0.0/0 -j DROP" },                    /* warned */
  { 4, "filter", "-A X -p all -j ACCEPT" },                          /* dropped */
  { 4, "filter", "-A X -m statistic --mode nth --every 2 -j ACCEPT" }, /* --packet */
  { 6, "filter", "-A X -s 1.2.3.4/32 -j ACCEPT" },                   /* family */
  /* the right words, not in the spelling the save prints */
  { 4, "filter", "-A X -p 6 -j ACCEPT" },                            /* tcp */
  { 4, "filter", "-A X -p tcp -m tcp --dport 080 -j ACCEPT" },      /* refused */
  { 4, "filter", "-A X  -j ACCEPT" },                                /* two blanks */
  { 4, "filter", "-A X -j ACCEPT " },                                /* trailing */
  { 4, "filter", "-A X -j\tACCEPT" },                               /* tab */
  { 4, "filter", "-A X \"-j\" ACCEPT" },                             /* quoted option */
  { 4, "filter", "-A X -j \"ACCEPT\"" },                             /* quoted target */
  { 4, "filter", "-A X -m comment --comment \"a\\\"b\" -j ACCEPT" },  /* escape */
  { 4, "filter", "-A X -m comment --comment \"a b\"c -j ACCEPT" },   /* two words */
  { 4, "filter", "-A X -m comment --comment a\"b c\" -j ACCEPT" },   /* quote inside */
  { 4, "filter", "-A X -m comment --comment \"\" -j ACCEPT" },       /* empty */
  { 4, "filter", "-A X \"!\" -s 1.2.3.4/32 -j ACCEPT" },
};

/* The spec of FC's line: the part after "-A CHAIN " */
static const char *
ipm_fast_spec (const IpmFastCase *fc)
{
  const char *space = strchr (fc->line + 3, ' ');

  return space != NULL ? space + 1 : fc->line + strlen (fc->line);
}

/* RESULT->target is valid until the next run. */
static gboolean
ipm_fast_run (const IpmFastCase *fc, IpmCanonFast *result)
{
  const char *spec = ipm_fast_spec (fc);
  g_autofree char *chain = g_strndup (fc->line + 3, spec - fc->line - 3
                                      - (*spec != '\0' ? 1 : 0));
  IpmFamily family = fc->family == 6 ? IPM_FAMILY_IPV6 : IPM_FAMILY_IPV4;

  return ipm_canon_fast (spec, strlen (spec), family, fc->table,
                         ipm_chain_name_builtin (chain) ? chain : NULL,
                         result);
}

static void
test_fast_taken (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_fast_taken); i++)
    {
      IpmCanonFast result;
      gboolean taken = ipm_fast_run (&ipm_fast_taken[i], &result);

      if (!taken)
        fprintf (stderr, "canon-fast: '%s' declined\n",
                 ipm_fast_taken[i].line);
      CU_ASSERT_TRUE (taken);
    }
}

static void
test_fast_declined (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_fast_declined); i++)
    {
      IpmCanonFast result;
      gboolean taken = ipm_fast_run (&ipm_fast_declined[i], &result);

      if (taken)
        fprintf (stderr, "canon-fast: '%s' taken\n",
                 ipm_fast_declined[i].line);
      CU_ASSERT_FALSE (taken);
    }
}

static void
test_fast_result (void)
{
  IpmFastCase jump = { 4, "filter", "-A FORWARD -o docker0 -j DOCKER" };
  IpmFastCase go = { 4, "filter", "-A FORWARD -g DOCKER-USER" };
  IpmFastCase target = { 4, "filter", "-A X -j ACCEPT" };
  IpmCanonFast r;

  CU_ASSERT_TRUE_FATAL (ipm_fast_run (&jump, &r));
  CU_ASSERT_STRING_EQUAL (r.target, "DOCKER");
  CU_ASSERT_TRUE (r.target_is_chain);
  CU_ASSERT_FALSE (r.is_goto);
  CU_ASSERT_FALSE (r.unconditional);
  CU_ASSERT_TRUE_FATAL (ipm_fast_run (&go, &r));
  CU_ASSERT_TRUE (r.is_goto);
  CU_ASSERT_TRUE (r.target_is_chain);
  CU_ASSERT_TRUE (r.unconditional);
  CU_ASSERT_TRUE_FATAL (ipm_fast_run (&target, &r));
  CU_ASSERT_STRING_EQUAL (r.target, "ACCEPT");
  CU_ASSERT_FALSE (r.target_is_chain);
  CU_ASSERT_TRUE (r.unconditional);
}

/* What canon-fast takes has canon.c's text: the spec itself unless a
 * value was respelled. */
static void
test_fast_agrees (void)
{
  const IpmFastCase *lists[] = { ipm_fast_taken, ipm_fast_declined,
                                 ipm_fast_respelled_cases };
  const guint lens[] = { G_N_ELEMENTS (ipm_fast_taken),
                         G_N_ELEMENTS (ipm_fast_declined),
                         G_N_ELEMENTS (ipm_fast_respelled_cases) };
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lens[l]; i++)
      {
        const IpmFastCase *fc = &lists[l][i];
        const char *spec = ipm_fast_spec (fc);
        IpmCanonFast r;
        g_autofree char *canon = NULL;

        if (!ipm_fast_run (fc, &r))
          continue;
        canon = ipm_canon_rule_text (spec, fc->family == 6 ? IPM_FAMILY_IPV6
                                     : IPM_FAMILY_IPV4, NULL);
        CU_ASSERT_FATAL (canon != NULL);
        CU_ASSERT_EQUAL (r.text_len, strlen (canon));
        CU_ASSERT_TRUE (strncmp (r.text, canon, r.text_len) == 0);
        CU_ASSERT_EQUAL (r.text == spec, strcmp (spec, canon) == 0);
      }
}

/* Rules canon.c prints otherwise only in a value are taken, with its
 * text, shape new or known. */
static void
test_fast_respelled_values (void)
{
  for (guint primed = 0; primed < 2; primed++)
    for (guint i = 0; i < G_N_ELEMENTS (ipm_fast_respelled_cases); i++)
      {
        const IpmFastCase *fc = &ipm_fast_respelled_cases[i];
        const char *spec = ipm_fast_spec (fc);
        g_autofree char *canon = ipm_canon_rule_text (spec, IPM_FAMILY_IPV4,
                                                      NULL);
        IpmCanonFast r;

        if (!primed)
          ipm_canon_fast_forget_shapes ();
        CU_ASSERT_TRUE_FATAL (ipm_fast_run (fc, &r));
        CU_ASSERT_FATAL (canon != NULL && strcmp (canon, spec) != 0);
        CU_ASSERT_EQUAL (r.text_len, strlen (canon));
        CU_ASSERT_TRUE (strncmp (r.text, canon, r.text_len) == 0);
      }
}

/* Word boundaries at every offset of the sixteen-byte steps of the split:
 * comments of every length, bare and quoted, are taken and agree with
 * canon.c; a doubled space or a trailing one anywhere is declined. */
static void
test_fast_split_offsets (void)
{
  for (guint n = 1; n <= 40; n++)
    for (guint quoted = 0; quoted < 2; quoted++)
      {
        g_autoptr(GString) comment = g_string_new (quoted ? "\"a" : "");
        g_autofree char *spec = NULL;
        g_autofree char *canon = NULL;
        IpmCanonFast r;

        for (guint k = 0; k < n; k++)
          g_string_append_c (comment, quoted ? ' ' : 'x');
        if (quoted)
          g_string_append (comment, "b\"");
        spec = g_strdup_printf ("-m comment --comment %s -j ACCEPT",
                                comment->str);
        CU_ASSERT_TRUE (ipm_canon_fast (spec, strlen (spec), IPM_FAMILY_IPV4,
                                        "filter", NULL, &r));
        canon = ipm_canon_rule_text (spec, IPM_FAMILY_IPV4, NULL);
        CU_ASSERT_STRING_EQUAL (spec, canon);
        for (gsize at = 0; at <= strlen (spec); at++)
          {
            g_autoptr(GString) bad = g_string_new (spec);

            if (at < strlen (spec) && spec[at] != ' ')
              continue;
            /* inside the quotes a second space is part of the comment */
            if (quoted && at > strlen ("-m comment --comment ")
                && at < strlen ("-m comment --comment ") + comment->len)
              continue;
            g_string_insert_c (bad, at, ' ');
            CU_ASSERT_FALSE (ipm_canon_fast (bad->str, bad->len,
                                             IPM_FAMILY_IPV4, "filter", NULL,
                                             &r));
          }
      }
}

/* SPEC, a rule of TABLE, is taken when canon.c gives it back, never when
 * canon.c refuses it, and when taken has canon.c's text. */
static void
ipm_fast_assert_taken_iff_canonical (const char *spec, const char *table)
{
  g_autofree char *canon = ipm_canon_rule_text (spec, IPM_FAMILY_IPV4, NULL);
  gboolean want = canon != NULL && strcmp (canon, spec) == 0;
  IpmCanonFast r;
  gboolean taken = ipm_canon_fast (spec, strlen (spec), IPM_FAMILY_IPV4,
                                   table, NULL, &r);

  if ((want && !taken) || (taken && canon == NULL))
    fprintf (stderr, "canon-fast: '%s' %s, canon.c '%s'\n", spec,
             taken ? "taken" : "declined", canon != NULL ? canon : "(refused)");
  if (want)
    CU_ASSERT_TRUE (taken);
  if (canon == NULL)
    CU_ASSERT_FALSE (taken);
  if (taken && canon != NULL)
    {
      CU_ASSERT_EQUAL (r.text_len, strlen (canon));
      CU_ASSERT_TRUE (strncmp (r.text, canon, r.text_len) == 0);
    }
}

/* A comment is read in place, sixteen bytes a step: a byte that makes the
 * save quote it (a blank, a dot, a UTF-8 byte) or escape it (') at every
 * position of comments of every length gives canon.c's answer, bare or
 * quoted. */
static void
test_fast_string_offsets (void)
{
  static const char *const odd[] = { " ", ".", "\xc3\xa9", "'", "_", "-" };

  for (guint n = 1; n <= 40; n++)
    for (guint at = 0; at < n; at++)
      for (guint o = 0; o < G_N_ELEMENTS (odd); o++)
        for (guint quoted = 0; quoted < 2; quoted++)
          {
            g_autoptr(GString) text = g_string_new (NULL);
            g_autofree char *spec = NULL;

            for (guint k = 0; k < n; k++)
              g_string_append (text, k == at ? odd[o] : "x");
            spec = g_strdup_printf (quoted ? "-m comment --comment \"%s\" -j ACCEPT"
                                    : "-m comment --comment %s -j ACCEPT",
                                    text->str);
            /* (a blank unquoted makes two words, which canon.c refuses) */
            ipm_fast_assert_taken_iff_canonical (spec, "filter");
          }
}

/* Ports and NAT addresses recognized as printed without printing them:
 * taken exactly when canon.c gives the spec back. */
static void
test_fast_ports (void)
{
  static const char *const ports[] = {
    "0", "00", "01", "1", "9", "80", "65535", "65536", "99999", "123456",
    "8080:8081", "1:1", "", "http", "8a",
  };
  /* the port between the two */
  static const char *const around[][2] = {
    { "-p tcp -m tcp --dport ", " -j ACCEPT" },
    { "-p tcp -j DNAT --to-destination 10.1.2.3:", "" },
    { "-p tcp -j DNAT --to-destination 10.01.2.3:", "" },
    { "-p tcp -j DNAT --to-destination ", "" },
  };

  for (guint f = 0; f < G_N_ELEMENTS (around); f++)
    for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
      {
        g_autofree char *spec = g_strconcat (around[f][0], ports[i],
                                             around[f][1], NULL);

        ipm_fast_assert_taken_iff_canonical (spec, f == 0 ? "filter" : "nat");
      }
}

/* -s and -d values recognized as printed in place: taken exactly when
 * canon.c gives the spec back. */
static void
test_fast_addresses (void)
{
  static const char *const addrs[] = {
    "10.0.0.0/8", "10.0.0.1/8", "10.0.0.0/08", "10.0.0.0/33", "10.0.0.0/",
    "10.0.0.1/32", "10.0.0.1", "0.0.0.0/0", "1.2.3.4/0", "010.0.0.1/32",
    "10.0.0.256/32", "10.0.0/24", "10.0.0.0/255.0.0.0", "10.0.0.0/255.0.255.0",
    "10.0.0.0/3a", "10.0.0.0/1/2", "\"10.0.0.1/32\"", "255.255.255.255/32",
  };

  for (guint i = 0; i < G_N_ELEMENTS (addrs); i++)
    for (guint side = 0; side < 2; side++)
      {
        g_autofree char *spec = g_strconcat (side ? "-d " : "-s ", addrs[i],
                                             " -j ACCEPT", NULL);

        ipm_fast_assert_taken_iff_canonical (spec, "filter");
      }
}

/* A probability the save prints otherwise (kube-proxy writes 1/n
 * unrounded) is respelled in place: the rule is taken with canon.c's text,
 * whether its shape is new or known; a value that is no probability is
 * declined. */
static void
test_fast_respelled (void)
{
  static const char *const probs[] = {
    "0.01000000000", "0.50000000000", "0.33333333333", "0.333", "1", "0",
    "0.00999999978", "1.5", "-0.5", "abc", "0.5x", ".5",
  };

  for (guint primed = 0; primed < 2; primed++)
    for (guint i = 0; i < G_N_ELEMENTS (probs); i++)
      {
        g_autofree char *spec = g_strconcat ("-m comment --comment \"a b\" "
                                             "-m statistic --mode random "
                                             "--probability ", probs[i],
                                             " -j KUBE-SEP-X", NULL);
        g_autofree char *canon = ipm_canon_rule_text (spec, IPM_FAMILY_IPV4,
                                                      NULL);
        IpmCanonFast r;
        gboolean taken;

        if (!primed)
          ipm_canon_fast_forget_shapes ();
        taken = ipm_canon_fast (spec, strlen (spec), IPM_FAMILY_IPV4, "nat",
                                NULL, &r);
        if (taken != (canon != NULL))
          fprintf (stderr, "canon-fast: '%s' %s, canon.c '%s'\n", spec,
                   taken ? "taken" : "declined",
                   canon != NULL ? canon : "(refused)");
        CU_ASSERT_EQUAL (taken, canon != NULL);
        if (taken && canon != NULL)
          {
            CU_ASSERT_EQUAL (r.text_len, strlen (canon));
            CU_ASSERT_TRUE (strncmp (r.text, canon, r.text_len) == 0);
            CU_ASSERT_STRING_EQUAL (r.target, "KUBE-SEP-X");
            /* the spec itself exactly when nothing was respelled */
            CU_ASSERT_EQUAL (r.text == spec, strcmp (spec, canon) == 0);
          }
      }
}

/* A rule remembered as a shape stands for no other: after each PRIMER is
 * taken, the rules of the same structure with a value canon.c would change
 * or refuse, or in another context, are still declined, and another
 * target module or chain gets its own answer. */
typedef struct {
  IpmFastCase primer;
  IpmFastCase other;
  gboolean taken;
  gboolean target_is_chain;   /* when taken */
} IpmFastShapeCase;

static const IpmFastShapeCase ipm_fast_shape_cases[] = {
  { { 4, "filter", "-A X -s 1.2.3.5/32 -j ACCEPT" }, { 4, "filter", "-A X -s 0.0.0.0/0 -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -s 1.2.3.5/32 -j ACCEPT" }, { 4, "filter", "-A X -s 1.2.3.4,5.6.7.8 -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -s 1.2.3.5/32 -j ACCEPT" }, { 4, "filter", "-A X -s 1.2.3.4 -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X -s 1.2.3.5/32 -j ACCEPT" }, { 4, "filter", "-A X -s 01.2.3.4/32 -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X -s 1.2.3.5/32 -j ACCEPT" }, { 4, "filter", "-A X -s \"!\" -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -s 1.2.3.5/32 -j ACCEPT" }, { 6, "filter", "-A X -s 1.2.3.4/32 -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -s 1.2.3.5/32 -j ACCEPT" }, { 4, "filter", "-A X -s 10.0.0.0/8 -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X -p tcp -m tcp --dport 80 -j ACCEPT" }, { 4, "filter", "-A X -p tcp -m tcp --dport 0:65535 -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -p tcp -m tcp --dport 80 -j ACCEPT" }, { 4, "filter", "-A X -p tcp -m tcp --dport 080 -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -p tcp -m tcp --dport 80 -j ACCEPT" }, { 4, "filter", "-A X -p tcp -m tcp --dport 8:9 -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X -i eth0 -j ACCEPT" }, { 4, "filter", "-A X -i + -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X ! -i eth0 -j ACCEPT" }, { 4, "filter", "-A X ! -i + -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X ! -s 1.2.3.5/32 -j ACCEPT" }, { 4, "filter", "-A X ! -s 0.0.0.0/0 -j ACCEPT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -o eth0 -j DROP" }, { 4, "filter", "-A INPUT -o eth0 -j DROP" }, FALSE, FALSE },
  { { 4, "nat", "-A X -j DNAT --to-destination 1.2.3.4" }, { 4, "filter", "-A X -j DNAT --to-destination 1.2.3.4" }, FALSE, FALSE },
  { { 4, "filter", "-A X -j SOMECHAIN" }, { 4, "filter", "-A X -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X -j ACCEPT" }, { 4, "filter", "-A X -j SOMECHAIN" }, TRUE, TRUE },
  { { 4, "filter", "-A X -j SOMECHAIN" }, { 4, "filter", "-A X -j INPUT" }, FALSE, FALSE },
  { { 4, "filter", "-A X -j SOMECHAIN" }, { 4, "filter", "-A X -j QUEUE" }, TRUE, FALSE },
  { { 4, "filter", "-A X -j SOMECHAIN" }, { 4, "filter", "-A X -j \"OTHER\"" }, TRUE, TRUE },
  { { 4, "filter", "-A X -g SOMECHAIN" }, { 4, "filter", "-A X -g ACCEPT" }, TRUE, TRUE },
  { { 4, "filter", "-A X -p udp -j REJECT --reject-with icmp-port-unreachable" }, { 4, "filter", "-A X -p udp -j REJECT --reject-with tcp-reset" }, FALSE, FALSE },
  { { 4, "filter", "-A X -p tcp -j REJECT --reject-with icmp-port-unreachable" }, { 4, "filter", "-A X -p tcp -j REJECT --reject-with tcp-reset" }, TRUE, FALSE },
  { { 4, "filter", "-A X -m comment --comment \"a b\" -j ACCEPT" }, { 4, "filter", "-A X -m comment --comment \"ab\" -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X -m comment --comment \"a b\" -j ACCEPT" }, { 4, "filter", "-A X -m comment --comment \"!\" -j ACCEPT" }, TRUE, FALSE },
  { { 4, "filter", "-A X -m comment --comment \"a b\" -j ACCEPT" }, { 4, "filter", "-A X -m comment --comment \"c d\" -j ACCEPT" }, TRUE, FALSE },
  { { 4, "nat", "-A X -p tcp -j DNAT --to-destination 1.2.3.4:80" }, { 4, "nat", "-A X -p icmp -j DNAT --to-destination 1.2.3.4:80" }, FALSE, FALSE },
  { { 4, "nat", "-A X -j DNAT --to-destination 1.2.3.4" }, { 4, "nat", "-A X -j DNAT --to-destination 1.2.3.4:80" }, FALSE, FALSE },
};

static void
test_fast_shapes (void)
{
  g_autofree char *long_comment = NULL;
  IpmFastCase primer = { 4, "filter", "-A X -m comment --comment \"a b\" -j ACCEPT" };
  IpmFastCase too_long = { 4, "filter", NULL };
  IpmCanonFast r;

  for (guint i = 0; i < G_N_ELEMENTS (ipm_fast_shape_cases); i++)
    {
      const IpmFastShapeCase *sc = &ipm_fast_shape_cases[i];
      gboolean taken;

      ipm_canon_fast_forget_shapes ();
      CU_ASSERT_TRUE (ipm_fast_run (&sc->primer, &r));
      /* twice: the second time surely through the shape */
      CU_ASSERT_TRUE (ipm_fast_run (&sc->primer, &r));
      for (guint k = 0; k < 2; k++)
        {
          taken = ipm_fast_run (&sc->other, &r);
          if (taken != sc->taken)
            fprintf (stderr, "canon-fast: after '%s', '%s' %s\n",
                     sc->primer.line, sc->other.line,
                     taken ? "taken" : "declined");
          CU_ASSERT_EQUAL (taken, sc->taken);
          if (taken && sc->taken)
            {
              const char *spec = ipm_fast_spec (&sc->other);
              g_autofree char *canon = ipm_canon_rule_text (spec, IPM_FAMILY_IPV4,
                                                            NULL);

              CU_ASSERT_EQUAL (r.target_is_chain, sc->target_is_chain);
              CU_ASSERT_FATAL (canon != NULL);
              CU_ASSERT_EQUAL (r.text_len, strlen (canon));
              CU_ASSERT_TRUE (strncmp (r.text, canon, r.text_len) == 0);
            }
        }
    }
  /* canon.c cuts a comment at 255 bytes */
  long_comment = g_strdup_printf ("-A X -m comment --comment \"a %0300d\" -j ACCEPT", 0);
  too_long.line = long_comment;
  CU_ASSERT_TRUE (ipm_fast_run (&primer, &r));
  CU_ASSERT_FALSE (ipm_fast_run (&too_long, &r));
  /* every taken rule again, now through its shape: the same answer */
  for (guint i = 0; i < G_N_ELEMENTS (ipm_fast_taken); i++)
    CU_ASSERT_TRUE (ipm_fast_run (&ipm_fast_taken[i], &r));
  for (guint i = 0; i < G_N_ELEMENTS (ipm_fast_declined); i++)
    CU_ASSERT_FALSE (ipm_fast_run (&ipm_fast_declined[i], &r));
}

static const CU_TestInfo ipm_canon_fast_tests[] = {
  { "rules in save order and spelling are taken", test_fast_taken },
  { "everything canon.c would change is declined", test_fast_declined },
  { "target, goto and unconditional flags", test_fast_result },
  { "same text as canon.c", test_fast_agrees },
  { "word boundaries at every offset", test_fast_split_offsets },
  { "a shape stands for its structure only", test_fast_shapes },
  { "comments read in place at every offset", test_fast_string_offsets },
  { "ports and NAT addresses as printed", test_fast_ports },
  { "addresses as printed", test_fast_addresses },
  { "probabilities respelled in place", test_fast_respelled },
  { "values respelled in place", test_fast_respelled_values },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_canon_fast (void)
{
  return ipm_test_add_suite ("canon-fast", ipm_canon_fast_tests);
}
