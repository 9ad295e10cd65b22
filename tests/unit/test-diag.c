/* Suite for src/diag.c */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "suites.h"

static char *
ipm_render (const IpmDiags *diags, gboolean quiet)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);

  ipm_diags_print (diags, fp, quiet, FALSE);
  fclose (fp);
  return buf;
}

static void
test_format_with_caret (void)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  IpmLine line = { "a.rules", 7, "-A INPUT -s 1.2.3 -j ACCEPT", 27,
                   FALSE, FALSE };
  char *text;

  ipm_diags_error (diags, &line, 13, "invalid address '%s'", "1.2.3");
  text = ipm_render (diags, FALSE);
  CU_ASSERT_STRING_EQUAL (text,
    "ipmerge: a.rules:7:13: error: invalid address '1.2.3'\n"
    "  -A INPUT -s 1.2.3 -j ACCEPT\n"
    "              ^\n");
  free (text);
  CU_ASSERT_EQUAL (diags->n_errors, 1);
}

static void
test_quiet_drops_warnings (void)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  IpmLine line = { "a.rules", 1, "x", 1, FALSE, FALSE };
  char *text;

  ipm_diags_warning (diags, &line, 1, "just a warning");
  text = ipm_render (diags, TRUE);
  CU_ASSERT_STRING_EQUAL (text, "");
  free (text);
  CU_ASSERT_FALSE (ipm_diags_has_errors (diags));
  diags->strict = TRUE;
  CU_ASSERT_TRUE (ipm_diags_has_errors (diags));
}

static void
test_control_bytes_escaped (void)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  IpmLine line = { "a.rules", 2, "ab\033c", 4, FALSE, FALSE };
  char *text;

  ipm_diags_error (diags, &line, 3, "bad");
  text = ipm_render (diags, FALSE);
  CU_ASSERT_PTR_NOT_NULL (strstr (text, "  ab?c\n"));
  free (text);
}

static void
test_to_error (void)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(GError) error = NULL;

  CU_ASSERT_TRUE (ipm_diags_to_error (diags, &error));
  ipm_diags_add_at (diags, IPM_SEVERITY_ERROR, "f", 3, 0, "missing COMMIT");
  CU_ASSERT_FALSE (ipm_diags_to_error (diags, &error));
  CU_ASSERT_PTR_NOT_NULL (error);
}

static const CU_TestInfo ipm_diag_tests[] = {
  { "format with caret", test_format_with_caret },
  { "quiet drops warnings; strict counts them", test_quiet_drops_warnings },
  { "control bytes escaped", test_control_bytes_escaped },
  { "to_error", test_to_error },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_diag (void)
{
  return ipm_test_add_suite ("diag", ipm_diag_tests);
}
