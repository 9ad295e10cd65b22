/* apply: runs script commands against a ruleset as iptables would.
 *
 * ipm_apply_script() is iptables-restore without --noflush on an empty
 * kernel: it yields what iptables-save prints afterwards.  ipm_apply_cmd()
 * is one command on an existing table; merge.c uses it for the -I/-D/-R/-N/
 * -X/-F/-P/-Z/-E commands of an overlay.
 */
#ifndef IPM_APPLY_H
#define IPM_APPLY_H

#include <glib.h>

#include "diag.h"
#include "script.h"
#include "ruleset.h"

/* Applies CMD to TABLE.  Problems (missing rule for -D, index out of range,
 * deleting a chain that is referenced or not empty) go into DIAGS; returns
 * FALSE then. */
gboolean ipm_apply_cmd (IpmTable *table, const IpmCmd *cmd, IpmDiags *diags);

/* Builds the ruleset SCRIPT describes.  Returns NULL with ERROR set when
 * DIAGS received errors. */
IpmRuleset *ipm_apply_script (const IpmScript *script, IpmDiags *diags,
                              GError **error);

/* Same, moving SCRIPT's rules (or the ruleset built while it was parsed)
 * into the result rather than sharing them; SCRIPT keeps its tables and
 * lines, not its rules. */
IpmRuleset *ipm_apply_script_steal (IpmScript *script, IpmDiags *diags,
                                    GError **error);

/* Same, and frees SCRIPT: its rules move into the ruleset rather than
 * being shared (no reference count touched twice per rule of a dump that
 * is only loaded). */
IpmRuleset *ipm_apply_script_take (IpmScript *script, IpmDiags *diags,
                                   GError **error);

/* Number of rules in TABLE that jump or go to CHAIN_NAME. */
guint ipm_table_count_references (const IpmTable *table,
                                  const char *chain_name);

#endif
