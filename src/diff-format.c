/* diff-format: an IpmDiffResult as a unified diff, a --stat summary or
 * JSON.  The formats are documented at the top of diff.c. */
#include "config.h"

#include <string.h>

#include "diff.h"
#include "print.h"

/* git's default colours (color.diff.*). */
#define IPM_SGR_META      "\033[1m"
#define IPM_SGR_FRAG      "\033[36m"
#define IPM_SGR_OLD       "\033[31m"
#define IPM_SGR_NEW       "\033[32m"
#define IPM_SGR_OLD_MOVED "\033[1;35m"
#define IPM_SGR_NEW_MOVED "\033[1;36m"
#define IPM_SGR_RESET     "\033[m"

static void
ipm_diff_sgr (GString *out, gboolean color, const char *sgr)
{
  if (color)
    g_string_append (out, sgr);
}

/* Unified */

/* "ACCEPT", "DROP", or "-" for a user chain, as iptables-save prints it. */
static const char *
ipm_diff_policy (const IpmChain *chain)
{
  return chain->policy != NULL ? chain->policy : "-";
}

static gboolean
ipm_diff_op_on_old (const IpmDiffOp *op)
{
  return op->kind != IPM_DIFF_OP_ADD;
}

static gboolean
ipm_diff_op_on_new (const IpmDiffOp *op)
{
  return op->kind != IPM_DIFF_OP_REMOVE;
}

static void
ipm_diff_range (GString *out, char sign, guint start, guint count)
{
  g_string_append_printf (out, "%c%u", sign, start);
  if (count != 1)
    g_string_append_printf (out, ",%u", count);
}

static void
ipm_diff_line (GString *out, const IpmDiffChain *dc, const IpmDiffOp *op,
               gboolean color)
{
  const char *sgr = NULL;
  char sign = ' ';

  if (op->kind == IPM_DIFF_OP_REMOVE)
    {
      sign = '-';
      sgr = op->moved ? IPM_SGR_OLD_MOVED : IPM_SGR_OLD;
    }
  else if (op->kind == IPM_DIFF_OP_ADD)
    {
      sign = '+';
      sgr = op->moved ? IPM_SGR_NEW_MOVED : IPM_SGR_NEW;
    }
  if (sgr != NULL)
    ipm_diff_sgr (out, color, sgr);
  g_string_append_c (out, sign);
  if (op->rule == NULL)
    {
      const IpmChain *chain = op->kind == IPM_DIFF_OP_ADD
        ? dc->new_chain : dc->old_chain;

      g_string_append_printf (out, ":%s %s\n", dc->name,
                              ipm_diff_policy (chain));
    }
  else
    ipm_print_rule (out, dc->name, op->rule, FALSE);
  if (op->moved)
    {
      /* Not valid iptables-restore input on purpose ('#' after text is
       * rejected), so a pasted annotated line fails loudly. */
      g_string_truncate (out, out->len - 1);
      if (op->kind == IPM_DIFF_OP_REMOVE)
        g_string_append_printf (out, "  # moved to rule %u\n", op->new_pos);
      else
        g_string_append_printf (out, "  # moved from rule %u\n", op->old_pos);
    }
  if (sgr != NULL && color)
    {
      g_string_truncate (out, out->len - 1);
      g_string_append (out, IPM_SGR_RESET "\n");
    }
}

/* One hunk: ops [FIRST, LAST), LAST_OLD/LAST_NEW the positions of the last
 * line of each side before it (for an empty side's range, as diff does). */
static void
ipm_diff_hunk (GString *out, const char *table, const IpmDiffChain *dc,
               guint first, guint last, guint last_old, guint last_new,
               gboolean color)
{
  guint old_start = last_old, new_start = last_new;
  guint old_count = 0, new_count = 0;

  for (guint k = first; k < last; k++)
    {
      const IpmDiffOp *op = &g_array_index (dc->ops, IpmDiffOp, k);

      if (ipm_diff_op_on_old (op) && old_count++ == 0)
        old_start = op->old_pos;
      if (ipm_diff_op_on_new (op) && new_count++ == 0)
        new_start = op->new_pos;
    }
  ipm_diff_sgr (out, color, IPM_SGR_FRAG);
  g_string_append (out, "@@ ");
  ipm_diff_range (out, '-', old_start, old_count);
  g_string_append_c (out, ' ');
  ipm_diff_range (out, '+', new_start, new_count);
  g_string_append (out, " @@");
  ipm_diff_sgr (out, color, IPM_SGR_RESET);
  g_string_append_printf (out, " *%s %s\n", table, dc->name);
  for (guint k = first; k < last; k++)
    ipm_diff_line (out, dc, &g_array_index (dc->ops, IpmDiffOp, k), color);
}

