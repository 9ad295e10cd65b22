/* Suite for src/canon.c: spellings and their canonical form as
 * iptables-save 1.8.9 prints them (each checked in a network namespace),
 * and rejected spellings with the message and column expected. */
#include "config.h"

#include <string.h>

#include "canon.h"
#include "canon-value.h"
#include "suites.h"

typedef struct {
  IpmFamily family;
  const char *in;
  const char *out;
} IpmCanonCase;

static const IpmCanonCase ipm_canon_cases[] = {
  { 4, "-p tcp --dport 80 -j ACCEPT", "-p tcp -m tcp --dport 80 -j ACCEPT" },
  { 4, "--src 1.1.1.1 --dst 2.2.2.2/8 -p 6 --dp 80 -j ACCEPT",
    "-s 1.1.1.1/32 -d 2.0.0.0/8 -p tcp -m tcp --dport 80 -j ACCEPT" },
  { 4, "-s 10.1.2.3/255.255.0.0 -j DROP", "-s 10.1.0.0/16 -j DROP" },
  { 4, "-s 10.0.0.0/255.0.255.0 -j DROP", "-s 10.0.0.0/255.0.255.0 -j DROP" },
  { 4, "-s 1.2.3.4/0 -d 0.0.0.0/0 -j ACCEPT", "-j ACCEPT" },
  { 4, "-p TCP -m comment --comment \"a b\" --dport ssh --sport 1: -j ACCEPT",
    "-p tcp -m comment --comment \"a b\" -m tcp --sport 1:65535 --dport 22 "
    "-j ACCEPT" },
  { 4, "-p tcp --dport 0:65535 -j ACCEPT", "-p tcp -m tcp -j ACCEPT" },
  { 4, "-p tcp ! --syn --dport 80:80 -j DROP",
    "-p tcp -m tcp --dport 80 ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP" },
  { 4, "-p tcp --tcp-flags ALL NONE -j DROP",
    "-p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP" },
  { 4, "-p tcp -m tcp --dport 80 -m tcp --sport 5 -j ACCEPT",
    "-p tcp -m tcp --sport 5 --dport 80 -j ACCEPT" },
  { 4, "-p udp --dport=53 -j ACCEPT", "-p udp -m udp --dport 53 -j ACCEPT" },
  { 4, "-p 47 -f -i eth+ -j ACCEPT", "-i eth+ -p gre -f -j ACCEPT" },
  /* "+" matches every interface: left out, but "! -i +" matches none */
  { 4, "-i + -o + -j DROP", "-j DROP" },
  { 4, "! -i + -j DROP", "! -i + -j DROP" },
  { 4, "! --out-interface + -j DROP", "! -o + -j DROP" },
  { 4, "-m state --state established,RELATED -j ACCEPT",
    "-m state --state RELATED,ESTABLISHED -j ACCEPT" },
  { 4, "-m conntrack --ctstate NEW,INVALID --ctproto tcp --ctexpire 5:5",
    "-m conntrack --ctstate INVALID,NEW --ctproto 6 --ctexpire 5" },
  { 4, "-p tcp -m multiport --dport 80,https -j ACCEPT",
    "-p tcp -m multiport --dports 80,443 -j ACCEPT" },
  { 4, "-m limit -j ACCEPT", "-m limit --limit 3/hour -j ACCEPT" },
  { 4, "-m limit --limit 100/s --limit-burst 5", "-m limit --limit 100/sec" },
  { 4, "-m recent --name foo --set",
    "-m recent --set --name foo --mask 255.255.255.255 --rsource" },
  { 4, "-m statistic --mode random --probability 0.333",
    "-m statistic --mode random --probability 0.33300000010" },
  { 4, "-m mark --mark 010 -m connmark ! --mark 0x10/0xf0",
    "-m mark --mark 0x8 -m connmark ! --mark 0x10/0xf0" },
  { 4, "-m comment --comment \"it's\"", "-m comment --comment \"it\\'s\"" },
  { 4, "-m hashlimit --hashlimit-upto 10 --hashlimit-name foo",
    "-m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 "
    "--hashlimit-name foo" },
  { 4, "-m connlimit ! --connlimit-above 10",
    "-m connlimit --connlimit-upto 10 --connlimit-mask 32 --connlimit-saddr" },
  { 4, "-m tos --tos Minimize-Delay -m dscp --dscp-class AF11",
    "-m tos --tos 0x10/0x3f -m dscp --dscp 0x0a" },
  { 4, "-m iprange ! --dst-range 5.6.7.8", "-m iprange ! --dst-range 5.6.7.8-5.6.7.8" },
  { 4, "-m mac --mac-source 0:1:2:3:4:AB", "-m mac --mac-source 00:01:02:03:04:ab" },
  { 4, "-p icmp --icmp-type port-unreachable",
    "-p icmp -m icmp --icmp-type 3/3" },
  { 4, "-j REJECT", "-j REJECT --reject-with icmp-port-unreachable" },
  { 6, "-j REJECT --reject-with port-unreach",
    "-j REJECT --reject-with icmp6-port-unreachable" },
  { 4, "-j LOG --log-level 4 --log-prefix \"x: \"", "-j LOG --log-prefix \"x: \"" },
  { 4, "-j LOG --log-level debug --log-uid --log-tcp-sequence",
    "-j LOG --log-level 7 --log-tcp-sequence --log-uid" },
  { 4, "-p tcp --dport 80 -j DNAT --to 1.2.3.4:8080",
    "-p tcp -m tcp --dport 80 -j DNAT --to-destination 1.2.3.4:8080" },
  { 4, "-j MARK --set-mark 1/3", "-j MARK --set-xmark 0x1/0x3" },
  { 4, "-j MARK --and-mark 0x4000", "-j MARK --set-xmark 0x0/0xffffbfff" },
  { 4, "-j CONNMARK --restore-mark --mask 0xff",
    "-j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff" },
  { 4, "-j NFQUEUE", "-j NFQUEUE --queue-num 0" },
  { 4, "-j CLASSIFY --set-class 1:10", "-j CLASSIFY --set-class 0001:0010" },
  { 6, "-s 2001:DB8:0:0::1 -p ipv6-icmp --icmpv6-type echo-request",
    "-s 2001:db8::1/128 -p ipv6-icmp -m icmp6 --icmpv6-type 128" },
  /* NETMAP clears host bits and always prints the prefix length; TEE
   * prints --gateway, then --oif (both checked in a namespace) */
  { 4, "-d 172.17.0.0/16 -j NETMAP --to 10.200.0.5/255.255.0.0",
    "-d 172.17.0.0/16 -j NETMAP --to 10.200.0.0/16" },
  { 4, "-j NETMAP --to 10.200.0.5", "-j NETMAP --to 10.200.0.5/32" },
  { 4, "-j NETMAP --to 10.200.0.0/0", "-j NETMAP --to 0.0.0.0/0" },
  { 6, "-j NETMAP --to fd00:beef::5/64", "-j NETMAP --to fd00:beef::/64" },
  { 6, "-j NETMAP --to fd00:beef::5", "-j NETMAP --to fd00:beef::5/128" },
  { 4, "-j TEE --oif docker0 --gateway 172.017.0.2",
    "-j TEE --gateway 172.15.0.2 --oif docker0" },
  { 6, "-j TEE --gateway fd00:beef:0::5 --oif br+",
    "-j TEE --gateway fd00:beef::5 --oif br+" },
  { 4, "-j USER1", "-j USER1" },
  { 4, "", "" },
  /* Unknown modules stay literal. */
  { 4, "-m string --algo bm --string x -j DROP",
    "-m string --algo bm --string x -j DROP" },
  { 4, "-p esp --espspi 5 -j DROP", "-p esp --espspi 5 -j DROP" },
};

