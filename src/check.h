/* check: lint findings on a parsed script and its ruleset (--check).
 *
 * Syntax, limits and values are already reported by the parser and the
 * canonicalizer; this module adds what needs the whole ruleset: duplicate
 * rules, rules shadowed by an earlier catch-all, user chains nothing
 * references.
 */
#ifndef IPM_CHECK_H
#define IPM_CHECK_H

#include <glib.h>

#include "diag.h"
#include "parse.h"
#include "ruleset.h"

/* Adds warnings about RS (built from SCRIPT) to DIAGS. */
void ipm_check_ruleset (const IpmScript *script, const IpmRuleset *rs,
                        IpmDiags *diags);

#endif
