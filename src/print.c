/* print: iptables-save text. */
#include "config.h"

#include <string.h>

#include "print.h"
#include "strbuf.h"

/* "[PACKETS:BYTES]" */
static void
ipm_print_counters (GString *out, guint64 packets, guint64 bytes)
{
  g_string_append_c (out, '[');
  ipm_strbuf_append_uint (out, packets);
  g_string_append_c (out, ':');
  ipm_strbuf_append_uint (out, bytes);
  g_string_append_c (out, ']');
}

/* CHAIN is CHAIN_LEN bytes: a chain's rules print with one strlen. */
static void
ipm_print_rule_len (GString *out, const char *chain, gsize chain_len,
                    const IpmRule *rule, gboolean counters)
{
  gsize need = 3 + chain_len + (rule->text_len > 0 ? 1 + rule->text_len : 0)
               + 1;
  char *p;

  if (counters && rule->counters.present)
    {
      ipm_print_counters (out, rule->counters.packets, rule->counters.bytes);
      g_string_append_c (out, ' ');
    }
  /* "-A CHAIN TEXT\n" copied at once: one capacity check per rule */
  ipm_strbuf_reserve (out, need);
  p = out->str + out->len;
  memcpy (p, "-A ", 3);
  memcpy (p + 3, chain, chain_len);
  p += 3 + chain_len;
  if (rule->text_len > 0)
    {
      *p++ = ' ';
      memcpy (p, rule->text, rule->text_len);
      p += rule->text_len;
    }
  *p++ = '\n';
  *p = '\0';
  out->len += need;
}

void
ipm_print_rule (GString *out, const char *chain, const IpmRule *rule,
                gboolean counters)
{
  ipm_print_rule_len (out, chain, strlen (chain), rule, counters);
}

static gboolean
ipm_print_maybe_flush (GString *out, const IpmPrintOptions *options)
{
  if (options->flush == NULL || out->len < IPM_PRINT_BLOCK)
    return TRUE;
  return options->flush (out, options->flush_data);
}

/* Spans of lines waiting for IpmPrintOptions.write: the lines of
 * consecutive chains are consecutive in the input too. */
typedef struct {
  const char *text;
  gsize len;
} IpmPending;

/* Writes what OUT holds, then PENDING. */
static gboolean
ipm_print_pending (GString *out, IpmPending *pending,
                   const IpmPrintOptions *options)
{
  if (pending->len == 0)
    return TRUE;
  if (!options->flush (out, options->flush_data)
      || !options->write (pending->text, pending->len, options->flush_data))
    return FALSE;
  pending->text = NULL;
  pending->len = 0;
  return TRUE;
}

gboolean
ipm_print_ruleset (GString *out, const IpmRuleset *rs,
                   const IpmPrintOptions *options)
{
  gboolean direct = options->flush != NULL && options->write != NULL;
  IpmPending pending = { NULL, 0 };

  for (guint t = 0; t < rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (rs->tables, t);
      g_autoptr(GPtrArray) order = ipm_table_chains_in_save_order (table);

      g_string_append_printf (out, "*%s\n", table->name);
      for (guint c = 0; c < order->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (order, c);
          guint64 packets = 0, bytes = 0;

          if (!options->zero_counters)
            {
              packets = chain->counters.packets;
              bytes = chain->counters.bytes;
            }
          g_string_append_c (out, ':');
          ipm_strbuf_append_len (out, chain->name, chain->name_len);
          g_string_append_c (out, ' ');
          ipm_strbuf_append (out, chain->policy != NULL ? chain->policy : "-");
          /* most chains of a dump: no counters to format */
          if (packets == 0 && bytes == 0)
            ipm_strbuf_append_len (out, " [0:0]\n", 7);
          else
            {
              g_string_append_c (out, ' ');
              ipm_print_counters (out, packets, bytes);
              g_string_append_c (out, '\n');
            }
          if (!ipm_print_maybe_flush (out, options))
            return FALSE;
        }
      for (guint c = 0; c < order->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (order, c);
          const GPtrArray *rules;

          /* lines taken as written, without counters: printed as read */
          if (chain->span.text != NULL && direct)
            {
              if (pending.len > 0
                  && pending.text + pending.len != chain->span.text
                  && !ipm_print_pending (out, &pending, options))
                return FALSE;
              if (pending.len == 0)
                pending.text = chain->span.text;
              pending.len += chain->span.len;
              continue;
            }
          if (chain->span.text != NULL)
            {
              ipm_strbuf_append_len (out, chain->span.text, chain->span.len);
              if (!ipm_print_maybe_flush (out, options))
                return FALSE;
              continue;
            }
          rules = chain->rule_array;
          if (rules != NULL && rules->len > 0
              && !ipm_print_pending (out, &pending, options))
            return FALSE;
          for (guint r = 0; rules != NULL && r < rules->len; r++)
            {
              ipm_print_rule_len (out, chain->name, chain->name_len,
                                  g_ptr_array_index (rules, r),
                                  !options->zero_counters);
              if (!ipm_print_maybe_flush (out, options))
                return FALSE;
            }
        }
      if (!ipm_print_pending (out, &pending, options))
        return FALSE;
      ipm_strbuf_append (out, "COMMIT\n");
    }
  return TRUE;
}

void
ipm_print_script (GString *out, const IpmScript *script)
{
  for (guint t = 0; t < script->tables->len; t++)
    {
      const IpmScriptTable *table = g_ptr_array_index (script->tables, t);

      g_string_append_printf (out, "*%s\n", table->name);
      for (guint c = 0; c < table->cmds->len; c++)
        {
          const IpmCmd *cmd = g_ptr_array_index (table->cmds, c);
          guint index = cmd->index;

          if (cmd->kind == IPM_CMD_DECLARE)
            {
              g_string_append_printf (out, ":%s %s [0:0]\n", cmd->chain,
                                      cmd->arg);
              continue;
            }
          if (cmd->kind == IPM_CMD_INSERT && index == 1)
            index = 0;
          g_string_append (out, ipm_cmd_kind_name (cmd->kind));
          if (cmd->chain != NULL)
            g_string_append_printf (out, " %s", cmd->chain);
          if (index > 0)
            g_string_append_printf (out, " %u", index);
          if (cmd->arg != NULL)
            g_string_append_printf (out, " %s", cmd->arg);
          if (cmd->rule != NULL && cmd->rule->text_len > 0)
            g_string_append_printf (out, " %s", cmd->rule->text);
          g_string_append_c (out, '\n');
        }
      g_string_append (out, "COMMIT\n");
    }
}
