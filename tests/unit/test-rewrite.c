/* Suite for src/rewrite.c: --rewrite FROM=TO on canonical rule texts. */
#include "config.h"

#include <string.h>

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

static void
ipm_test_rewrite_case (const char *const *specs, const char *in, const char *want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IpmRewriteList) list = ipm_test_rewrites (specs, &error);
  g_autofree char *got = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (list);
  got = ipm_rewrite_text (list, in, &error);
  if (want == NULL)
    {
      CU_ASSERT_PTR_NULL (got);
      CU_ASSERT_PTR_NOT_NULL (error);
      return;
    }
  CU_ASSERT_PTR_NOT_NULL_FATAL (got);
  if (strcmp (got, want) != 0)
    fprintf (stderr, "\nrewrite '%s': wanted '%s', got '%s'\n", in, want, got);
  CU_ASSERT_STRING_EQUAL (got, want);
}

static void
test_docker_defaults (void)
{
  static const char *const specs[] = { "172.17.0.0/16=10.200.0.0/16", "docker0=br0", NULL };

  ipm_test_rewrite_case (specs, "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
                         "-s 10.200.0.0/16 ! -o br0 -j MASQUERADE");
  ipm_test_rewrite_case (specs, "! -i docker0 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 172.17.0.1:80",
                         "! -i br0 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 10.200.0.1:80");
  ipm_test_rewrite_case (specs, "-d 172.17.0.1/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
                         "-d 10.200.0.1/32 ! -i br0 -o br0 -p tcp -m tcp --dport 80 -j ACCEPT");
  /* ranges, and a smaller network inside */
  ipm_test_rewrite_case (specs, "-j DNAT --to-destination 172.17.0.2-172.17.0.5:80",
                         "-j DNAT --to-destination 10.200.0.2-10.200.0.5:80");
  ipm_test_rewrite_case (specs, "-s 172.17.4.0/24 -j ACCEPT", "-s 10.200.4.0/24 -j ACCEPT");
  /* a network larger than FROM, other addresses, look-alikes: unchanged */
  ipm_test_rewrite_case (specs, "-s 172.16.0.0/12 -j ACCEPT", "-s 172.16.0.0/12 -j ACCEPT");
  ipm_test_rewrite_case (specs, "-s 172.18.0.1/32 -j ACCEPT", "-s 172.18.0.1/32 -j ACCEPT");
  ipm_test_rewrite_case (specs, "-m string --string x1172.17.0.1 --algo bm -j DROP",
                         "-m string --string x1172.17.0.1 --algo bm -j DROP");
  ipm_test_rewrite_case (specs, "-i docker0+ -j ACCEPT", "-i docker0+ -j ACCEPT");
  /* comments document; they keep their words */
  ipm_test_rewrite_case (specs, "-o docker0 -m comment --comment \"docker0 172.17.0.1\" -j ACCEPT",
                         "-o br0 -m comment --comment \"docker0 172.17.0.1\" -j ACCEPT");
  /* nothing applies: the very same text */
  ipm_test_rewrite_case (specs, "-p tcp -m tcp --dport 22 -j ACCEPT", "-p tcp -m tcp --dport 22 -j ACCEPT");
}

static void
test_prefix_change (void)
{
  static const char *const to24[] = { "172.17.0.1/16=10.200.0.0/24", NULL };
  static const char *const to8[] = { "172.17.0.0/16=10.0.0.0/8", NULL };

  /* docker's bip spelling (host bits set) names the network */
  ipm_test_rewrite_case (to24, "-s 172.17.0.0/16 -j MASQUERADE", "-s 10.200.0.0/24 -j MASQUERADE");
  ipm_test_rewrite_case (to24, "-d 172.17.0.9/32 -j ACCEPT", "-d 10.200.0.9/32 -j ACCEPT");
  /* 172.17.5.1 has no place in a /24 */
  ipm_test_rewrite_case (to24, "-d 172.17.5.1/32 -j ACCEPT", NULL);
  ipm_test_rewrite_case (to8, "-s 172.17.3.0/24 -j ACCEPT", "-s 10.0.3.0/24 -j ACCEPT");
}

static void
test_bad_specs (void)
{
  static const char *const bad[][2] = {
    { "docker0", NULL }, { "=br0", NULL }, { "docker0=", NULL },
    { "172.17.0.0/16=br0", NULL }, { "fe80::/64=fd00::/64", NULL },
    { "172.17.0.0/33=10.0.0.0/8", NULL }, { "256.1.1.1=10.0.0.1", NULL },
    { "a-very-long-interface-name=br0", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IpmRewriteList) list = ipm_test_rewrites (bad[i], &error);

      CU_ASSERT_PTR_NULL (list);
      CU_ASSERT_TRUE (error != NULL && strstr (error->message, "--rewrite") != NULL);
    }
}

static void
test_rule_recanonicalized (void)
{
  static const char *const specs[] = { "172.17.0.0/16=10.200.0.0/16", NULL };
  g_autoptr(IpmRewriteList) list = ipm_test_rewrites (specs, NULL);
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmRule) rule = ipm_rule_new ("-s 172.17.0.0/16 -j MASQUERADE");
  g_autoptr(IpmRule) same = ipm_rule_new ("-s 192.0.2.0/24 -j MASQUERADE");
  g_autoptr(IpmRule) out = NULL;
  g_autoptr(IpmRule) out2 = NULL;

  rule->loc.file = "ref.rules";
  rule->loc.lineno = 4;
  rule->counters.present = TRUE;
  rule->counters.packets = 3;
  out = ipm_rewrite_rule (list, rule, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out->text, "-s 10.200.0.0/16 -j MASQUERADE");
  CU_ASSERT_STRING_EQUAL (out->target, "MASQUERADE");
  CU_ASSERT_EQUAL (out->loc.lineno, 4);
  CU_ASSERT_EQUAL (out->counters.packets, 3);
  /* unchanged: the same rule, shared */
  out2 = ipm_rewrite_rule (list, same, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_EQUAL (out2, same);
}

static const CU_TestInfo ipm_rewrite_tests[] = {
  { "docker0 defaults to a custom bridge", test_docker_defaults },
  { "prefix length changes", test_prefix_change },
  { "bad FROM=TO", test_bad_specs },
  { "rewritten rules are canonical rules", test_rule_recanonicalized },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_rewrite (void)
{
  return ipm_test_add_suite ("rewrite", ipm_rewrite_tests);
}
