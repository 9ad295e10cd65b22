/* diff: the changes between two rulesets, chain by chain.
 *
 * Per chain: drop the rules that jump to ignored chains, then the rules
 * whose text occurs on one side only (they can never be aligned, and
 * leaving them out keeps Myers' D small when a chain gained thousands of
 * rules), align the rest with ipm_align_rules, and pair what is left
 * unaligned on both sides by text into moves: the k-th unaligned copy of a
 * text in OLD with the k-th in NEW (multiset semantics for duplicates).
 * Everything is linear in the number of rules apart from the alignment,
 * which is O((N+M)D), and O(N log N) around anchors when D would be huge
 * (IPM_DIFF_MAX_DISORDER).  --ignore-chain patterns are searched anywhere
 * in a chain name, like grep; anchor them with ^ and $.
 *
 * Mirror images: the alignment is always computed in one orientation
 * chosen from the contents (the smaller sequence first), so that
 * comparing B with A gives exactly the pairs of A with B, swapped.
 *
 * Output formats (diff-format.c); all of them stable, tools may rely on
 * them.  Tables come sorted by name, chains in iptables-save order
 * (built-ins in kernel order, then user chains by name); only changed
 * tables and chains appear.  Counters never show.
 *
 * Unified: "--- OLD" and "+++ NEW", then per chain one or more hunks
 *   @@ -S,N +S,N @@ *TABLE CHAIN
 * where S is a rule number (1-based, as iptables -L --line-numbers and
 * -I count them; 0 is the chain's ':' line) and N the lines of that side
 * in the hunk (",N" left out when 1).  Lines are ' ' context, '-' old,
 * '+' new; a ':CHAIN POLICY' line opens the chain (a policy change is a
 * '-'/'+' pair of them, an added or removed chain shows its ':' line and
 * all its rules).  A moved rule is a '-' line at its old place and a '+'
 * line at its new place, annotated "  # moved to rule N" and
 * "  # moved from rule N" (N on the other side); it counts as one change.
 *
 * --stat: "*TABLE" lines (with " (table added)"/" (table removed)"), under
 * each "  CHAIN | ..." with "chain added", "chain removed", "policy OLD ->
 * NEW", "N added", "N removed", "N moved" as they apply, then a totals
 * line.
 *
 * JSON (--format json): the schema is the manual's (DIFF OUTPUT), where
 * users read it; diff-format.c writes it.
 */
#include "config.h"

#include <string.h>

#include "align.h"
#include "diag.h"
#include "diff.h"
#include "regex.h"

/* --ignore-chain, with the verdict per name cached: a big dump asks about
 * the same few targets hundreds of thousands of times. */
typedef struct {
  IpmRegexList *patterns;
  GHashTable *verdicts;     /* name -> GINT_TO_POINTER (1 + ignored) */
} IpmDiffFilter;

static gboolean
ipm_diff_chain_ignored (IpmDiffFilter *filter, const char *name)
{
  gpointer cached;
  gboolean ignored;

  if (ipm_regex_list_is_empty (filter->patterns))
    return FALSE;
  cached = g_hash_table_lookup (filter->verdicts, name);
  if (cached != NULL)
    return GPOINTER_TO_INT (cached) - 1;
  ignored = ipm_regex_list_match (filter->patterns, name);
  g_hash_table_insert (filter->verdicts, g_strdup (name),
                       GINT_TO_POINTER (1 + ignored));
  return ignored;
}

/* A rule jumping to an ignored chain goes with it.  The target counts as a
 * chain when the canonicalizer says so or when either side declares a
 * chain of that name, so that a pattern never hides an ACCEPT. */
static gboolean
ipm_diff_rule_ignored (IpmDiffFilter *filter, const IpmRule *rule,
                       const IpmTable *old_table, const IpmTable *new_table)
{
  if (rule->target == NULL || ipm_regex_list_is_empty (filter->patterns))
    return FALSE;
  if (!rule->target_is_chain
      && (old_table == NULL
          || ipm_table_lookup_chain (old_table, rule->target) == NULL)
      && (new_table == NULL
          || ipm_table_lookup_chain (new_table, rule->target) == NULL))
    return FALSE;
  return ipm_diff_chain_ignored (filter, rule->target);
}