static void
test_canon_spellings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_canon_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = ipm_canon_rule_text (ipm_canon_cases[i].in,
                                                  ipm_canon_cases[i].family,
                                                  &error);

      if (got == NULL || strcmp (got, ipm_canon_cases[i].out) != 0)
        g_printerr ("\ncanon: '%s' -> '%s' (%s), want '%s'\n",
                    ipm_canon_cases[i].in, got ? got : "NULL",
                    error ? error->message : "", ipm_canon_cases[i].out);
      CU_ASSERT_PTR_NOT_NULL (got);
      if (got != NULL)
        CU_ASSERT_STRING_EQUAL (got, ipm_canon_cases[i].out);
    }
}

typedef struct {
  IpmFamily family;
  const char *in;
  const char *message;    /* substring of the first error */
  guint col;
} IpmCanonError;

static const IpmCanonError ipm_canon_errors[] = {
  { 4, "-s 10.1.2.300 -j DROP", "not a valid IPv4 address", 4 },
  { 4, "-s 10.0.0.0/33 -j DROP", "not a valid mask", 4 },
  { 4, "-s 2001:db8::1 -j DROP", "use -6 for ip6tables dumps", 4 },
  { 6, "-d 10.0.0.1 -j DROP", "IPv4 address in an IPv6 dump", 4 },
  { 4, "-s example.com -j DROP", "does not resolve names", 4 },
  { 4, "-p tcp --dport 70000 -j DROP", "not a port", 16 },
  { 4, "-p tcp --dport nosuchservice -j DROP", "service name", 16 },
  { 4, "-m mark --mark 0x1/zz", "not a 32-bit mark", 16 },
  { 4, "-m conntrack --ctstate NEW,BOGUS", "unknown conntrack state 'BOGUS'",
    24 },
  { 4, "-p tcp --dport", "needs 1 argument", 8 },
  { 4, "-p tcp --dport 1 --dport 2", "can only be used once", 18 },
  { 4, "-m comment ! --comment x", "cannot be inverted", 14 },
  { 4, "--dport 80 -j ACCEPT", "-m tcp", 1 },
  { 4, "-p tcp --bogus 1", "unknown option --bogus", 8 },
  { 4, "-m tcp --dport 1", "needs -p tcp", 1 },
  { 4, "-s ! 1.2.3.4 -j DROP", "old negation form", 4 },
  { 4, "-p tcp --d 80", "ambiguous", 8 },
  { 4, "-j REJECT --reject-with tcp-reset", "needs -p tcp", 11 },
  { 4, "-j MARK", "needs --", 1 },
  { 4, "-j ACCEPT -j DROP", "multiple -j", 11 },
};

