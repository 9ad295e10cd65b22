/* Shared helpers for the unit suites. */
#ifndef IPM_TEST_HELPERS_H
#define IPM_TEST_HELPERS_H

#include <string.h>
#include <glib.h>

#include "apply.h"
#include "diag.h"
#include "input.h"
#include "parse.h"
#include "print.h"

/* Parses TEXT as a dump and prints it canonically; returns NULL on errors,
 * leaving the diagnostics in *DIAGS_OUT when given. */
static inline char *
ipm_test_canonical (const char *text, IpmDiags **diags_out)
{
  IpmDiags *diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("t.rules", text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4 };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
  g_autoptr(IpmRuleset) rs = NULL;
  IpmPrintOptions print = { 0 };
  GString *out;

  if (script != NULL)
    rs = ipm_apply_script (script, diags, NULL);
  if (diags_out != NULL)
    *diags_out = diags;
  else
    ipm_diags_free (diags);
  if (rs == NULL)
    return NULL;
  out = g_string_new (NULL);
  ipm_print_ruleset (out, rs, &print);
  return g_string_free (out, FALSE);
}

/* First diagnostic message, or "". */
static inline const char *
ipm_test_first_message (const IpmDiags *diags)
{
  if (diags->items->len == 0)
    return "";
  return ((const IpmDiag *) g_ptr_array_index (diags->items, 0))->message;
}

#endif
