/* check: (stub) */
#include "config.h"

#include "check.h"

void
ipm_check_ruleset (const IpmScript *script, const IpmRuleset *rs,
                   IpmDiags *diags)
{
}