static gboolean
ipm_diff_is_context (const IpmDiffChain *dc, guint k)
{
  return g_array_index (dc->ops, IpmDiffOp, k).kind == IPM_DIFF_OP_CONTEXT;
}

/* Splits a chain's ops into hunks with CONTEXT lines around each change;
 * changes closer than 2 * CONTEXT share a hunk, as in diff -U. */
static void
ipm_diff_chain_hunks (GString *out, const char *table, const IpmDiffChain *dc,
                      guint context, gboolean color)
{
  guint n = dc->ops->len;
  guint k = 0;
  guint last_old = 0, last_new = 0;   /* position of the last line passed */
  guint scanned = 0;                  /* ops up to here are in last_old/new */

  while (k < n)
    {
      guint first, last, end_change;

      while (k < n && ipm_diff_is_context (dc, k))
        k++;
      if (k == n)
        break;
      first = k > context ? k - context : 0;
      end_change = k;
      /* Extend over changes whose context would touch or overlap. */
      for (guint j = k + 1; j < n; j++)
        {
          if (ipm_diff_is_context (dc, j))
            {
              if (j - end_change > 2 * context)
                break;
              continue;
            }
          end_change = j;
        }
      last = MIN (n, end_change + 1 + context);
      for (; scanned < first; scanned++)
        {
          const IpmDiffOp *op = &g_array_index (dc->ops, IpmDiffOp, scanned);

          if (ipm_diff_op_on_old (op))
            last_old = op->old_pos;
          if (ipm_diff_op_on_new (op))
            last_new = op->new_pos;
        }
      ipm_diff_hunk (out, table, dc, first, last, last_old, last_new, color);
      k = last;
    }
}

void
ipm_diff_format_unified (GString *out, const IpmDiffResult *result,
                         const IpmDiffOptions *options)
{
  gboolean color = options->color;

  if (ipm_diff_result_equal (result))
    return;
  ipm_diff_sgr (out, color, IPM_SGR_META);
  g_string_append_printf (out, "--- %s", options->old_name);
  ipm_diff_sgr (out, color, IPM_SGR_RESET);
  g_string_append_c (out, '\n');
  ipm_diff_sgr (out, color, IPM_SGR_META);
  g_string_append_printf (out, "+++ %s", options->new_name);
  ipm_diff_sgr (out, color, IPM_SGR_RESET);
  g_string_append_c (out, '\n');
  for (guint t = 0; t < result->tables->len; t++)
    {
      const IpmDiffTable *dt = g_ptr_array_index (result->tables, t);

      for (guint c = 0; c < dt->chains->len; c++)
        ipm_diff_chain_hunks (out, dt->name, g_ptr_array_index (dt->chains, c),
                              options->context, color);
    }
}

/* Stat */

static const char *
ipm_diff_status_word (IpmDiffStatus status)
{
  switch (status)
    {
    case IPM_DIFF_ADDED:
      return "added";
    case IPM_DIFF_REMOVED:
      return "removed";
    case IPM_DIFF_CHANGED:
    default:
      return "changed";
    }
}

static void
ipm_diff_stat_part (GString *out, gboolean *first, gboolean color,
                    const char *sgr, const char *format, ...)
  G_GNUC_PRINTF (5, 6);

static void
ipm_diff_stat_part (GString *out, gboolean *first, gboolean color,
                    const char *sgr, const char *format, ...)
{
  va_list ap;

  if (!*first)
    g_string_append (out, ", ");
  *first = FALSE;
  if (sgr != NULL)
    ipm_diff_sgr (out, color, sgr);
  va_start (ap, format);
  g_string_append_vprintf (out, format, ap);
  va_end (ap);
  if (sgr != NULL)
    ipm_diff_sgr (out, color, IPM_SGR_RESET);
}

