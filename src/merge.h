/* merge: applies layers (reference dumps and policy overlays) to a host.
 * (Interface; implementation in progress.) */
#ifndef IPM_MERGE_H
#define IPM_MERGE_H

#include <glib.h>

#include "diag.h"
#include "parse.h"
#include "ruleset.h"

typedef struct {
  GPtrArray *take;          /* char* PCRE2 patterns (--take) */
  GPtrArray *skip;          /* char* PCRE2 patterns (--skip) */
  GPtrArray *rewrites;      /* char* "FROM=TO" (--rewrite) */
  gboolean verbose;         /* report each placement on stderr */
} IpmMergeOptions;

/* Merges each of LAYERS (IpmScript*) in order into HOST, in place.
 * Findings go into DIAGS; returns FALSE with ERROR set on errors. */
gboolean ipm_merge (IpmRuleset *host, const GPtrArray *layers,
                    const IpmMergeOptions *options, IpmDiags *diags,
                    GError **error);

#endif
