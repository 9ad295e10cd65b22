/* Suite for src/rewrite.c: --rewrite FROM=TO on canonical rule texts.
 * Inputs are canonical (checked), so each case is a rule a dump really
 * holds; outputs are checked canonical too. */
#include "config.h"

#include <string.h>

#include "canon.h"
#include "rewrite.h"
#include "suites.h"

static IpmRewriteList *
ipm_test_rewrites (const char *const *specs, GError **error)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  for (; *specs != NULL; specs++)
    g_ptr_array_add (array, (gpointer) *specs);
  return ipm_rewrite_list_new (array, error);
}

/* TEXT is the canonical spelling of a rule of FAMILY (ipm_canon_rule_text
 * checks no table, so nat and mangle targets pass). */
static void
ipm_test_assert_canonical (const char *text, IpmFamily family)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *canon = ipm_canon_rule_text (text, family, &error);

  if (canon == NULL || strcmp (canon, text) != 0)
    fprintf (stderr, "\nnot canonical: '%s' is '%s' (%s)\n", text,
             canon ? canon : "-", error ? error->message : "");
  CU_ASSERT_TRUE (canon != NULL && strcmp (canon, text) == 0);
}

/* Rewrites IN with SPECS; WANT NULL: an error whose message has
 * WANT_ERROR. */
static void
ipm_test_rewrite_full (const char *const *specs, IpmFamily family,
                       const char *in, const char *want,
                       const char *want_error)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IpmRewriteList) list = ipm_test_rewrites (specs, &error);
  g_autofree char *got = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (list);
  ipm_test_assert_canonical (in, family);
  got = ipm_rewrite_text (list, in, family, NULL, &error);
  if (want == NULL)
    {
      CU_ASSERT_PTR_NULL (got);
      CU_ASSERT_PTR_NOT_NULL_FATAL (error);
      if (want_error != NULL && strstr (error->message, want_error) == NULL)
        fprintf (stderr, "\nrewrite '%s': wanted an error with '%s', got "
                 "'%s'\n", in, want_error, error->message);
      CU_ASSERT_TRUE (want_error == NULL
                      || strstr (error->message, want_error) != NULL);
      return;
    }
  CU_ASSERT_PTR_NOT_NULL_FATAL (got);
  if (strcmp (got, want) != 0)
    fprintf (stderr, "\nrewrite '%s': wanted '%s', got '%s'\n", in, want, got);
  CU_ASSERT_STRING_EQUAL (got, want);
  ipm_test_assert_canonical (want, family);
}

static void
ipm_test_rewrite_case (const char *const *specs, const char *in,
                       const char *want)
{
  ipm_test_rewrite_full (specs, IPM_FAMILY_IPV4, in, want, NULL);
}

static void
ipm_test_rewrite_kept (const char *const *specs, IpmFamily family,
                       const char *in)
{
  ipm_test_rewrite_full (specs, family, in, in, NULL);
}

static const char *const ipm_test_docker[] = {
  "172.17.0.0/16=10.200.0.0/16", "docker0=br0", NULL
};

static void
test_docker_defaults (void)
{
  const char *const *specs = ipm_test_docker;

  ipm_test_rewrite_case (specs, "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
                         "-s 10.200.0.0/16 ! -o br0 -j MASQUERADE");
  ipm_test_rewrite_case (specs, "! -i docker0 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 172.17.0.1:80",
                         "! -i br0 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 10.200.0.1:80");
  ipm_test_rewrite_case (specs, "-d 172.17.0.1/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
                         "-d 10.200.0.1/32 ! -i br0 -o br0 -p tcp -m tcp --dport 80 -j ACCEPT");
  /* a smaller network inside */
  ipm_test_rewrite_case (specs, "-s 172.17.4.0/24 -j ACCEPT", "-s 10.200.4.0/24 -j ACCEPT");
  /* a network larger than FROM, other addresses: unchanged */
  ipm_test_rewrite_kept (specs, IPM_FAMILY_IPV4, "-s 172.16.0.0/12 -j ACCEPT");
  ipm_test_rewrite_kept (specs, IPM_FAMILY_IPV4, "-s 172.18.0.1/32 -j ACCEPT");
  ipm_test_rewrite_kept (specs, IPM_FAMILY_IPV4, "-p tcp -m tcp --dport 22 -j ACCEPT");
}