/* The rules of one side of a chain that take part in the comparison. */
typedef struct {
  GPtrArray *rules;         /* IpmRule*, borrowed */
  GArray *pos;              /* guint rule number per entry, or NULL when
                               entry i is rule i + 1 */
} IpmDiffSide;

static void
ipm_diff_side_clear (IpmDiffSide *side)
{
  g_clear_pointer (&side->rules, g_ptr_array_unref);
  g_clear_pointer (&side->pos, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IpmDiffSide, ipm_diff_side_clear)

static void
ipm_diff_side_init (IpmDiffSide *side, const GPtrArray *rules,
                    IpmDiffFilter *filter, const IpmTable *old_table,
                    const IpmTable *new_table)
{
  guint n = rules != NULL ? rules->len : 0;

  side->rules = g_ptr_array_sized_new (n);
  side->pos = NULL;
  for (guint i = 0; i < n; i++)
    {
      IpmRule *rule = g_ptr_array_index (rules, i);

      if (ipm_diff_rule_ignored (filter, rule, old_table, new_table))
        {
          if (side->pos == NULL)
            {
              side->pos = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
              for (guint k = 1; k <= side->rules->len; k++)
                g_array_append_val (side->pos, k);
            }
          continue;
        }
      g_ptr_array_add (side->rules, rule);
      if (side->pos != NULL)
        {
          guint number = i + 1;
          g_array_append_val (side->pos, number);
        }
    }
}

static inline guint
ipm_diff_side_pos (const IpmDiffSide *side, guint i)
{
  return side->pos != NULL ? g_array_index (side->pos, guint, i) : i + 1;
}

static guint
ipm_diff_rule_hash (gconstpointer rule)
{
  return ipm_rule_hash (rule);
}

static gboolean
ipm_diff_rule_eq (gconstpointer a, gconstpointer b)
{
  return ipm_rule_equal (a, b);
}

static GHashTable *
ipm_diff_rule_set (const GPtrArray *rules)
{
  GHashTable *set = g_hash_table_new (ipm_diff_rule_hash, ipm_diff_rule_eq);

  for (guint i = 0; i < rules->len; i++)
    g_hash_table_add (set, g_ptr_array_index (rules, i));
  return set;
}

/* The entries of RULES whose text occurs in OTHER; INDEX gets their
 * positions in RULES. */
static GPtrArray *
ipm_diff_common (const GPtrArray *rules, GHashTable *other, GArray *index)
{
  GPtrArray *common = g_ptr_array_sized_new (rules->len);

  for (guint i = 0; i < rules->len; i++)
    if (g_hash_table_contains (other, g_ptr_array_index (rules, i)))
      {
        g_ptr_array_add (common, g_ptr_array_index (rules, i));
        g_array_append_val (index, i);
      }
  return common;
}

/* A total order on rule sequences, only to pick the orientation. */
static int
ipm_diff_seq_cmp (const GPtrArray *a, const GPtrArray *b)
{
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  for (guint i = 0; i < a->len; i++)
    {
      const IpmRule *ra = g_ptr_array_index (a, i);
      const IpmRule *rb = g_ptr_array_index (b, i);
      guint ha, hb;

      if (ipm_rule_equal (ra, rb))
        continue;
      /* g_str_hash, not rule->hash: the order (so the output) must not
       * depend on the hash function the rules use */
      ha = g_str_hash (ra->text);
      hb = g_str_hash (rb->text);
      if (ha != hb)
        return ha < hb ? -1 : 1;
      return strcmp (ra->text, rb->text);
    }
  return 0;
}

/* Above this many rules (each once on both sides) out of order, Myers' D
 * is so large that O((N+M)D) turns quadratic: a big chain written in
 * another order, like kube-proxy's KUBE-SERVICES from another node.  Then
 * the rules that occur once on each side and form the longest increasing
 * run become fixed anchors, as in patience diff, and Myers only aligns the
 * stretches between them.  The result is a common subsequence, not always
 * a longest one: some rules show as moved that need not. */
#define IPM_DIFF_MAX_DISORDER 2000

/* value for a text seen more than once */
#define IPM_DIFF_DUP G_MAXUINT

/* RULES' texts -> 1 + index of the only copy, or IPM_DIFF_DUP. */
static GHashTable *
ipm_diff_unique_index (const GPtrArray *rules)
{
  GHashTable *index = g_hash_table_new (ipm_diff_rule_hash, ipm_diff_rule_eq);

  for (guint i = 0; i < rules->len; i++)
    {
      gpointer rule = g_ptr_array_index (rules, i);
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (index, rule));

      g_hash_table_insert (index, rule,
                           GUINT_TO_POINTER (seen == 0 ? i + 1 : IPM_DIFF_DUP));
    }
  return index;
}