static void
ipm_diff_stat_chain (GString *out, const IpmDiffChain *dc, guint width,
                     gboolean color)
{
  gboolean first = TRUE;

  g_string_append_printf (out, "  %-*s | ", (int) width, dc->name);
  if (dc->status == IPM_DIFF_ADDED)
    ipm_diff_stat_part (out, &first, color, IPM_SGR_NEW, "chain added");
  else if (dc->status == IPM_DIFF_REMOVED)
    ipm_diff_stat_part (out, &first, color, IPM_SGR_OLD, "chain removed");
  else if (dc->policy_changed)
    ipm_diff_stat_part (out, &first, color, NULL, "policy %s -> %s",
                        ipm_diff_policy (dc->old_chain),
                        ipm_diff_policy (dc->new_chain));
  if (dc->n_added > 0)
    ipm_diff_stat_part (out, &first, color, IPM_SGR_NEW, "%u added",
                        dc->n_added);
  if (dc->n_removed > 0)
    ipm_diff_stat_part (out, &first, color, IPM_SGR_OLD, "%u removed",
                        dc->n_removed);
  if (dc->n_moved > 0)
    ipm_diff_stat_part (out, &first, color, IPM_SGR_NEW_MOVED, "%u moved",
                        dc->n_moved);
  g_string_append_c (out, '\n');
}

void
ipm_diff_format_stat (GString *out, const IpmDiffResult *result,
                      const IpmDiffOptions *options)
{
  gboolean color = options->color;
  guint width = 0;
  guint n_tables = result->tables->len;

  if (ipm_diff_result_equal (result))
    return;
  for (guint t = 0; t < n_tables; t++)
    {
      const IpmDiffTable *dt = g_ptr_array_index (result->tables, t);

      for (guint c = 0; c < dt->chains->len; c++)
        {
          const IpmDiffChain *dc = g_ptr_array_index (dt->chains, c);

          width = MAX (width, strlen (dc->name));
        }
    }
  for (guint t = 0; t < n_tables; t++)
    {
      const IpmDiffTable *dt = g_ptr_array_index (result->tables, t);

      ipm_diff_sgr (out, color, IPM_SGR_META);
      g_string_append_printf (out, "*%s", dt->name);
      ipm_diff_sgr (out, color, IPM_SGR_RESET);
      if (dt->status != IPM_DIFF_CHANGED)
        g_string_append_printf (out, " (table %s)",
                                ipm_diff_status_word (dt->status));
      g_string_append_c (out, '\n');
      for (guint c = 0; c < dt->chains->len; c++)
        ipm_diff_stat_chain (out, g_ptr_array_index (dt->chains, c), width,
                             color);
    }
  g_string_append_printf (out, "%u table%s, %u chain%s changed: "
                          "%u rule%s added, %u removed, %u moved, "
                          "%u polic%s changed\n",
                          n_tables, n_tables == 1 ? "" : "s",
                          result->n_chains, result->n_chains == 1 ? "" : "s",
                          result->n_added, result->n_added == 1 ? "" : "s",
                          result->n_removed, result->n_moved,
                          result->n_policies,
                          result->n_policies == 1 ? "y" : "ies");
}

/* JSON */

/* Appends S as a JSON string.  Control bytes are escaped; bytes that are
 * not UTF-8 become U+FFFD, since JSON text must be Unicode (the unified
 * diff keeps them byte for byte). */
void
ipm_diff_json_string (GString *out, const char *s)
{
  const char *p = s;
  gsize left = strlen (s);

  g_string_append_c (out, '"');
  while (left > 0)
    {
      guchar c = (guchar) *p;
      gunichar u;
      const char *next;

      if (c < 0x80)
        {
          switch (c)
            {
            case '"':
              g_string_append (out, "\\\"");
              break;
            case '\\':
              g_string_append (out, "\\\\");
              break;
            case '\n':
              g_string_append (out, "\\n");
              break;
            case '\t':
              g_string_append (out, "\\t");
              break;
            case '\r':
              g_string_append (out, "\\r");
              break;
            default:
              if (c < 0x20 || c == 0x7f)
                g_string_append_printf (out, "\\u%04x", c);
              else
                g_string_append_c (out, (char) c);
            }
          p++;
          left--;
          continue;
        }
      u = g_utf8_get_char_validated (p, left);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          g_string_append (out, "\\ufffd");
          p++;
          left--;
          continue;
        }
      next = g_utf8_next_char (p);
      g_string_append_len (out, p, next - p);
      left -= next - p;
      p = next;
    }
  g_string_append_c (out, '"');
}

void
ipm_diff_json_string_or_null (GString *out, const char *s)
{
  if (s == NULL)
    g_string_append (out, "null");
  else
    ipm_diff_json_string (out, s);
}

static void
ipm_diff_json_rule (GString *out, const char *chain, const IpmRule *rule)
{
  g_autoptr(GString) line = g_string_new (NULL);

  ipm_print_rule (line, chain, rule, FALSE);
  g_string_truncate (line, line->len - 1);
  ipm_diff_json_string (out, line->str);
}

