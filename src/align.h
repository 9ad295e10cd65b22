/* align: Myers' O((N+M)D) alignment of two rule sequences.
 *
 * Rules are compared by canonical text (hash first).  Linear space: the
 * middle-snake divide and conquer of Myers' paper, after stripping the
 * common prefix and suffix.  Used by diff (hunks), merge (anchors) and
 * delta (patch).
 */
#ifndef IPM_ALIGN_H
#define IPM_ALIGN_H

#include <glib.h>

typedef struct {
  guint a;   /* index in the first sequence */
  guint b;   /* index in the second sequence */
} IpmAlignPair;

/* Returns a longest common subsequence of A and B (IpmRule* arrays) as
 * IpmAlignPair entries, strictly increasing in both indices. */
GArray *ipm_align_rules (const GPtrArray *a, const GPtrArray *b);

/* Like ipm_align_rules(), but aligns only the rules the two sequences have
 * in common (hash lookups), so that a short layer chain against a long host
 * chain, or a flushed and refilled chain, costs linear time: merge anchors
 * and the --delta patch. */
GArray *ipm_align_common (const GPtrArray *a, const GPtrArray *b);

/* Hash table functions for sets of IpmRule* keyed by canonical text, and
 * such a set of RULES. */
guint ipm_align_rule_hash (gconstpointer rule);
gboolean ipm_align_rule_equal (gconstpointer a, gconstpointer b);
GHashTable *ipm_align_rule_set (const GPtrArray *rules);

#endif