/* The longest run of rules unique on both sides whose positions increase
 * in both A and B (patience sorting, O(k log k)); *N_UNIQUE gets how many
 * such rules there are. */
static GArray *
ipm_diff_unique_anchors (const GPtrArray *a, const GPtrArray *b,
                         guint *n_unique)
{
  g_autoptr(GHashTable) in_a = ipm_diff_unique_index (a);
  g_autoptr(GHashTable) in_b = ipm_diff_unique_index (b);
  g_autoptr(GArray) seq = g_array_new (FALSE, FALSE, sizeof (IpmAlignPair));
  g_autofree guint *tails = NULL;   /* seq index ending a run of length k+1 */
  g_autofree guint *prev = NULL;    /* seq index before it in its run */
  GArray *anchors;
  guint len = 0;

  for (guint i = 0; i < a->len; i++)
    {
      gpointer rule = g_ptr_array_index (a, i);
      guint ja = GPOINTER_TO_UINT (g_hash_table_lookup (in_a, rule));
      guint jb = GPOINTER_TO_UINT (g_hash_table_lookup (in_b, rule));
      IpmAlignPair p = { i, jb - 1 };

      if (ja != IPM_DIFF_DUP && jb != 0 && jb != IPM_DIFF_DUP)
        g_array_append_val (seq, p);
    }
  *n_unique = seq->len;
  tails = g_new (guint, seq->len + 1);
  prev = g_new (guint, seq->len + 1);
  for (guint k = 0; k < seq->len; k++)
    {
      guint b_k = g_array_index (seq, IpmAlignPair, k).b;
      guint lo = 0, hi = len;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (seq, IpmAlignPair, tails[mid]).b < b_k)
            lo = mid + 1;
          else
            hi = mid;
        }
      prev[k] = lo > 0 ? tails[lo - 1] : G_MAXUINT;
      tails[lo] = k;
      if (lo == len)
        len++;
    }
  anchors = g_array_sized_new (FALSE, FALSE, sizeof (IpmAlignPair), len);
  g_array_set_size (anchors, len);
  for (guint k = len > 0 ? tails[len - 1] : G_MAXUINT, n = len; n > 0;
       k = prev[k], n--)
    g_array_index (anchors, IpmAlignPair, n - 1) =
      g_array_index (seq, IpmAlignPair, k);
  return anchors;
}

/* Appends to PAIRS the alignment of A[A0, A1) with B[B0, B1). */
static void
ipm_diff_align_range (GArray *pairs, const GPtrArray *a, guint a0, guint a1,
                      const GPtrArray *b, guint b0, guint b1)
{
  g_autoptr(GPtrArray) sub_a = NULL;
  g_autoptr(GPtrArray) sub_b = NULL;
  g_autoptr(GArray) sub = NULL;

  if (a0 == a1 || b0 == b1)
    return;
  sub_a = g_ptr_array_sized_new (a1 - a0);
  sub_b = g_ptr_array_sized_new (b1 - b0);
  for (guint i = a0; i < a1; i++)
    g_ptr_array_add (sub_a, g_ptr_array_index (a, i));
  for (guint j = b0; j < b1; j++)
    g_ptr_array_add (sub_b, g_ptr_array_index (b, j));
  sub = ipm_align_rules (sub_a, sub_b);
  for (guint k = 0; k < sub->len; k++)
    {
      IpmAlignPair p = g_array_index (sub, IpmAlignPair, k);

      p.a += a0;
      p.b += b0;
      g_array_append_val (pairs, p);
    }
}

