/* script: what a dump or overlay says, in order: per table, the chain
 * declarations and the commands (-A -I -D -R -N -X -F -P -Z -E -C).  Made
 * by parse.c, applied by apply.c (restore semantics) or merge.c.  Its own
 * module so that the applier needs the parser's output, not the parser.
 * Ownership: g_autoptr(IpmScript).
 */
#ifndef IPM_SCRIPT_H
#define IPM_SCRIPT_H

#include <glib.h>

#include "diag.h"
#include "ruleset.h"

typedef enum {
  IPM_CMD_DECLARE,   /* :CHAIN POLICY [p:b] */
  IPM_CMD_APPEND,    /* -A CHAIN rule */
  IPM_CMD_INSERT,    /* -I CHAIN [N] rule */
  IPM_CMD_DELETE,    /* -D CHAIN rule | -D CHAIN N */
  IPM_CMD_REPLACE,   /* -R CHAIN N rule */
  IPM_CMD_NEW_CHAIN, /* -N CHAIN */
  IPM_CMD_DELETE_CHAIN, /* -X [CHAIN] */
  IPM_CMD_FLUSH,     /* -F [CHAIN] */
  IPM_CMD_POLICY,    /* -P CHAIN POLICY */
  IPM_CMD_ZERO,      /* -Z [CHAIN] */
  IPM_CMD_RENAME,    /* -E OLD NEW */
  IPM_CMD_CHECK,     /* -C CHAIN rule: the rule must be there (ipmerge
                        --delta's guard against a restore without
                        --noflush) */
} IpmCmdKind;

typedef struct {
  IpmCmdKind kind;
  char *chain;       /* NULL for -X/-F/-Z without a chain; owned by the
                        script */
  char *arg;         /* policy for DECLARE/POLICY ("-" for user chains),
                        new name for RENAME; owned by the script */
  guint index;       /* 1-based rule number for -I/-D/-R; 0 if none */
  IpmRule *rule;     /* for APPEND/INSERT/REPLACE/CHECK/DELETE-by-rule */
  IpmCounters counters;   /* DECLARE: [p:b] */
  IpmLoc loc;
  guint col;         /* column of the command word, for diagnostics */
  guint chain_col;   /* column of the chain name */
} IpmCmd;

typedef struct {
  char *name;
  IpmLoc loc;
  GPtrArray *cmds;   /* IpmCmd* */
} IpmScriptTable;

typedef struct {
  const char *file;          /* interned display name */
  IpmFamily family;
  GPtrArray *tables;         /* IpmScriptTable*, in input order; a table
                                named twice appears twice */
  guint n_lines;
  gboolean only_dump_lines;  /* nothing but ':' and '-A': a reference dump */
  IpmRuleset *ruleset;       /* with IpmParseOptions.build_ruleset, while
                                only_dump_lines: the ruleset the ':' and '-A'
                                lines give, built as they are read (the
                                tables then hold no commands); see
                                ipm_apply_script */
  GPtrArray *lines;          /* char* by line number - 1, only with
                                IpmParseOptions.keep_text (--check) */
  /* private: storage of the commands and of their chain names and
   * arguments (a few large blocks rather than one allocation each) */
  GPtrArray *cmd_blocks;
  guint cmd_block_used;
  GStringChunk *strings;
} IpmScript;

void ipm_script_free (IpmScript *script);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmScript, ipm_script_free)

/* Fills LINE with line LINENO of SCRIPT (text only with keep_text). */
void ipm_script_line (const IpmScript *script, guint lineno, IpmLine *line);

/* An empty script (only_dump_lines until a command says otherwise). */
IpmScript *ipm_script_new (void);

/* A new, empty table NAME (taken) at the end of SCRIPT. */
IpmScriptTable *ipm_script_add_table (IpmScript *script, char *name,
                                      const IpmLoc *loc);

/* Adds a command at the end of TABLE (stored in SCRIPT's blocks). */
IpmCmd *ipm_script_add_cmd (IpmScript *script, IpmScriptTable *table,
                            IpmCmdKind kind, const IpmLoc *loc, guint col);

/* "-A", ":", ... */
const char *ipm_cmd_kind_name (IpmCmdKind kind);

#endif
