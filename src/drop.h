/* drop: --drop, the host's chains and rules left out of a merge.
 *
 * Before the layers are merged, each table of the host loses:
 *  - the user chains whose name matches a pattern (built-in chains never
 *    go), with their rules;
 *  - in every chain kept, the rules that jump or go to such a chain (so no
 *    jump dangles), and the rules whose canonical line '-A CHAIN spec'
 *    matches a pattern.
 * The layers are untouched: a layer's rules and chains are merged as
 * usual (--take/--skip select those), so `--drop '^DOCKER'
 * docker-ref.rules` replaces the host's Docker chains by the reference's.
 * Use case: /etc/sysconfig/iptables generated from a live node without the
 * chains kube-proxy, calico and Docker rebuild by themselves.
 */
#ifndef IPM_DROP_H
#define IPM_DROP_H

#include <glib.h>

#include "diag.h"
#include "ruleset.h"

typedef struct {
  const GPtrArray *patterns;  /* char* PCRE2 patterns (--drop) */
  gboolean verbose;           /* report each removal into NOTES */
  GString *notes;             /* "ipmerge: FILE:LINE:1: note: ..." lines, or
                                 NULL */
  GPtrArray *events;          /* IpmMergeEvent* (merge.h) DROPPED records
                                 appended, or NULL */
} IpmDropOptions;

/* Removes from HOST, in place, what OPTIONS' patterns name.  A pattern
 * that matches no chain name and no line is a warning in DIAGS (an error
 * with --strict).  FALSE with ERROR set for a pattern that does not
 * compile. */
gboolean ipm_drop (IpmRuleset *host, const IpmDropOptions *options,
                   IpmDiags *diags, GError **error);

#endif