/* Aligns A and B, whose texts all occur on both sides: Myers, or Myers
 * between anchors when the two are far apart in order. */
static GArray *
ipm_diff_align_common (const GPtrArray *a, const GPtrArray *b)
{
  guint n_unique;
  g_autoptr(GArray) anchors = NULL;
  GArray *pairs;
  guint a0 = 0, b0 = 0;

  /* Even a full reversal of this much is quick. */
  if (a->len + b->len <= 2 * IPM_DIFF_MAX_DISORDER)
    return ipm_align_rules (a, b);
  anchors = ipm_diff_unique_anchors (a, b, &n_unique);
  if (n_unique - anchors->len <= IPM_DIFF_MAX_DISORDER)
    return ipm_align_rules (a, b);
  pairs = g_array_new (FALSE, FALSE, sizeof (IpmAlignPair));
  for (guint k = 0; k <= anchors->len; k++)
    {
      IpmAlignPair end = { a->len, b->len };

      if (k < anchors->len)
        end = g_array_index (anchors, IpmAlignPair, k);
      ipm_diff_align_range (pairs, a, a0, end.a, b, b0, end.b);
      if (k < anchors->len)
        g_array_append_val (pairs, end);
      a0 = end.a + 1;
      b0 = end.b + 1;
    }
  return pairs;
}

/* A common subsequence of A and B as IpmAlignPair (a longest one unless
 * they are far apart in order), the same pairs whichever side is A. */
static GArray *
ipm_diff_align (const GPtrArray *a, const GPtrArray *b)
{
  g_autoptr(GHashTable) set_a = ipm_diff_rule_set (a);
  g_autoptr(GHashTable) set_b = ipm_diff_rule_set (b);
  g_autoptr(GArray) index_a = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) index_b = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) common_a = ipm_diff_common (a, set_b, index_a);
  g_autoptr(GPtrArray) common_b = ipm_diff_common (b, set_a, index_b);
  gboolean swap = ipm_diff_seq_cmp (common_a, common_b) > 0;
  GArray *pairs = swap ? ipm_diff_align_common (common_b, common_a)
                       : ipm_diff_align_common (common_a, common_b);

  for (guint k = 0; k < pairs->len; k++)
    {
      IpmAlignPair *p = &g_array_index (pairs, IpmAlignPair, k);
      guint x = swap ? p->b : p->a, y = swap ? p->a : p->b;

      p->a = g_array_index (index_a, guint, x);
      p->b = g_array_index (index_b, guint, y);
    }
  return pairs;
}

/* Pairs the unaligned rules of A and B with equal text, in order:
 * PARTNER_A[i] = j + 1 and PARTNER_B[j] = i + 1 for a move, 0 otherwise.
 * ALIGNED_* are TRUE for the aligned entries. */