static void
test_canon_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_canon_errors); i++)
    {
      const IpmCanonError *e = &ipm_canon_errors[i];
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      g_autoptr(IpmWords) words = ipm_words_new ();
      IpmLine line = { "t", 1, e->in, strlen (e->in), FALSE, FALSE };
      IpmRule *rule = NULL;
      const IpmDiag *d = NULL;

      CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
      rule = ipm_canon_rule (&line, words, 0, e->family, diags);
      CU_ASSERT_PTR_NULL (rule);
      if (rule != NULL)
        {
          g_printerr ("\ncanon: '%s' accepted as '%s'\n", e->in, rule->text);
          ipm_rule_unref (rule);
          continue;
        }
      for (guint k = 0; k < diags->items->len && d == NULL; k++)
        if (((const IpmDiag *) g_ptr_array_index (diags->items, k))->severity
            == IPM_SEVERITY_ERROR)
          d = g_ptr_array_index (diags->items, k);
      CU_ASSERT_PTR_NOT_NULL (d);
      if (d == NULL)
        continue;
      if (strstr (d->message, e->message) == NULL || d->col != e->col)
        g_printerr ("\ncanon: '%s': col %u '%s', want col %u '%s'\n", e->in,
                    d->col, d->message, e->col, e->message);
      CU_ASSERT_PTR_NOT_NULL (strstr (d->message, e->message));
      CU_ASSERT_EQUAL (d->col, e->col);
    }
}

static void
test_canon_rule_fields (void)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmWords) words = ipm_words_new ();
  const char *spec = "-A INPUT -c 10 20 -g USER1";
  IpmLine line = { "t", 1, spec, strlen (spec), FALSE, FALSE };
  g_autoptr(IpmRule) rule = NULL;
  g_autoptr(IpmRule) lit = NULL;
  g_autoptr(IpmRule) log = NULL;
  const char *warn = "-A INPUT -m comment --comment "
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

  CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
  rule = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (rule);
  CU_ASSERT_STRING_EQUAL (rule->text, "-g USER1");
  CU_ASSERT_STRING_EQUAL (rule->target, "USER1");
  CU_ASSERT_TRUE (rule->is_goto);
  CU_ASSERT_TRUE (rule->target_is_chain);
  CU_ASSERT_TRUE (rule->unconditional);
  CU_ASSERT_FALSE (rule->literal);
  CU_ASSERT_TRUE (rule->counters.present);
  CU_ASSERT_EQUAL (rule->counters.packets, 10);
  CU_ASSERT_EQUAL (rule->counters.bytes, 20);

  line.text = "-A INPUT -m foo --bar 1 -j LOG";
  line.len = strlen (line.text);
  CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
  lit = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (lit);
  CU_ASSERT_TRUE (lit->literal);
  CU_ASSERT_FALSE (lit->target_is_chain);
  CU_ASSERT_FALSE (lit->unconditional);

  line.text = warn;
  line.len = strlen (warn);
  CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
  log = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (log);
  CU_ASSERT_EQUAL (diags->n_warnings, 1);
  CU_ASSERT_EQUAL (strlen (log->text), strlen ("-m comment --comment ") + 255);
}

