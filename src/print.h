/* print: rulesets as iptables-save text.
 *
 * Tables in the ruleset's order; in each, every built-in chain's ':' line
 * (nft resets a missing one to ACCEPT, legacy keeps it), then user chains
 * sorted by name, as iptables-save prints them; then the rules chain by
 * chain in the same order.  No '#' header lines: output is deterministic.
 * Also a script's commands (an overlay), each rule canonical.
 */
#ifndef IPM_PRINT_H
#define IPM_PRINT_H

#include <glib.h>

#include "parse.h"
#include "ruleset.h"

/* Text at which a printer with a flush function hands OUT over. */
#define IPM_PRINT_BLOCK (1024 * 1024)

typedef struct {
  gboolean zero_counters;   /* print [0:0] everywhere */
  /* Optional: called whenever OUT holds IPM_PRINT_BLOCK bytes or more; it
   * writes them and empties OUT, so that a large ruleset is never all in
   * memory as text.  What is left at the end stays in OUT.  Returns FALSE
   * (a write error) to stop printing. */
  gboolean (*flush) (GString *out, gpointer data);
  /* Optional, with FLUSH: writes TEXT[0..LEN) after what FLUSH was given.
   * Spans of lines read as written (IpmSpan) go this way, the spans of
   * consecutive chains at once, instead of being copied into OUT. */
  gboolean (*write) (const char *text, gsize len, gpointer data);
  gpointer flush_data;
} IpmPrintOptions;

/* Returns FALSE when the flush function did. */
gboolean ipm_print_ruleset (GString *out, const IpmRuleset *rs,
                            const IpmPrintOptions *options);

/* "-A CHAIN text" (with "[p:b] " first when the rule carries counters and
 * COUNTERS is TRUE). */
void ipm_print_rule (GString *out, const char *chain, const IpmRule *rule,
                     gboolean counters);

/* SCRIPT's commands as iptables-restore text, in order, each rule in
 * canonical form: per table "*NAME", the ':' and command lines, "COMMIT".
 * No counters: ':' lines show [0:0], rules none.  "-I CHAIN 1 rule" is
 * "-I CHAIN rule" (the same command). */
void ipm_print_script (GString *out, const IpmScript *script);

#endif
