/* Fuzz: parse -> canonicalize -> print.  Properties checked on every input:
 * building the ruleset while parsing (with and without spans) and applying
 * the command list accept the same inputs and print the same; the canonical output is accepted
 * again and is a fixed point (canonical(canonical(x)) == canonical(x)); and
 * --check does not crash on it. */
#include "config.h"

#include "check.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(IpmScript) script = NULL;
  g_autoptr(IpmRuleset) rs = ipm_fuzz_ruleset ("fuzz", (const char *) data, size, FALSE, &script);
  g_autoptr(IpmRuleset) again = NULL;
  g_autoptr(IpmRuleset) unbuilt = NULL;
  g_autoptr(IpmRuleset) no_spans = NULL;
  g_autofree char *first = NULL;
  g_autofree char *via_commands = NULL;
  g_autofree char *via_rules = NULL;
  g_autofree char *second = NULL;
  g_autoptr(IpmDiags) diags = ipm_diags_new ();

  /* building while parsing and applying commands must agree */
  unbuilt = ipm_fuzz_ruleset_with ("fuzz", (const char *) data, size, FALSE, FALSE, NULL);
  if ((rs == NULL) != (unbuilt == NULL))
    abort ();
  /* and lines kept as spans print as the rules they stand for */
  no_spans = ipm_fuzz_ruleset_full ("fuzz", (const char *) data, size, FALSE,
                                    TRUE, FALSE, NULL, NULL);
  if ((rs == NULL) != (no_spans == NULL))
    abort ();
  if (rs == NULL)
    return 0;
  first = ipm_fuzz_print (rs);
  via_commands = ipm_fuzz_print (unbuilt);
  via_rules = ipm_fuzz_print (no_spans);
  if (strcmp (first, via_commands) != 0 || strcmp (first, via_rules) != 0)
    abort ();
  /* (after printing: it makes every span rules) */
  ipm_check_ruleset (script, rs, diags);
  again = ipm_fuzz_ruleset ("fuzz-again", first, strlen (first), FALSE, NULL);
  if (again == NULL)
    abort ();   /* ipmerge printed something it refuses to read */
  second = ipm_fuzz_print (again);
  if (strcmp (first, second) != 0)
    abort ();   /* canonical form is not a fixed point */
  return 0;
}
