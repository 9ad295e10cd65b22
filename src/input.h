/* input: reads a dump line by line with FILE:LINE locations.
 *
 * No slurping and no fixed-size buffers: large reads into one buffer per
 * reader, which grows for a line longer than it.  The "# Warning:
 * iptables-legacy tables present" line that iptables-nft-save writes to
 * stderr is removed, also where 2>&1 spliced it into the middle of a rule
 * line.  Ownership: g_autoptr(IpmInput).
 */
#ifndef IPM_INPUT_H
#define IPM_INPUT_H

#include <stdio.h>
#include <glib.h>

#include "diag.h"

typedef struct IpmInput IpmInput;

/* Opens PATH for reading; "-" is standard input, shown as "<stdin>". */
IpmInput *ipm_input_open (const char *path, GError **error);

/* Reads from a memory buffer (tests, fuzzers); NAME is the display name. */
IpmInput *ipm_input_new_from_data (const char *name, const char *data,
                                   gsize len);

void ipm_input_free (IpmInput *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmInput, ipm_input_free)

/* Fills LINE with the next line.  Returns FALSE at end of input (error not
 * set) or on a read error (error set).  LINE stays valid until the next call.
 * A missing final newline is remembered, see ipm_input_last_line_unterminated.
 * A NUL byte, or CR before the newline, is kept in the text for the parser to
 * report. */
gboolean ipm_input_next (IpmInput *input, IpmLine *line, GError **error);

const char *ipm_input_name (const IpmInput *input);
gboolean ipm_input_last_line_unterminated (const IpmInput *input);
/* Number of warning lines removed so far. */
guint ipm_input_warnings_removed (const IpmInput *input);

#endif