static guint
ipm_diff_find_moves (const GPtrArray *a, const GPtrArray *b,
                     const gboolean *aligned_a, const gboolean *aligned_b,
                     guint *partner_a, guint *partner_b)
{
  /* text -> 1 + first unpaired index in A; NEXT links the later copies. */
  g_autoptr(GHashTable) first = g_hash_table_new (ipm_diff_rule_hash,
                                                  ipm_diff_rule_eq);
  g_autofree guint *next = g_new0 (guint, a->len);
  guint n_moved = 0;

  for (guint i = a->len; i-- > 0;)
    {
      IpmRule *rule = g_ptr_array_index (a, i);

      if (aligned_a[i])
        continue;
      next[i] = GPOINTER_TO_UINT (g_hash_table_lookup (first, rule));
      g_hash_table_insert (first, rule, GUINT_TO_POINTER (i + 1));
    }
  for (guint j = 0; j < b->len; j++)
    {
      IpmRule *rule = g_ptr_array_index (b, j);
      guint i1;

      if (aligned_b[j])
        continue;
      i1 = GPOINTER_TO_UINT (g_hash_table_lookup (first, rule));
      if (i1 == 0)
        continue;
      partner_a[i1 - 1] = j + 1;
      partner_b[j] = i1;
      n_moved++;
      if (next[i1 - 1] != 0)
        g_hash_table_insert (first, rule, GUINT_TO_POINTER (next[i1 - 1]));
      else
        g_hash_table_remove (first, rule);
    }
  return n_moved;
}

static void
ipm_diff_chain_free (IpmDiffChain *chain)
{
  if (chain->ops != NULL)
    g_array_unref (chain->ops);
  for (guint i = 0; i < G_N_ELEMENTS (chain->rules); i++)
    if (chain->rules[i] != NULL)
      g_ptr_array_unref (chain->rules[i]);
  g_free (chain);
}

static const char *
ipm_diff_policy (const IpmChain *chain)
{
  return chain->policy != NULL ? chain->policy : "-";
}

static void
ipm_diff_push (GArray *ops, IpmDiffOpKind kind, gboolean moved,
               guint old_pos, guint new_pos, const IpmRule *rule)
{
  IpmDiffOp op = { kind, moved, old_pos, new_pos, rule };

  g_array_append_val (ops, op);
}

/* The edit script of one chain (either may be NULL), or NULL when the two
 * are the same. */
