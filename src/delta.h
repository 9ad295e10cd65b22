/* delta: the patch for iptables-restore --noflush that turns the host
 * ruleset into the merged one.
 *
 * Per table that changed, in the merged ruleset's table order:
 *   ':NEW - [0:0]'        chains the host lacks (declaring an existing user
 *                         chain under --noflush would flush it), and chains
 *                         to delete (that flush is wanted: -X needs them
 *                         empty); every built-in ':' line of a table the
 *                         host did not have
 *   '-P CHAIN POLICY'     built-in policies that differ
 *   '-D CHAIN rule'       rules to remove, by spec (a number would be wrong
 *                         as soon as kube-proxy changed the chain meanwhile);
 *   '-D CHAIN N'          by number only where an equal rule before it
 *                         stays (-D by spec would delete that one)
 *   '-I CHAIN N rule'     rules to add, '-A' where they go at the end
 *   '-X CHAIN'            chains to delete, last
 * Only ':', '-A', '-I', '-D', '-P' and '-X' lines: iptables-nft 1.8.9
 * crashes on -R of a rule added in the same batch.  Rules are aligned per
 * chain with ipm_align_common (linear in practice).
 */
#ifndef IPM_DELTA_H
#define IPM_DELTA_H

#include <glib.h>

#include "ruleset.h"

/* Appends to OUT the --noflush script turning BEFORE into AFTER.  A table
 * without changes is left out; no change at all gives empty output.
 * When AFTER is a copy of BEFORE (ipm_ruleset_copy) changed since, a chain
 * still under the name of the chain of BEFORE it was copied from
 * (IpmChain.origin) is matched to it without a lookup. */
gboolean ipm_delta_print (GString *out, const IpmRuleset *before,
                          const IpmRuleset *after, GError **error);

/* Marks the rules of a chain that the patch keeps: KEPT_BEFORE[i] for
 * BEFORE's rule i, KEPT_AFTER[j] for AFTER's rule j (arrays of at least
 * BEFORE->len and AFTER->len, all FALSE), the pairs of a longest common
 * subsequence (ipm_align_common).  Returns the number of pairs.  The others
 * are deleted and added; --plan reports them with this same judgement. */
guint ipm_delta_align_chain (const GPtrArray *before, const GPtrArray *after,
                             gboolean *kept_before, gboolean *kept_after);

#endif