/* Every option whose type is of an address, network or interface class,
 * in whatever module. */
static void
test_every_typed_option (void)
{
  const char *const *specs = ipm_test_docker;

  ipm_test_rewrite_case (specs,
    "-m conntrack --ctorigsrc 172.17.0.2 --ctorigdst 172.17.0.0/16 --ctreplsrc 172.17.1.0/24 --ctrepldst 172.17.0.9 -j ACCEPT",
    "-m conntrack --ctorigsrc 10.200.0.2 --ctorigdst 10.200.0.0/16 --ctreplsrc 10.200.1.0/24 --ctrepldst 10.200.0.9 -j ACCEPT");
  ipm_test_rewrite_case (specs,
    "-m iprange --src-range 172.17.0.2-172.17.0.9 --dst-range 172.17.1.1-172.17.1.1 -j ACCEPT",
    "-m iprange --src-range 10.200.0.2-10.200.0.9 --dst-range 10.200.1.1-10.200.1.1 -j ACCEPT");
  ipm_test_rewrite_case (specs,
    "-m physdev --physdev-in docker0 --physdev-out docker0 -j ACCEPT",
    "-m physdev --physdev-in br0 --physdev-out br0 -j ACCEPT");
  ipm_test_rewrite_case (specs,
    "-p tcp -j DNAT --to-destination 172.17.0.2-172.17.0.9:80-90",
    "-p tcp -j DNAT --to-destination 10.200.0.2-10.200.0.9:80-90");
  ipm_test_rewrite_case (specs, "-j DNAT --to-destination 172.17.0.2",
                         "-j DNAT --to-destination 10.200.0.2");
  ipm_test_rewrite_case (specs, "-j SNAT --to-source 172.17.0.1",
                         "-j SNAT --to-source 10.200.0.1");
  ipm_test_rewrite_case (specs, "-d 172.17.0.0/16 -j NETMAP --to 172.17.0.0/16",
                         "-d 10.200.0.0/16 -j NETMAP --to 10.200.0.0/16");
  ipm_test_rewrite_case (specs, "-j TEE --gateway 172.17.0.2 --oif docker0",
                         "-j TEE --gateway 10.200.0.2 --oif br0");
  ipm_test_rewrite_case (specs, "-p tcp -j TPROXY --on-port 80 --on-ip 172.17.0.1 --tproxy-mark 0x0/0x0",
                         "-p tcp -j TPROXY --on-port 80 --on-ip 10.200.0.1 --tproxy-mark 0x0/0x0");
}

/* Names and strings never change, even when they spell FROM. */
static void
test_strings_kept (void)
{
  static const char *const specs[] = {
    "172.17.0.0/16=10.200.0.0/16", "docker0=br0", "DOCKER=BRIDGE",
    "255.255.0.0/16=10.0.0.0/16", NULL
  };
  static const char *const kept[] = {
    "-o docker0 -m comment --comment \"docker0 172.17.0.0/16\" -j ACCEPT",
    "-j LOG --log-prefix \"docker0 172.17.0.1 \"",
    "-j NFLOG --nflog-prefix docker0",
    "-m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name docker0",
    "-m recent --set --name docker0 --mask 255.255.0.0 --rsource",
    "-m set --match-set docker0 src -j ACCEPT",
    "-m helper --helper docker0 -j ACCEPT",
    "-p tcp -j CT --helper docker0",
    "-j docker0",
    "-g DOCKER",
    "-m connlimit --connlimit-above 2 --connlimit-mask 16 --connlimit-saddr",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autoptr(IpmRewriteList) list = ipm_test_rewrites (specs, NULL);
      g_autofree char *got = NULL;

      CU_ASSERT_PTR_NOT_NULL_FATAL (list);
      ipm_test_assert_canonical (kept[i], IPM_FAMILY_IPV4);
      got = ipm_rewrite_text (list, kept[i], IPM_FAMILY_IPV4, NULL, NULL);
      /* in the first only -o changes; the comment keeps its bytes */
      CU_ASSERT_STRING_EQUAL (got, i > 0 ? kept[i]
                              : "-o br0 -m comment --comment \"docker0 172.17.0.0/16\" -j ACCEPT");
    }
}

