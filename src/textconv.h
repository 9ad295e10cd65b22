/* textconv: the text git compares for a rules file (ipmerge --textconv as
 * git's diff.<driver>.textconv).
 *
 * git stops "git log -p" and "git show" at the first file its textconv
 * command fails on, so this never fails on a file's content:
 *   a dump (only ':' and '-A' lines)  its canonical form, as
 *                                     --canonical --zero-counters prints it;
 *   an overlay (-I, -D, -N, -P, ...)  its commands in order, each rule
 *                                     canonical (ipm_print_script): what it
 *                                     does depends on the host it is
 *                                     merged into, so it is not applied;
 *   a file ipmerge refuses            "# ipmerge: FILE:LINE: message" (its
 *                                     first error, FILE without folders:
 *                                     git hands over a temporary copy),
 *                                     then the file byte for byte.
 * Only reading the file can fail.
 */
#ifndef IPM_TEXTCONV_H
#define IPM_TEXTCONV_H

#include <glib.h>

#include "parse.h"

/* Appends to OUT the text of PATH ("-": standard input) as above; OPTIONS
 * as for ipm_parse (family, allow_invalid_utf8).  STRICT: warnings refuse
 * the file too.  FALSE only when PATH cannot be read. */
gboolean ipm_textconv (GString *out, const char *path,
                       const IpmParseOptions *options, gboolean strict,
                       GError **error);

#endif