/* Modules valid only in some tables or chains (each checked by restoring
 * the rule in a network namespace).  MESSAGE NULL: accepted. */
typedef struct {
  const char *table;
  const char *line;       /* "-A CHAIN spec" */
  const char *message;    /* substring of the first error, or NULL */
  guint col;
} IpmCanonPlace;

static const IpmCanonPlace ipm_canon_places[] = {
  { "nat", "-A POSTROUTING -o eth0 -j MASQUERADE", NULL, 0 },
  { "raw", "-A PREROUTING -j CT --notrack", NULL, 0 },
  { "mangle", "-A PREROUTING -p tcp -j TPROXY --on-port 1", NULL, 0 },
  { "nat", "-A PREROUTING -j MARK --set-mark 1", NULL, 0 },
  { "filter", "-A INPUT -j TRACE", NULL, 0 },
  { "mangle", "-A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu", NULL, 0 },
  { "filter", "-A OUTPUT -m physdev --physdev-is-bridged --physdev-out eth0",
    NULL, 0 },
  { "filter", "-A FORWARD -m physdev --physdev-out eth0", NULL, 0 },
  { "filter", "-A INPUT -m physdev ! --physdev-is-out", NULL, 0 },
  { "nat", "-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out", NULL,
    0 },
  /* A user chain: the table is checked, the chains that reach it are the
   * kernel's business at commit time. */
  { "filter", "-A USER1 -j REJECT", NULL, 0 },
  { "nat", "-A USER1 -j MASQUERADE", NULL, 0 },
  { "filter", "-A USER1 -m addrtype --src-type LOCAL --limit-iface-in", NULL,
    0 },
  { "filter", "-A USER1 -m owner --uid-owner 0", NULL, 0 },
  /* raw has no INPUT: a user chain of that name is checked as one. */
  { "raw", "-A INPUT -m mac --mac-source 00:11:22:33:44:55", NULL, 0 },

  { "mangle", "-A INPUT -j REJECT",
    "target REJECT is only valid in table filter (used in table mangle); "
    "move the rule to *filter", 13 },
  { "filter", "-A USER1 -j MASQUERADE",
    "target MASQUERADE is only valid in table nat (used in table filter); "
    "move the rule to *nat", 13 },
  { "filter", "-A INPUT -j NOTRACK", "only valid in table raw", 13 },
  { "mangle", "-A PREROUTING -j CT --notrack", "only valid in table raw", 18 },
  { "filter", "-A OUTPUT -j DSCP --set-dscp 10", "table mangle", 14 },
  { "filter", "-A INPUT -j TTL --ttl-set 64", "table mangle", 13 },
  { "nat", "-A PREROUTING -j DROP",
    "only valid in tables filter, mangle, raw or security (used in table "
    "nat)", 18 },
  { "filter", "-A INPUT -j CONNSECMARK --save",
    "tables mangle or security", 13 },
  { "nat", "-A PREROUTING -j MASQUERADE",
    "target MASQUERADE is only valid in chain POSTROUTING (used in "
    "PREROUTING); move the rule to POSTROUTING", 18 },
  { "nat", "-A POSTROUTING -j DNAT --to-destination 1.2.3.4",
    "move the rule to PREROUTING or OUTPUT", 19 },
  { "raw", "-A PREROUTING -p tcp -j SYNPROXY", "table raw has none of them",
    25 },
  { "filter", "-A OUTPUT -m mac --mac-source 00:11:22:33:44:55",
    "match mac is only valid in chains PREROUTING, INPUT or FORWARD", 14 },
  { "filter", "-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in",
    "option --limit-iface-in is only valid in chains", 40 },
  { "filter", "-A INPUT -m addrtype --dst-type LOCAL --limit-iface-out",
    "option --limit-iface-out is only valid in chains", 39 },
  { "filter", "-A INPUT -p tcp -j TCPMSS --clamp-mss-to-pmtu",
    "option --clamp-mss-to-pmtu is only valid", 27 },
  { "filter", "-A OUTPUT -m physdev --physdev-out eth0 -j ACCEPT",
    "--physdev-out is not valid in OUTPUT", 22 },
  { "filter", "-A OUTPUT -m physdev ! --physdev-is-bridged --physdev-is-out",
    "--physdev-is-out is not valid in OUTPUT", 45 },
  /* Kept literally after an unknown option, still placed. */
  { "filter", "-A INPUT -p tcp -m foo --bar -j NOTRACK",
    "only valid in table raw", 33 },
};

