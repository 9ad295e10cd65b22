/* script: the parser's output (see script.h). */
#include "config.h"

#include <string.h>

#include "script.h"

/* Commands are allocated in blocks owned by the script. */
#define IPM_CMD_BLOCK 4096

static void
ipm_cmd_clear (IpmCmd *cmd)
{
  if (cmd->rule != NULL)
    ipm_rule_unref (cmd->rule);
}

static void
ipm_script_table_free (IpmScriptTable *table)
{
  g_free (table->name);
  g_ptr_array_unref (table->cmds);
  g_free (table);
}

IpmScript *
ipm_script_new (void)
{
  IpmScript *script = g_new0 (IpmScript, 1);

  script->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_script_table_free);
  script->only_dump_lines = TRUE;
  script->cmd_blocks = g_ptr_array_new_with_free_func (g_free);
  script->strings = g_string_chunk_new (64 * 1024);
  return script;
}

IpmScriptTable *
ipm_script_add_table (IpmScript *script, char *name, const IpmLoc *loc)
{
  IpmScriptTable *table = g_new0 (IpmScriptTable, 1);

  table->name = name;
  table->loc = *loc;
  table->cmds = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_cmd_clear);
  g_ptr_array_add (script->tables, table);
  return table;
}

void
ipm_script_free (IpmScript *script)
{
  if (script == NULL)
    return;
  g_ptr_array_unref (script->tables);
  if (script->lines != NULL)
    g_ptr_array_unref (script->lines);
  g_ptr_array_unref (script->cmd_blocks);
  g_string_chunk_free (script->strings);
  ipm_ruleset_free (script->ruleset);
  g_free (script);
}

const char *
ipm_cmd_kind_name (IpmCmdKind kind)
{
  static const char *const names[] = {
    [IPM_CMD_DECLARE] = ":", [IPM_CMD_APPEND] = "-A", [IPM_CMD_INSERT] = "-I",
    [IPM_CMD_DELETE] = "-D", [IPM_CMD_REPLACE] = "-R",
    [IPM_CMD_NEW_CHAIN] = "-N", [IPM_CMD_DELETE_CHAIN] = "-X",
    [IPM_CMD_FLUSH] = "-F", [IPM_CMD_POLICY] = "-P", [IPM_CMD_ZERO] = "-Z",
    [IPM_CMD_RENAME] = "-E", [IPM_CMD_CHECK] = "-C",
  };
  return names[kind];
}

/* Adds a command at the end of TABLE. */
IpmCmd *
ipm_script_add_cmd (IpmScript *script, IpmScriptTable *table, IpmCmdKind kind,
                    const IpmLoc *loc, guint col)
{
  IpmCmd *cmd;

  if (script->cmd_blocks->len == 0 || script->cmd_block_used == IPM_CMD_BLOCK)
    {
      g_ptr_array_add (script->cmd_blocks, g_new0 (IpmCmd, IPM_CMD_BLOCK));
      script->cmd_block_used = 0;
    }
  cmd = (IpmCmd *) g_ptr_array_index (script->cmd_blocks,
                                      script->cmd_blocks->len - 1)
        + script->cmd_block_used++;

  cmd->kind = kind;
  cmd->loc = *loc;
  cmd->col = col;
  g_ptr_array_add (table->cmds, cmd);
  return cmd;
}

void
ipm_script_line (const IpmScript *script, guint lineno, IpmLine *line)
{
  const char *text = NULL;

  if (script->lines != NULL && lineno >= 1 && lineno <= script->lines->len)
    text = g_ptr_array_index (script->lines, lineno - 1);
  line->file = script->file;
  line->lineno = lineno;
  line->text = text != NULL ? text : "";
  line->len = strlen (line->text);
  line->plain = FALSE;
}
