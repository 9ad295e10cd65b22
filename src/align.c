/* align: linear-space Myers diff over rule sequences. */
#include "config.h"

#include <string.h>

#include "align.h"
#include "ruleset.h"

typedef struct {
  IpmRule *const *a;
  IpmRule *const *b;
  gint *vf;          /* forward V, indexed by k + offset */
  gint *vb;          /* backward V */
  gint offset;
  GArray *pairs;
} IpmAligner;

static inline gboolean
ipm_align_eq (const IpmAligner *al, gint i, gint j)
{
  return ipm_rule_equal (al->a[i], al->b[j]);
}

/* Finds the middle snake of a[a0..a1) x b[b0..b1): on return (*x, *y) ..
 * (*u, *v) is a diagonal run on an optimal path. */
static void
ipm_align_middle_snake (IpmAligner *al, gint a0, gint a1, gint b0, gint b1,
                        gint *x_out, gint *y_out, gint *u_out, gint *v_out)
{
  gint n = a1 - a0, m = b1 - b0;
  gint delta = n - m;
  gboolean odd = (delta & 1) != 0;
  gint dmax = (n + m + 1) / 2;
  gint *vf = al->vf, *vb = al->vb, off = al->offset;

  vf[off + 1] = 0;
  vb[off + 1] = 0;
  for (gint d = 0; d <= dmax; d++)
    {
      for (gint k = -d; k <= d; k += 2)
        {
          gint x, y, x0;

          if (k == -d || (k != d && vf[off + k - 1] < vf[off + k + 1]))
            x = vf[off + k + 1];
          else
            x = vf[off + k - 1] + 1;
          y = x - k;
          x0 = x;
          while (x < n && y < m && ipm_align_eq (al, a0 + x, b0 + y))
            x++, y++;
          vf[off + k] = x;
          if (odd && k - delta >= -(d - 1) && k - delta <= d - 1
              && x + vb[off + delta - k] >= n)
            {
              *x_out = a0 + x0;
              *y_out = b0 + x0 - k;
              *u_out = a0 + x;
              *v_out = b0 + y;
              return;
            }
        }
      for (gint k = -d; k <= d; k += 2)
        {
          gint x, y, x0;

          if (k == -d || (k != d && vb[off + k - 1] < vb[off + k + 1]))
            x = vb[off + k + 1];
          else
            x = vb[off + k - 1] + 1;
          y = x - k;
          x0 = x;
          while (x < n && y < m
                 && ipm_align_eq (al, a1 - 1 - x, b1 - 1 - y))
            x++, y++;
          vb[off + k] = x;
          if (!odd && delta - k >= -d && delta - k <= d
              && x + vf[off + delta - k] >= n)
            {
              *x_out = a1 - x;
              *y_out = b1 - y;
              *u_out = a1 - x0;
              *v_out = b1 - (x0 - k);
              return;
            }
        }
    }
  g_assert_not_reached ();
}

static void
ipm_align_emit (IpmAligner *al, gint a0, gint b0, gint len)
{
  for (gint i = 0; i < len; i++)
    {
      IpmAlignPair p = { a0 + i, b0 + i };
      g_array_append_val (al->pairs, p);
    }
}

static void
ipm_align_rec (IpmAligner *al, gint a0, gint a1, gint b0, gint b1)
{
  gint pre = 0, suf = 0;
  gint x, y, u, v;

  while (a0 + pre < a1 && b0 + pre < b1 && ipm_align_eq (al, a0 + pre, b0 + pre))
    pre++;
  ipm_align_emit (al, a0, b0, pre);
  a0 += pre;
  b0 += pre;
  while (a1 - suf > a0 && b1 - suf > b0
         && ipm_align_eq (al, a1 - 1 - suf, b1 - 1 - suf))
    suf++;
  a1 -= suf;
  b1 -= suf;
  if (a0 < a1 && b0 < b1)
    {
      ipm_align_middle_snake (al, a0, a1, b0, b1, &x, &y, &u, &v);
      ipm_align_rec (al, a0, x, b0, y);
      ipm_align_emit (al, x, y, u - x);
      ipm_align_rec (al, u, a1, v, b1);
    }
  ipm_align_emit (al, a1, b1, suf);
}

GArray *
ipm_align_rules (const GPtrArray *a, const GPtrArray *b)
{
  IpmAligner al;
  gint n = a->len, m = b->len;
  gsize size = n + m + 3;

  al.a = (IpmRule *const *) a->pdata;
  al.b = (IpmRule *const *) b->pdata;
  al.offset = (n + m) / 2 + 1;
  al.vf = g_new0 (gint, size + 2 * al.offset);
  al.vb = g_new0 (gint, size + 2 * al.offset);
  al.offset = (size + 2 * al.offset) / 2;
  al.pairs = g_array_new (FALSE, FALSE, sizeof (IpmAlignPair));
  ipm_align_rec (&al, 0, n, 0, m);
  g_free (al.vf);
  g_free (al.vb);
  return al.pairs;
}

/* ---- common rules only (merge anchors, delta) ---- */

guint
ipm_align_rule_hash (gconstpointer rule)
{
  return ipm_rule_hash (rule);
}

gboolean
ipm_align_rule_equal (gconstpointer a, gconstpointer b)
{
  return ipm_rule_equal (a, b);
}

GHashTable *
ipm_align_rule_set (const GPtrArray *rules)
{
  GHashTable *set = g_hash_table_new (ipm_align_rule_hash,
                                      ipm_align_rule_equal);

  for (guint i = 0; i < rules->len; i++)
    g_hash_table_add (set, g_ptr_array_index (rules, i));
  return set;
}

/* Keeps the rules of FROM that OTHER has, remembering their indices. */
static void
ipm_align_filter_common (const GPtrArray *from, GHashTable *other,
                         GPtrArray *kept, GArray *index)
{
  for (guint i = 0; i < from->len; i++)
    {
      IpmRule *rule = g_ptr_array_index (from, i);

      if (g_hash_table_contains (other, rule))
        {
          g_ptr_array_add (kept, rule);
          g_array_append_val (index, i);
        }
    }
}

GArray *
ipm_align_common (const GPtrArray *a, const GPtrArray *b)
{
  g_autoptr(GHashTable) in_a = NULL;
  g_autoptr(GHashTable) in_b = NULL;
  g_autoptr(GPtrArray) fa = g_ptr_array_new ();
  g_autoptr(GPtrArray) fb = g_ptr_array_new ();
  g_autoptr(GArray) ia = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ib = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *pairs;

  if (a->len == 0 || b->len == 0)
    return g_array_new (FALSE, FALSE, sizeof (IpmAlignPair));
  /* Myers costs O((N+M)D); rules only one side has would all count in D
   * (a 5-rule layer chain against a 700k-rule host chain), so align only the
   * common ones: same LCS, D now counts reorderings only. */
  in_a = ipm_align_rule_set (a);
  in_b = ipm_align_rule_set (b);
  ipm_align_filter_common (a, in_b, fa, ia);
  ipm_align_filter_common (b, in_a, fb, ib);
  if (fa->len == 0 || fb->len == 0)
    return g_array_new (FALSE, FALSE, sizeof (IpmAlignPair));
  pairs = ipm_align_rules (fa, fb);
  for (guint i = 0; i < pairs->len; i++)
    {
      IpmAlignPair *p = &g_array_index (pairs, IpmAlignPair, i);

      p->a = g_array_index (ia, guint, p->a);
      p->b = g_array_index (ib, guint, p->b);
    }
  return pairs;
}