static void
test_negation_kept (void)
{
  ipm_test_rewrite_case (ipm_test_docker,
    "! -s 172.17.0.0/16 ! -i docker0 -m conntrack ! --ctorigsrc 172.17.0.2 -m iprange ! --src-range 172.17.0.1-172.17.0.3 -m physdev ! --physdev-in docker0 -j ACCEPT",
    "! -s 10.200.0.0/16 ! -i br0 -m conntrack ! --ctorigsrc 10.200.0.2 -m iprange ! --src-range 10.200.0.1-10.200.0.3 -m physdev ! --physdev-in br0 -j ACCEPT");
}

static void
test_prefix_change (void)
{
  static const char *const to24[] = { "172.17.0.1/16=10.200.0.0/24", NULL };
  static const char *const to8[] = { "172.17.0.0/16=10.0.0.0/8", NULL };

  /* docker's bip spelling (host bits set) names the network */
  ipm_test_rewrite_case (to24, "-s 172.17.0.0/16 -j MASQUERADE", "-s 10.200.0.0/24 -j MASQUERADE");
  ipm_test_rewrite_case (to24, "-d 172.17.0.9/32 -j ACCEPT", "-d 10.200.0.9/32 -j ACCEPT");
  /* 172.17.5.1 has no place in a /24, nor a /17 inside FROM */
  ipm_test_rewrite_full (to24, IPM_FAMILY_IPV4, "-d 172.17.5.1/32 -j ACCEPT", NULL,
                         "172.17.5.1/32 lies in the rewritten network but does not fit into the target /24");
  ipm_test_rewrite_full (to24, IPM_FAMILY_IPV4, "-d 172.17.0.0/17 -j ACCEPT", NULL,
                         "does not fit");
  ipm_test_rewrite_case (to8, "-s 172.17.3.0/24 -j ACCEPT", "-s 10.0.3.0/24 -j ACCEPT");
}

static void
test_ranges_and_masks (void)
{
  const char *const *specs = ipm_test_docker;

  /* a range reaching out of FROM has no image */
  ipm_test_rewrite_full (specs, IPM_FAMILY_IPV4,
                         "-m iprange --src-range 172.16.255.250-172.17.0.5 -j ACCEPT", NULL,
                         "only partly inside");
  ipm_test_rewrite_full (specs, IPM_FAMILY_IPV4,
                         "-p tcp -j DNAT --to-destination 172.17.255.250-172.18.0.1:80", NULL,
                         "only partly inside");
  /* one around FROM, like a larger network, is kept */
  ipm_test_rewrite_kept (specs, IPM_FAMILY_IPV4,
                         "-m iprange --src-range 172.16.0.0-172.31.255.255 -j ACCEPT");
  /* a non-contiguous mask inside FROM cannot move; outside it is kept */
  ipm_test_rewrite_full (specs, IPM_FAMILY_IPV4, "-s 172.17.0.0/255.255.0.255 -j ACCEPT", NULL,
                         "not contiguous");
  ipm_test_rewrite_kept (specs, IPM_FAMILY_IPV4, "-s 10.0.0.0/255.0.255.0 -j ACCEPT");
}