static void
ipm_diff_json_policy (GString *out, const IpmChain *chain)
{
  if (chain == NULL)
    g_string_append (out, "null");
  else
    ipm_diff_json_string (out, ipm_diff_policy (chain));
}

/* One of the "added", "removed", "moved" lists of a chain. */
static void
ipm_diff_json_ops (GString *out, const IpmDiffChain *dc, const char *key,
                   IpmDiffOpKind kind, gboolean moved)
{
  gboolean first = TRUE;

  g_string_append_printf (out, "\"%s\": [", key);
  for (guint k = 0; k < dc->ops->len; k++)
    {
      const IpmDiffOp *op = &g_array_index (dc->ops, IpmDiffOp, k);

      if (op->kind != kind || op->rule == NULL || op->moved != moved)
        continue;
      g_string_append (out, first ? "\n" : ",\n");
      first = FALSE;
      if (moved)
        g_string_append_printf (out, "         {\"from\": %u, \"to\": %u, "
                                "\"rule\": ", op->old_pos, op->new_pos);
      else
        g_string_append_printf (out, "         {\"position\": %u, \"rule\": ",
                                kind == IPM_DIFF_OP_ADD
                                ? op->new_pos : op->old_pos);
      ipm_diff_json_rule (out, dc->name, op->rule);
      g_string_append_c (out, '}');
    }
  g_string_append (out, first ? "]" : "\n       ]");
}

void
ipm_diff_format_json (GString *out, const IpmDiffResult *result,
                      const IpmDiffOptions *options)
{
  g_string_append (out, "{\n  \"version\": 1,\n  \"old\": ");
  ipm_diff_json_string (out, options->old_name != NULL
                             ? options->old_name : "");
  g_string_append (out, ",\n  \"new\": ");
  ipm_diff_json_string (out, options->new_name != NULL
                             ? options->new_name : "");
  g_string_append_printf (out, ",\n  \"equal\": %s,\n",
                          ipm_diff_result_equal (result) ? "true" : "false");
  g_string_append_printf (out, "  \"summary\": {\"tables\": %u, "
                          "\"chains\": %u, "
                          "\"added\": %u, \"removed\": %u, \"moved\": %u, "
                          "\"policies\": %u},\n",
                          result->tables->len, result->n_chains,
                          result->n_added, result->n_removed, result->n_moved,
                          result->n_policies);
  g_string_append (out, "  \"tables\": [");
  for (guint t = 0; t < result->tables->len; t++)
    {
      const IpmDiffTable *dt = g_ptr_array_index (result->tables, t);

      g_string_append (out, t == 0 ? "\n" : ",\n");
      g_string_append (out, "    {\"name\": ");
      ipm_diff_json_string (out, dt->name);
      g_string_append_printf (out, ", \"status\": \"%s\", \"chains\": [",
                              ipm_diff_status_word (dt->status));
      for (guint c = 0; c < dt->chains->len; c++)
        {
          const IpmDiffChain *dc = g_ptr_array_index (dt->chains, c);

          g_string_append (out, c == 0 ? "\n" : ",\n");
          g_string_append (out, "      {\"name\": ");
          ipm_diff_json_string (out, dc->name);
          g_string_append_printf (out, ", \"status\": \"%s\",\n"
                                  "       \"policy\": ",
                                  ipm_diff_status_word (dc->status));
          if (!dc->policy_changed)
            g_string_append (out, "null");
          else
            {
              g_string_append (out, "{\"old\": ");
              ipm_diff_json_policy (out, dc->old_chain);
              g_string_append (out, ", \"new\": ");
              ipm_diff_json_policy (out, dc->new_chain);
              g_string_append_c (out, '}');
            }
          g_string_append (out, ",\n       ");
          ipm_diff_json_ops (out, dc, "added", IPM_DIFF_OP_ADD, FALSE);
          g_string_append (out, ",\n       ");
          ipm_diff_json_ops (out, dc, "removed", IPM_DIFF_OP_REMOVE, FALSE);
          g_string_append (out, ",\n       ");
          ipm_diff_json_ops (out, dc, "moved", IPM_DIFF_OP_REMOVE, TRUE);
          g_string_append (out, "}");
        }
      g_string_append (out, dt->chains->len > 0 ? "\n    ]}" : "]}");
    }
  g_string_append (out, result->tables->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
}
