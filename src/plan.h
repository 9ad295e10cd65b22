/* plan: what a merge would do, for a person (--plan) or a tool
 * (--plan --format json), without doing it.
 *
 * Built on the merge itself: main runs ipm_merge (and ipm_drop) into a
 * copy of the host, as --delta does; the plan is the comparison of the
 * host with that result, rule by rule with --delta's alignment
 * (ipm_delta_align_chain), so the plan lists exactly what the patch would
 * change.  Each change gets its reason from the merge's records
 * (IpmMergeEvent: the -v notes), and the rules a layer asks for that the
 * host has are listed as left alone.  No placement is judged here.
 *
 * Text, one item a line, an indented "why" under it:
 *   table NAME:                   a table with something to say
 *     add table                   a table only the layers have
 *     add chain C                 delete chain C (N rules)
 *     policy of C: OLD -> NEW
 *     add rule N of C: -A C spec  N: its number in the result
 *     leave rule N of C: ...      a layer rule the chain has (N: result)
 *     delete rule N of C: ...     N: its number on the host
 *   warn FILE:LINE:COL: message   the merge's warnings
 *   plan: A to add, D to delete, L to leave, W warnings
 *
 * JSON (--format json): see the schema in ipmerge(1), PLAN OUTPUT;
 * "version": 1.  Keys are always present and in the documented order.
 */
#ifndef IPM_PLAN_H
#define IPM_PLAN_H

#include <glib.h>

#include "diag.h"
#include "ruleset.h"

typedef enum {
  IPM_PLAN_FORMAT_TEXT,
  IPM_PLAN_FORMAT_JSON,
} IpmPlanFormat;

typedef struct {
  IpmPlanFormat format;
  const GPtrArray *events;   /* IpmMergeEvent* of ipm_drop and ipm_merge */
  const IpmDiags *warnings;  /* the run's warnings (no errors) */
} IpmPlanOptions;

/* Appends to OUT the plan that turns BEFORE (the host as read) into AFTER
 * (the merge of a copy of it) and sets *CHANGED when anything would
 * change.  FALSE with ERROR set when AFTER lacks one of BEFORE's tables
 * (no merge removes a table). */
gboolean ipm_plan_print (GString *out, const IpmRuleset *before,
                         const IpmRuleset *after,
                         const IpmPlanOptions *options, gboolean *changed,
                         GError **error);

#endif
