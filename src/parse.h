/* parse: iptables-save / iptables-restore text -> script of commands.
 *
 * One pass over the lines.  A script is what the input says, in order: per
 * table, the chain declarations and the commands (-A -I -D -R -N -X -F -P
 * -Z -E).  iptables-save output is a script of ':' and '-A' lines only.
 * Applying a script to an empty ruleset with restore semantics
 * (ipm_script_to_ruleset) gives what iptables-save would print after
 * iptables-restore; merge.c applies it with merge semantics instead.
 * Ownership: g_autoptr(IpmScript).
 */
#ifndef IPM_PARSE_H
#define IPM_PARSE_H

#include <glib.h>

#include "diag.h"
#include "input.h"
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

typedef struct {
  IpmFamily family;          /* IPV4 unless -6 */
  gboolean allow_empty;      /* an input without any table is not an error */
  gboolean keep_text;        /* keep the lines for later diagnostics */
  gboolean allow_invalid_utf8; /* keep bytes that are not UTF-8 (the kernel
                                does) rather than refuse the line */
  gboolean build_ruleset;    /* apply ':' and '-A' lines while parsing
                                (IpmScript.ruleset) rather than keeping a
                                command per line; at the first other command
                                the parser turns what it built back into
                                commands and goes on as without */
  gboolean spans;            /* with build_ruleset: the runs of "-A" lines
                                canonical as written stay lines
                                (IpmSpan), made into rules only when a
                                stage asks (the input is kept meanwhile:
                                ipm_input_retain) */
} IpmParseOptions;

/* Fills LINE with line LINENO of SCRIPT (text only with keep_text). */
void ipm_script_line (const IpmScript *script, guint lineno, IpmLine *line);

/* Parses INPUT.  Syntax and value problems go into DIAGS (all of them, so
 * --check can list them); returns NULL with ERROR set when DIAGS holds
 * errors or reading failed. */
IpmScript *ipm_parse (IpmInput *input, const IpmParseOptions *options,
                      IpmDiags *diags, GError **error);

/* Convenience: parses a file ("-" = stdin). */
IpmScript *ipm_parse_path (const char *path, const IpmParseOptions *options,
                           IpmDiags *diags, GError **error);

const char *ipm_cmd_kind_name (IpmCmdKind kind);

#endif