static void
test_canon_places (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_canon_places); i++)
    {
      const IpmCanonPlace *e = &ipm_canon_places[i];
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      g_autoptr(IpmWords) words = ipm_words_new ();
      IpmLine line = { "t", 1, e->line, strlen (e->line), FALSE, FALSE };
      g_autoptr(IpmRule) rule = NULL;
      const IpmDiag *d = NULL;

      CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
      rule = ipm_canon_rule_in_table (&line, words, 2, IPM_FAMILY_IPV4,
                                      e->table, diags);
      for (guint k = 0; k < diags->items->len && d == NULL; k++)
        if (((const IpmDiag *) g_ptr_array_index (diags->items, k))->severity
            == IPM_SEVERITY_ERROR)
          d = g_ptr_array_index (diags->items, k);
      if (e->message == NULL)
        {
          if (rule == NULL)
            g_printerr ("\ncanon: *%s '%s' refused: %s\n", e->table, e->line,
                        d != NULL ? d->message : "?");
          CU_ASSERT_PTR_NOT_NULL (rule);
          continue;
        }
      if (rule != NULL)
        g_printerr ("\ncanon: *%s '%s' accepted\n", e->table, e->line);
      CU_ASSERT_PTR_NULL (rule);
      CU_ASSERT_PTR_NOT_NULL (d);
      if (d == NULL)
        continue;
      if (strstr (d->message, e->message) == NULL || d->col != e->col)
        g_printerr ("\ncanon: *%s '%s': col %u '%s', want col %u '%s'\n",
                    e->table, e->line, d->col, d->message, e->col,
                    e->message);
      CU_ASSERT_PTR_NOT_NULL (strstr (d->message, e->message));
      CU_ASSERT_EQUAL (d->col, e->col);
    }
}

/* ipm_canon_rule (no table, as rewrite.c uses it) checks no table; the
 * name of a built-in chain still restricts. */