static IpmDiffChain *
ipm_diff_chain (const char *name, const IpmChain *old_chain,
                const IpmChain *new_chain, IpmDiffFilter *filter,
                const IpmTable *old_table, const IpmTable *new_table)
{
  g_auto(IpmDiffSide) sa = { 0 };
  g_auto(IpmDiffSide) sb = { 0 };
  g_autoptr(GArray) pairs = NULL;
  g_autofree gboolean *aligned_a = NULL;
  g_autofree gboolean *aligned_b = NULL;
  g_autofree guint *partner_a = NULL;
  g_autofree guint *partner_b = NULL;
  IpmDiffChain *dc;
  guint ia = 0, ib = 0;

  /* Most chains of two dumps of one host are equal: tell without copying
   * their rules (nothing is ignored, or no rule would differ). */
  gboolean same_setup = old_chain != NULL && new_chain != NULL
    && ipm_regex_list_is_empty (filter->patterns)
    && strcmp (ipm_diff_policy (old_chain), ipm_diff_policy (new_chain)) == 0;
  g_autoptr(GPtrArray) old_rules = NULL;
  g_autoptr(GPtrArray) new_rules = NULL;

  if (same_setup && ipm_chain_spans_equal (old_chain, new_chain))
    return NULL;
  old_rules = old_chain != NULL ? ipm_chain_rules_read (old_chain) : NULL;
  new_rules = new_chain != NULL ? ipm_chain_rules_read (new_chain) : NULL;
  if (same_setup && ipm_rules_equal (old_rules, new_rules))
    return NULL;
  ipm_diff_side_init (&sa, old_rules, filter, old_table, new_table);
  ipm_diff_side_init (&sb, new_rules, filter, old_table, new_table);

  dc = g_new0 (IpmDiffChain, 1);
  dc->rules[0] = g_steal_pointer (&old_rules);
  dc->rules[1] = g_steal_pointer (&new_rules);
  dc->name = name;
  dc->old_chain = old_chain;
  dc->new_chain = new_chain;
  if (old_chain == NULL)
    dc->status = IPM_DIFF_ADDED;
  else if (new_chain == NULL)
    dc->status = IPM_DIFF_REMOVED;
  else
    dc->status = IPM_DIFF_CHANGED;
  dc->policy_changed = dc->status != IPM_DIFF_CHANGED
    || strcmp (ipm_diff_policy (old_chain), ipm_diff_policy (new_chain)) != 0;
  if (!dc->policy_changed && ipm_rules_equal (sa.rules, sb.rules))
    {
      ipm_diff_chain_free (dc);
      return NULL;
    }

  pairs = ipm_diff_align (sa.rules, sb.rules);
  aligned_a = g_new0 (gboolean, sa.rules->len);
  aligned_b = g_new0 (gboolean, sb.rules->len);
  partner_a = g_new0 (guint, sa.rules->len);
  partner_b = g_new0 (guint, sb.rules->len);
  for (guint k = 0; k < pairs->len; k++)
    {
      IpmAlignPair p = g_array_index (pairs, IpmAlignPair, k);

      aligned_a[p.a] = aligned_b[p.b] = TRUE;
    }
  dc->n_moved = ipm_diff_find_moves (sa.rules, sb.rules, aligned_a, aligned_b,
                                     partner_a, partner_b);
  dc->n_removed = sa.rules->len - pairs->len - dc->n_moved;
  dc->n_added = sb.rules->len - pairs->len - dc->n_moved;

  dc->ops = g_array_sized_new (FALSE, FALSE, sizeof (IpmDiffOp),
                               sa.rules->len + sb.rules->len - pairs->len + 2);
  if (!dc->policy_changed)
    ipm_diff_push (dc->ops, IPM_DIFF_OP_CONTEXT, FALSE, 0, 0, NULL);
  else
    {
      if (old_chain != NULL)
        ipm_diff_push (dc->ops, IPM_DIFF_OP_REMOVE, FALSE, 0, 0, NULL);
      if (new_chain != NULL)
        ipm_diff_push (dc->ops, IPM_DIFF_OP_ADD, FALSE, 0, 0, NULL);
    }
  /* Each gap between aligned pairs: its removes, then its adds, like diff. */
  for (guint k = 0; k <= pairs->len; k++)
    {
      guint end_a = sa.rules->len, end_b = sb.rules->len;

      if (k < pairs->len)
        {
          end_a = g_array_index (pairs, IpmAlignPair, k).a;
          end_b = g_array_index (pairs, IpmAlignPair, k).b;
        }
      for (; ia < end_a; ia++)
        ipm_diff_push (dc->ops, IPM_DIFF_OP_REMOVE, partner_a[ia] != 0,
                       ipm_diff_side_pos (&sa, ia),
                       partner_a[ia] != 0
                       ? ipm_diff_side_pos (&sb, partner_a[ia] - 1) : 0,
                       g_ptr_array_index (sa.rules, ia));
      for (; ib < end_b; ib++)
        ipm_diff_push (dc->ops, IPM_DIFF_OP_ADD, partner_b[ib] != 0,
                       partner_b[ib] != 0
                       ? ipm_diff_side_pos (&sa, partner_b[ib] - 1) : 0,
                       ipm_diff_side_pos (&sb, ib),
                       g_ptr_array_index (sb.rules, ib));
      if (k < pairs->len)
        {
          ipm_diff_push (dc->ops, IPM_DIFF_OP_CONTEXT, FALSE,
                         ipm_diff_side_pos (&sa, ia),
                         ipm_diff_side_pos (&sb, ib),
                         g_ptr_array_index (sa.rules, ia));
          ia++;
          ib++;
        }
    }
  return dc;
}

/* Chains of a table pair in iptables-save order: built-ins in kernel
 * order, then user chains by name. */
typedef struct {
  const char *name;
  const IpmChain *old_chain;
  const IpmChain *new_chain;
  gint rank;                /* built-ins: kernel order; user chains: G_MAXINT */
} IpmDiffChainPair;

static gint
ipm_diff_chain_pair_cmp (gconstpointer a, gconstpointer b)
{
  const IpmDiffChainPair *pa = a, *pb = b;

  if (pa->rank != pb->rank)
    return pa->rank < pb->rank ? -1 : 1;
  if (pa->rank != G_MAXINT)
    return 0;
  return strcmp (pa->name, pb->name);
}