static void
test_ipv6 (void)
{
  static const char *const specs[] = {
    "fd00:dead::/64=fd00:beef::/64", "172.17.0.0/16=10.200.0.0/16", NULL
  };
  static const char *const narrow[] = { "fd00:dead::/48=fd00:beef::/64", NULL };
  const IpmFamily v6 = IPM_FAMILY_IPV6;

  ipm_test_rewrite_full (specs, v6, "-s fd00:dead::/64 -d fd00:dead::5/128 -j ACCEPT",
                         "-s fd00:beef::/64 -d fd00:beef::5/128 -j ACCEPT", NULL);
  ipm_test_rewrite_full (specs, v6, "-p tcp -j DNAT --to-destination [fd00:dead::2]:80",
                         "-p tcp -j DNAT --to-destination [fd00:beef::2]:80", NULL);
  ipm_test_rewrite_full (specs, v6, "-p tcp -j DNAT --to-destination [fd00:dead::2-fd00:dead::9]:80-90",
                         "-p tcp -j DNAT --to-destination [fd00:beef::2-fd00:beef::9]:80-90", NULL);
  ipm_test_rewrite_full (specs, v6, "-j DNAT --to-destination fd00:dead::2",
                         "-j DNAT --to-destination fd00:beef::2", NULL);
  ipm_test_rewrite_full (specs, v6,
                         "-m iprange --src-range fd00:dead::1-fd00:dead::ff -m conntrack --ctorigdst fd00:dead::/64 -j NETMAP --to fd00:dead::/64",
                         "-m iprange --src-range fd00:beef::1-fd00:beef::ff -m conntrack --ctorigdst fd00:beef::/64 -j NETMAP --to fd00:beef::/64",
                         NULL);
  ipm_test_rewrite_full (specs, v6, "-j TEE --gateway fd00:dead::1",
                         "-j TEE --gateway fd00:beef::1", NULL);
  /* the families never mix: an IPv6 pair in an IPv4 dump, the reverse */
  ipm_test_rewrite_kept (specs, IPM_FAMILY_IPV4, "-s 10.0.0.0/8 -j ACCEPT");
  ipm_test_rewrite_case (specs, "-s 172.17.0.0/16 -j ACCEPT", "-s 10.200.0.0/16 -j ACCEPT");
  ipm_test_rewrite_kept (specs, v6, "-s fd00:cafe::/64 -j ACCEPT");
  ipm_test_rewrite_kept (specs, v6, "-s ::ffff:172.17.0.1/128 -j ACCEPT");
  /* a /64 of a /48 FROM does not fit a /64 TO unless it is the first */
  ipm_test_rewrite_full (narrow, v6, "-s fd00:dead::/64 -j ACCEPT",
                         "-s fd00:beef::/64 -j ACCEPT", NULL);
  ipm_test_rewrite_full (narrow, v6, "-s fd00:dead:0:1::/64 -j ACCEPT", NULL,
                         "does not fit into the target /64");
}

static void
test_interface_wildcards (void)
{
  static const char *const prefix[] = { "br-+=cni+", NULL };
  static const char *const same[] = { "docker+=br+", NULL };
  static const char *const long_to[] = { "br-+=verylongname+", NULL };
  const IpmFamily v4 = IPM_FAMILY_IPV4;

  /* one name renames exactly that interface */
  ipm_test_rewrite_case (ipm_test_docker, "-i docker0 -j ACCEPT", "-i br0 -j ACCEPT");
  ipm_test_rewrite_kept (ipm_test_docker, v4, "-i docker01 -j ACCEPT");
  ipm_test_rewrite_kept (ipm_test_docker, v4, "-o docker+ -j ACCEPT");
  /* a prefix keeps the suffix, and a rule's wildcard inside it */
  ipm_test_rewrite_case (prefix, "-i br-abc -o br-abc -j ACCEPT", "-i cniabc -o cniabc -j ACCEPT");
  ipm_test_rewrite_case (prefix, "-o br-+ -j ACCEPT", "-o cni+ -j ACCEPT");
  ipm_test_rewrite_case (prefix, "-o br-ab+ -j ACCEPT", "-o cniab+ -j ACCEPT");
  ipm_test_rewrite_case (prefix, "-i br- -j ACCEPT", "-i cni -j ACCEPT");
  ipm_test_rewrite_case (same, "! -o docker+ -j ACCEPT", "! -o br+ -j ACCEPT");
  /* broader wildcards cover other interfaces too: kept */
  ipm_test_rewrite_kept (prefix, v4, "-o br+ -j ACCEPT");
  ipm_test_rewrite_kept (prefix, v4, "-o b+ -j ACCEPT");
  ipm_test_rewrite_kept (prefix, v4, "-i brx -j ACCEPT");
  /* past 15 characters is no interface name */
  ipm_test_rewrite_full (long_to, v4, "-i br-0123456 -j ACCEPT", NULL,
                         "would become verylongname0123456, 19 characters");
  ipm_test_rewrite_full (long_to, v4, "-i br-01 -j ACCEPT", "-i verylongname01 -j ACCEPT", NULL);
}