static void
test_canon_no_table (void)
{
  static const struct {
    const char *line;
    gboolean ok;
  } cases[] = {
    { "-A USER1 -j NOTRACK", TRUE },
    { "-A INPUT -j DSCP --set-dscp 1", TRUE },
    { "-A PREROUTING -j REJECT", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      g_autoptr(IpmWords) words = ipm_words_new ();
      IpmLine line = { "t", 1, cases[i].line, strlen (cases[i].line), FALSE, FALSE };
      g_autoptr(IpmRule) rule = NULL;

      CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
      rule = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
      if ((rule != NULL) != cases[i].ok)
        g_printerr ("\ncanon: '%s' %s without a table\n", cases[i].line,
                    rule != NULL ? "accepted" : "refused");
      CU_ASSERT_EQUAL (rule != NULL, cases[i].ok);
    }
}

/* -s/-d values against a model: random decimal networks, with and
 * without host bits, prefix or a valid range, and a few spellings whose
 * octets or prefix have leading zeros (octal to iptables, never taken as
 * already printed). */
static void
test_canon_ipv4_networks (void)
{
  static const struct { const char *in, *out; } fixed[] = {
    { "10.1.2.3/32", "10.1.2.3/32" }, { "10.1.2.3", "10.1.2.3/32" },
    { "10.1.2.3/16", "10.1.0.0/16" }, { "0.0.0.0/0", "0.0.0.0/0" },
    { "010.1.1.1/32", "8.1.1.1/32" }, { "10.1.1.1/032", "10.1.1.1/32" },
    { "10.0.0.0/08", "10.0.0.0/8" }, { "1.2.3.4/255.255.0.0", "1.2.0.0/16" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (5);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      gboolean any = FALSE;
      char *error = NULL;

      g_string_truncate (out, 0);
      CU_ASSERT_TRUE (ipm_canon_value_address (IPM_FAMILY_IPV4, fixed[i].in,
                                               out, &any, &error));
      CU_ASSERT_STRING_EQUAL (out->str, fixed[i].out);
      g_free (error);
    }
  for (guint i = 0; i < 20000; i++)
    {
      guint o[4], len = g_rand_int_range (rand, 0, 36);
      gboolean slash = g_rand_int_range (rand, 0, 8) != 0;
      gboolean valid = len <= 32 || !slash, any = FALSE;
      guint32 a = 0, mask;
      g_autofree char *text = NULL;
      g_autofree char *want = NULL;
      char *error = NULL;
      gboolean ok;

      for (guint k = 0; k < 4; k++)
        {
          /* mostly small values, some over 255 */
          o[k] = g_rand_int_range (rand, 0, 8) == 0
            ? (guint) g_rand_int_range (rand, 0, 300)
            : (guint) g_rand_int_range (rand, 0, 3) * 10;
          valid = valid && o[k] <= 255;
          a = a << 8 | (o[k] & 0xff);
        }
      text = slash ? g_strdup_printf ("%u.%u.%u.%u/%u", o[0], o[1], o[2], o[3], len)
        : g_strdup_printf ("%u.%u.%u.%u", o[0], o[1], o[2], o[3]);
      if (!slash)
        len = 32;
      mask = len == 0 ? 0 : G_MAXUINT32 << (32 - MIN (len, 32));
      a &= mask;
      want = g_strdup_printf ("%u.%u.%u.%u/%u", a >> 24, (a >> 16) & 0xff,
                              (a >> 8) & 0xff, a & 0xff, len);
      g_string_truncate (out, 0);
      ok = ipm_canon_value_address (IPM_FAMILY_IPV4, text, out, &any, &error);
      CU_ASSERT_EQUAL (ok, valid);
      if (ok && valid)
        {
          if (strcmp (out->str, want) != 0)
            fprintf (stderr, "canon: address %s gave %s, not %s\n", text,
                     out->str, want);
          CU_ASSERT_STRING_EQUAL (out->str, want);
          CU_ASSERT_EQUAL (any, len == 0);
        }
      g_free (error);
    }
  g_rand_free (rand);
}

/* Probabilities are normalized once and remembered by their bytes: every
 * fraction 1/n as kube-proxy writes it, a few or many more than the table
 * of them holds, gives the same text the second and third time round as
 * the first, and the first is what the save prints (p * 2^31 rounded, then
 * printed with 11 decimals, as %.11f would). */
static void
test_canon_probabilities_remembered (void)
{
  /* 64 that mostly stay in the table, 1000 that push each other out */
  for (guint round = 0; round < 6; round++)
    for (guint n = 1; n <= (round < 3 ? 64u : 1000u); n++)
      {
        char written[G_ASCII_DTOSTR_BUF_SIZE], printed[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *spec = NULL;
        g_autofree char *canon = NULL;
        g_autofree char *want = NULL;
        guint32 stored;

        g_ascii_formatd (written, sizeof written, "%.11f", 1.0 / n);
        stored = (guint32) (g_ascii_strtod (written, NULL) * 2147483648.0 + 0.5);
        g_ascii_formatd (printed, sizeof printed, "%.11f",
                         stored / 2147483648.0);
        spec = g_strdup_printf ("-m statistic --mode random --probability %s "
                                "-j X", written);
        want = g_strdup_printf ("-m statistic --mode random --probability %s "
                                "-j X", printed);
        canon = ipm_canon_rule_text (spec, IPM_FAMILY_IPV4, NULL);
        CU_ASSERT_STRING_EQUAL (canon, want);
      }
}

static const CU_TestInfo ipm_canon_tests[] = {
  { "spellings to canonical text", test_canon_spellings },
  { "probabilities remembered", test_canon_probabilities_remembered },
  { "errors with message and column", test_canon_errors },
  { "rule fields, counters, literal, warnings", test_canon_rule_fields },
  { "modules valid only in some tables and chains", test_canon_places },
  { "no table: chain names only", test_canon_no_table },
  { "IPv4 networks against a model", test_canon_ipv4_networks },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_canon (void)
{
  return ipm_test_add_suite ("canon", ipm_canon_tests);
}
