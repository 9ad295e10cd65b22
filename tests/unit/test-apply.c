/* Suite for src/apply.c: commands with iptables' semantics. */
#include "config.h"

#include "helpers.h"
#include "suites.h"

#define HEAD "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
#define TAIL_EMPTY ":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"

static void
test_rename_follows_jumps (void)
{
  g_autofree char *out = ipm_test_canonical (
    HEAD ":OLD - [0:0]\n-A INPUT -j OLD\n-A FORWARD -g OLD\n-E OLD NEW\nCOMMIT\n", NULL);

  CU_ASSERT_STRING_EQUAL (out, "*filter\n" TAIL_EMPTY ":NEW - [0:0]\n"
                          "-A INPUT -j NEW\n-A FORWARD -g NEW\nCOMMIT\n");
}

static void
test_delete_referenced_chain_fails (void)
{
  IpmDiags *diags = NULL;
  char *out = ipm_test_canonical (HEAD ":X - [0:0]\n-A INPUT -j X\n-X X\nCOMMIT\n", &diags);

  CU_ASSERT_PTR_NULL (out);
  CU_ASSERT_PTR_NOT_NULL (strstr (ipm_test_first_message (diags), "rules still jump"));
  ipm_diags_free (diags);
}

static void
test_delete_nonempty_chain_fails (void)
{
  IpmDiags *diags = NULL;
  char *out = ipm_test_canonical (HEAD ":X - [0:0]\n-A X -j RETURN\n-X X\nCOMMIT\n", &diags);

  CU_ASSERT_PTR_NULL (out);
  CU_ASSERT_PTR_NOT_NULL (strstr (ipm_test_first_message (diags), "flush it first"));
  ipm_diags_free (diags);
}

static void
test_flush_then_delete_all (void)
{
  g_autofree char *out = ipm_test_canonical (
    HEAD ":X - [0:0]\n:Y - [0:0]\n-A X -j RETURN\n-A INPUT -j ACCEPT\n-F\n-X\nCOMMIT\n", NULL);

  CU_ASSERT_STRING_EQUAL (out, "*filter\n" TAIL_EMPTY "COMMIT\n");
}

static void
test_insert_index_and_range (void)
{
  IpmDiags *diags = NULL;
  g_autofree char *out = ipm_test_canonical (
    HEAD "-A INPUT -j DROP\n-I INPUT 2 -j RETURN\n-I INPUT 1 -j ACCEPT\nCOMMIT\n", NULL);
  char *bad;

  CU_ASSERT_STRING_EQUAL (out, "*filter\n" TAIL_EMPTY
                          "-A INPUT -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -j RETURN\nCOMMIT\n");
  bad = ipm_test_canonical (HEAD "-I INPUT 3 -j ACCEPT\nCOMMIT\n", &diags);
  CU_ASSERT_PTR_NULL (bad);
  CU_ASSERT_PTR_NOT_NULL (strstr (ipm_test_first_message (diags), "index too big"));
  ipm_diags_free (diags);
}

static void
test_delete_and_replace (void)
{
  g_autofree char *out = ipm_test_canonical (
    HEAD "-A INPUT -s 10.0.0.1 -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -j ACCEPT\n"
    "-D INPUT -s 10.0.0.1/32 -j ACCEPT\n-R INPUT 2 -j REJECT\nCOMMIT\n", NULL);

  CU_ASSERT_STRING_EQUAL (out, "*filter\n" TAIL_EMPTY "-A INPUT -j DROP\n"
                          "-A INPUT -j REJECT --reject-with icmp-port-unreachable\nCOMMIT\n");
}

static void
test_zero_counters (void)
{
  g_autofree char *out = ipm_test_canonical (
    "*filter\n:INPUT ACCEPT [9:99]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    "[3:30] -A INPUT -j ACCEPT\n-Z INPUT\nCOMMIT\n", NULL);

  CU_ASSERT_STRING_EQUAL (out, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                          ":OUTPUT ACCEPT [0:0]\n[0:0] -A INPUT -j ACCEPT\nCOMMIT\n");
}

static const CU_TestInfo ipm_apply_tests[] = {
  { "-E renames and jumps follow", test_rename_follows_jumps },
  { "-X of a referenced chain fails", test_delete_referenced_chain_fails },
  { "-X of a non-empty chain fails", test_delete_nonempty_chain_fails },
  { "-F and -X without a chain", test_flush_then_delete_all },
  { "-I positions and range", test_insert_index_and_range },
  { "-D by rule (canonical) and -R by number", test_delete_and_replace },
  { "-Z zeroes counters", test_zero_counters },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_apply (void)
{
  return ipm_test_add_suite ("apply", ipm_apply_tests);
}