static gint
ipm_diff_builtin_rank (const char *table, const IpmChain *chain)
{
  const char *const *builtin = ipm_table_builtin_chains (table);

  if (!chain->builtin)
    return G_MAXINT;
  for (gint i = 0; builtin != NULL && builtin[i] != NULL; i++)
    if (strcmp (builtin[i], chain->name) == 0)
      return i;
  /* A built-in of a table unknown to us: after the known ones, in order. */
  return G_MAXINT - 1;
}

static gboolean
ipm_diff_pairs_sorted (const GArray *pairs, guint from, guint to)
{
  for (guint i = from + 1; i < to; i++)
    if (ipm_diff_chain_pair_cmp (&g_array_index (pairs, IpmDiffChainPair, i - 1),
                                 &g_array_index (pairs, IpmDiffChainPair, i)) > 0)
      return FALSE;
  return TRUE;
}

/* Stable sort of PAIRS, whose [0, SPLIT) and [SPLIT, len) each come from
 * one dump and so are sorted already as a rule: then one merge of the two
 * runs instead of n log n comparisons (equal keys: the first run first,
 * as a stable sort leaves them). */
static GArray *
ipm_diff_sort_pairs (GArray *pairs, guint split)
{
  GArray *merged;
  guint i = 0, j = split;

  if (!ipm_diff_pairs_sorted (pairs, 0, split)
      || !ipm_diff_pairs_sorted (pairs, split, pairs->len))
    {
      g_array_sort (pairs, ipm_diff_chain_pair_cmp);
      return pairs;
    }
  merged = g_array_sized_new (FALSE, FALSE, sizeof (IpmDiffChainPair),
                              pairs->len);
  while (i < split || j < pairs->len)
    {
      const IpmDiffChainPair *a = &g_array_index (pairs, IpmDiffChainPair, i);
      const IpmDiffChainPair *b = &g_array_index (pairs, IpmDiffChainPair, j);

      if (j == pairs->len
          || (i < split && ipm_diff_chain_pair_cmp (a, b) <= 0))
        {
          g_array_append_vals (merged, a, 1);
          i++;
        }
      else
        {
          g_array_append_vals (merged, b, 1);
          j++;
        }
    }
  g_array_unref (pairs);
  return merged;
}

static GArray *
ipm_diff_chain_pairs (const char *table_name, const IpmTable *old_table,
                      const IpmTable *new_table)
{
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (IpmDiffChainPair));
  const IpmTable *sides[] = { old_table, new_table };
  guint split = 0;

  /* every chain of the old side, then those only the new side has */
  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    {
      const IpmTable *other = s == 0 ? new_table : old_table;

      for (guint c = 0; sides[s] != NULL && c < sides[s]->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (sides[s]->chains, c);
          IpmDiffChainPair pair;

          /* each lookup in the other table is a cache miss: start the
           * one a few chains ahead */
          if (other != NULL && c + 8 < sides[s]->chains->len)
            ipm_table_prefetch_chain (other, ((const IpmChain *)
                                              g_ptr_array_index (sides[s]->chains,
                                                                 c + 8))->name);
          pair.name = chain->name;
          if (s == 0)
            {
              pair.old_chain = chain;
              pair.new_chain = new_table != NULL
                ? ipm_table_lookup_chain (new_table, chain->name) : NULL;
            }
          else if (old_table != NULL
                   && ipm_table_has_chain (old_table, chain->name))
            continue;
          else
            {
              pair.old_chain = NULL;
              pair.new_chain = chain;
            }
          pair.rank = ipm_diff_builtin_rank (table_name, chain);
          g_array_append_val (pairs, pair);
        }
      if (s == 0)
        split = pairs->len;
    }
  return ipm_diff_sort_pairs (pairs, split);
}

static void
ipm_diff_table_free (IpmDiffTable *table)
{
  g_ptr_array_unref (table->chains);
  g_free (table);
}

void
ipm_diff_result_free (IpmDiffResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->tables);
  g_free (result);
}

