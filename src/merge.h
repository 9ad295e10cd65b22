/* merge: applies layers (reference dumps and policy overlays) to a host.
 *
 * Semantics (README, "Merge"):
 *  - A layer rule already in the target chain (canonically equal) changes
 *    nothing, so merging the same layers twice gives the same ruleset.
 *  - A missing -A rule goes right after the nearest preceding rule of its
 *    layer chain that is in the result, else right before the nearest
 *    following one; the anchors are a longest common subsequence of the
 *    layer chain and the result chain (ipm_align_common).  Without any anchor
 *    it goes at the end, but before a trailing unconditional ACCEPT/DROP/
 *    REJECT catch-all.
 *  - Overlay commands (-I -D -R -N -X -F -P -Z -E) act as iptables would,
 *    except that what is already done is not redone (-I of a rule the chain
 *    has, -D of a rule it lacks, -N of an existing chain, -X of a missing one).
 *  - ':CHAIN' declares, never flushes, never changes a host policy (a
 *    differing one is a warning); only -P changes a policy.
 *  - --take/--skip select ':' and '-A' lines; chains a selected rule jumps or
 *    goes to come along (minus --skip); --rewrite adapts layer rules.
 *  - No dangling jump is ever produced; tables keep the host's order.
 */
#ifndef IPM_MERGE_H
#define IPM_MERGE_H

#include <glib.h>

#include "diag.h"
#include "parse.h"
#include "ruleset.h"

/* What the merge did with one layer rule, command or chain: the -v notes
 * as records, for --plan (plan.h), which reports them with the final
 * positions rather than judging anything again. */
typedef enum {
  IPM_MERGE_EVENT_ADDED,    /* a layer rule placed: PLACEMENT, ANCHOR */
  IPM_MERGE_EVENT_PRESENT,  /* a layer rule the chain has where packets
                               reach it: RULE is the chain's (the host's) */
  IPM_MERGE_EVENT_COMMAND,  /* an overlay command done: COMMAND */
  IPM_MERGE_EVENT_CHAIN,    /* a chain a layer declares, made new */
  IPM_MERGE_EVENT_DROPPED,  /* a host rule or chain removed by --drop */
} IpmMergeEventKind;

typedef struct {
  IpmMergeEventKind kind;
  char *table;
  char *chain;
  IpmRule *rule;            /* a reference, or NULL (chains, -X, -P...) */
  IpmLoc loc;               /* the layer line; DROPPED: the host's */
  const char *placement;    /* ADDED: "after", "before" or "end" */
  char *anchor;             /* ADDED: "-A CHAIN spec" of the anchor (after,
                               before) or of the dead point (end); or NULL */
  char *command;            /* COMMAND: "-D INPUT -p tcp ..." as done */
  char *why;                /* in words, as -v puts it */
} IpmMergeEvent;

void ipm_merge_event_free (IpmMergeEvent *event);
/* Adds a new event to EVENTS (IpmMergeEvent*, owning) and returns it. */
IpmMergeEvent *ipm_merge_event_add (GPtrArray *events, IpmMergeEventKind kind,
                                    const char *table, const char *chain,
                                    IpmRule *rule, const IpmLoc *loc);

typedef struct {
  GPtrArray *take;          /* char* PCRE2 patterns (--take) */
  GPtrArray *skip;          /* char* PCRE2 patterns (--skip) */
  GPtrArray *preset_skip;   /* char* patterns skipped as --skip, from a
                               preset (--skip-containers): never reported
                               as matching nothing; may be NULL */
  GPtrArray *rewrites;      /* char* "FROM=TO" (--rewrite) */
  gboolean verbose;         /* report each placement into NOTES */
  gboolean allow_empty_host;  /* a host without any table is not an error */
  GString *notes;           /* -v placement reports, one "FILE:LINE: note: ..."
                               line each; NULL = none */
  GPtrArray *events;        /* IpmMergeEvent*, appended to (with or
                               without -v); NULL = none */
} IpmMergeOptions;

/* Merges each of LAYERS (IpmScript*) in order into HOST, in place.
 * Findings go into DIAGS; returns FALSE with ERROR set on errors. */
gboolean ipm_merge (IpmRuleset *host, const GPtrArray *layers,
                    const IpmMergeOptions *options, IpmDiags *diags,
                    GError **error);


#endif
