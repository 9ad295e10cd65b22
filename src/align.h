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

#endif