gboolean
ipm_diff_result_equal (const IpmDiffResult *result)
{
  return result->tables->len == 0;
}

static gint
ipm_diff_str_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

gboolean
ipm_diff_options_check (const IpmDiffOptions *options, GError **error)
{
  g_autoptr(IpmRegexList) patterns =
    ipm_regex_list_new (options->ignore_chains, "--ignore-chain", error);

  return patterns != NULL;
}

IpmDiffResult *
ipm_diff_compute (const IpmRuleset *old_rs, const IpmRuleset *new_rs,
                  const IpmDiffOptions *options, GError **error)
{
  g_autoptr(IpmRegexList) patterns =
    ipm_regex_list_new (options->ignore_chains, "--ignore-chain", error);
  g_autoptr(GHashTable) verdicts = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  IpmDiffFilter filter;
  IpmDiffResult *result;

  if (patterns == NULL)
    return NULL;
  verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  filter.patterns = patterns;
  filter.verdicts = verdicts;

  /* Table order never shows: tables by name. */
  for (guint t = 0; t < old_rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (old_rs->tables, t);

      g_ptr_array_add (names, table->name);
    }
  for (guint t = 0; t < new_rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (new_rs->tables, t);
      const char *name = table->name;

      if (ipm_ruleset_lookup_table (old_rs, name) == NULL)
        g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_sort (names, ipm_diff_str_cmp);

  result = g_new0 (IpmDiffResult, 1);
  result->tables =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_diff_table_free);
  for (guint t = 0; t < names->len; t++)
    {
      const char *name = g_ptr_array_index (names, t);
      const IpmTable *old_table = ipm_ruleset_lookup_table (old_rs, name);
      const IpmTable *new_table = ipm_ruleset_lookup_table (new_rs, name);
      g_autoptr(GArray) pairs = ipm_diff_chain_pairs (name, old_table,
                                                      new_table);
      IpmDiffTable *dt = g_new0 (IpmDiffTable, 1);

      dt->name = name;
      dt->status = old_table == NULL ? IPM_DIFF_ADDED
        : new_table == NULL ? IPM_DIFF_REMOVED : IPM_DIFF_CHANGED;
      dt->chains =
        g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_diff_chain_free);
      for (guint c = 0; c < pairs->len; c++)
        {
          IpmDiffChainPair *pair = &g_array_index (pairs, IpmDiffChainPair, c);
          IpmDiffChain *dc;

          if (ipm_diff_chain_ignored (&filter, pair->name))
            continue;
          dc = ipm_diff_chain (pair->name, pair->old_chain, pair->new_chain,
                               &filter, old_table, new_table);
          if (dc == NULL)
            continue;
          g_ptr_array_add (dt->chains, dc);
          result->n_chains++;
          result->n_added += dc->n_added;
          result->n_removed += dc->n_removed;
          result->n_moved += dc->n_moved;
          if (dc->status == IPM_DIFF_CHANGED && dc->policy_changed)
            result->n_policies++;
        }
      /* A table whose chains are all ignored is ignored as well. */
      if (dt->chains->len == 0)
        ipm_diff_table_free (dt);
      else
        g_ptr_array_add (result->tables, dt);
    }
  return result;
}

gboolean
ipm_diff (GString *out, const IpmRuleset *old_rs, const IpmRuleset *new_rs,
          const IpmDiffOptions *options, gboolean *different, GError **error)
{
  g_autoptr(IpmDiffResult) result = ipm_diff_compute (old_rs, new_rs,
                                                      options, error);

  if (result == NULL)
    return FALSE;
  *different = !ipm_diff_result_equal (result);
  switch (options->format)
    {
    case IPM_DIFF_FORMAT_UNIFIED:
      ipm_diff_format_unified (out, result, options);
      break;
    case IPM_DIFF_FORMAT_STAT:
      ipm_diff_format_stat (out, result, options);
      break;
    case IPM_DIFF_FORMAT_JSON:
      ipm_diff_format_json (out, result, options);
      break;
    }
  return TRUE;
}
