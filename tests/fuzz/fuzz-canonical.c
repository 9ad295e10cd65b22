/* Fuzz: parse -> canonicalize -> print.  Properties checked on every input:
 * building the ruleset while parsing and applying the command list accept
 * the same inputs and print the same; the canonical output is accepted
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
  g_autofree char *first = NULL;
  g_autofree char *via_commands = NULL;
  g_autofree char *second = NULL;
  g_autoptr(IpmDiags) diags = ipm_diags_new ();

  /* building while parsing and applying commands must agree */
  unbuilt = ipm_fuzz_ruleset_with ("fuzz", (const char *) data, size, FALSE, FALSE, NULL);
  if ((rs == NULL) != (unbuilt == NULL))
    abort ();
  if (rs == NULL)
    return 0;
  ipm_check_ruleset (script, rs, diags);
  first = ipm_fuzz_print (rs);
  via_commands = ipm_fuzz_print (unbuilt);
  if (strcmp (first, via_commands) != 0)
    abort ();
  again = ipm_fuzz_ruleset ("fuzz-again", first, strlen (first), FALSE, NULL);
  if (again == NULL)
    abort ();   /* ipmerge printed something it refuses to read */
  second = ipm_fuzz_print (again);
  if (strcmp (first, second) != 0)
    abort ();   /* canonical form is not a fixed point */
  return 0;
}
