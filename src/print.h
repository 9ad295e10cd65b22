/* print: rulesets as iptables-save text.
 *
 * Tables in the ruleset's order; in each, every built-in chain's ':' line
 * (nft resets a missing one to ACCEPT, legacy keeps it), then user chains
 * sorted by name, as iptables-save prints them; then the rules chain by
 * chain in the same order.  No '#' header lines: output is deterministic.
 */
#ifndef IPM_PRINT_H
#define IPM_PRINT_H

#include <glib.h>

#include "ruleset.h"

typedef struct {
  gboolean zero_counters;   /* print [0:0] everywhere */
} IpmPrintOptions;

void ipm_print_ruleset (GString *out, const IpmRuleset *rs,
                        const IpmPrintOptions *options);

/* "-A CHAIN text" (with "[p:b] " first when the rule carries counters and
 * COUNTERS is TRUE). */
void ipm_print_rule (GString *out, const char *chain, const IpmRule *rule,
                     gboolean counters);

#endif