static void
test_bad_specs (void)
{
  static const struct {
    const char *spec;
    const char *message;
  } bad[] = {
    { "docker0", "expected FROM=TO" }, { "=br0", "expected FROM=TO" },
    { "docker0=", "expected FROM=TO" },
    { "172.17.0.0/16=br0", "both sides must be networks" },
    { "172.17.0.0/33=10.0.0.0/8", "both sides must be networks" },
    { "256.1.1.1=10.0.0.1", "both sides must be networks" },
    { "fd00::/129=fd00::/64", "both sides must be networks" },
    { "172.17.0.0/16=fd00:beef::/64", "FROM is an IPv4 network and TO an IPv6 one" },
    { "fd00:dead::/64=10.200.0.0/16", "FROM is an IPv6 network and TO an IPv4 one" },
    { "a-very-long-interface-name=br0", "1 to 15 characters" },
    { "docker+=br0", "both end in '+'" }, { "docker0=br+", "both end in '+'" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *specs[] = { bad[i].spec, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(IpmRewriteList) list = ipm_test_rewrites (specs, &error);

      CU_ASSERT_PTR_NULL (list);
      CU_ASSERT_PTR_NOT_NULL_FATAL (error);
      CU_ASSERT_TRUE (g_error_matches (error, IPM_ERROR, IPM_ERROR_USAGE));
      if (strstr (error->message, bad[i].message) == NULL)
        fprintf (stderr, "\n--rewrite %s: '%s'\n", bad[i].spec, error->message);
      CU_ASSERT_PTR_NOT_NULL (strstr (error->message, "--rewrite"));
      CU_ASSERT_PTR_NOT_NULL (strstr (error->message, bad[i].message));
    }
}

/* Words of a module the grammar does not describe are kept, with a
 * warning when they look like FROM. */
static void
test_unknown_module_warns (void)
{
  g_autoptr(IpmRewriteList) list = ipm_test_rewrites (ipm_test_docker, NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  static const char *const in =
    "-s 172.17.0.0/16 -m ipvs --vaddr 172.17.0.1 -j DROP";
  g_autofree char *got = NULL;
  g_autofree char *quiet = NULL;

  got = ipm_rewrite_text (list, in, IPM_FAMILY_IPV4, warnings, NULL);
  CU_ASSERT_STRING_EQUAL (got, "-s 10.200.0.0/16 -m ipvs --vaddr 172.17.0.1 -j DROP");
  CU_ASSERT_EQUAL (warnings->len, 1);
  CU_ASSERT_PTR_NOT_NULL (strstr (g_ptr_array_index (warnings, 0), "'172.17.0.1'"));
  g_ptr_array_set_size (warnings, 0);
  quiet = ipm_rewrite_text (list, "-m ipvs --vdir ORIGINAL -j DROP",
                            IPM_FAMILY_IPV4, warnings, NULL);
  CU_ASSERT_EQUAL (warnings->len, 0);
}

/* A rule kept literally by canon.c keeps its spelling; its known options
 * are still found, long names and unique prefixes too. */
static void
test_literal_spellings (void)
{
  g_autoptr(IpmRewriteList) list = ipm_test_rewrites (ipm_test_docker, NULL);
  g_autofree char *got = NULL;
  g_autofree char *got2 = NULL;

  got = ipm_rewrite_text (list, "--source 172.17.0.1 --in-interface docker0 --jump ACCEPT",
                          IPM_FAMILY_IPV4, NULL, NULL);
  CU_ASSERT_STRING_EQUAL (got, "--source 10.200.0.1 --in-interface br0 --jump ACCEPT");
  got2 = ipm_rewrite_text (list, "-p tcp -j DNAT --to-dest 172.17.0.1:80",
                           IPM_FAMILY_IPV4, NULL, NULL);
  CU_ASSERT_STRING_EQUAL (got2, "-p tcp -j DNAT --to-dest 10.200.0.1:80");
}

static void
test_rule_recanonicalized (void)
{
  static const char *const specs[] = {
    "172.17.0.0/16=10.200.0.0/16", "docker0=br0",
    "fd00:dead::/64=fd00:beef:0:0::/64", NULL
  };
  g_autoptr(IpmRewriteList) list = ipm_test_rewrites (specs, NULL);
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmRule) rule = ipm_rule_new ("-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
  g_autoptr(IpmRule) same = ipm_rule_new ("-s 192.0.2.0/24 -j MASQUERADE");
  g_autoptr(IpmRule) rule6 = ipm_rule_new ("-d fd00:dead::5/128 -j ACCEPT");
  g_autoptr(IpmRule) out = NULL;
  g_autoptr(IpmRule) out2 = NULL;
  g_autoptr(IpmRule) out6 = NULL;
  g_autofree char *host = NULL;
  g_autofree char *host6 = NULL;

  rule->loc.file = "ref.rules";
  rule->loc.lineno = 4;
  rule->counters.present = TRUE;
  rule->counters.packets = 3;
  out = ipm_rewrite_rule (list, rule, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  /* equal to the host's own rule, however the host spelled it */
  host = ipm_canon_rule_text ("--src 10.200.1.2/255.255.0.0 ! --out-interface br0 -j MASQUERADE",
                              IPM_FAMILY_IPV4, NULL);
  CU_ASSERT_STRING_EQUAL (out->text, host);
  CU_ASSERT_STRING_EQUAL (out->target, "MASQUERADE");
  CU_ASSERT_EQUAL (out->loc.lineno, 4);
  CU_ASSERT_EQUAL (out->counters.packets, 3);
  /* unchanged: the same rule, shared */
  out2 = ipm_rewrite_rule (list, same, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_EQUAL (out2, same);
  out6 = ipm_rewrite_rule (list, rule6, IPM_FAMILY_IPV6, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (out6);
  host6 = ipm_canon_rule_text ("-d fd00:beef:0:0:0:0:0:5 -j ACCEPT", IPM_FAMILY_IPV6, NULL);
  CU_ASSERT_STRING_EQUAL (out6->text, host6);
  CU_ASSERT_FALSE (ipm_diags_has_errors (diags));
}

static const CU_TestInfo ipm_rewrite_tests[] = {
  { "docker0 defaults to a custom bridge", test_docker_defaults },
  { "every option of an address or interface type", test_every_typed_option },
  { "names, strings and masks are kept", test_strings_kept },
  { "negation is kept", test_negation_kept },
  { "prefix length changes", test_prefix_change },
  { "ranges and masks", test_ranges_and_masks },
  { "IPv6", test_ipv6 },
  { "interface names and wildcards", test_interface_wildcards },
  { "bad FROM=TO", test_bad_specs },
  { "unknown modules warn", test_unknown_module_warns },
  { "literal spellings", test_literal_spellings },
  { "rewritten rules are canonical rules", test_rule_recanonicalized },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_rewrite (void)
{
  return ipm_test_add_suite ("rewrite", ipm_rewrite_tests);
}
