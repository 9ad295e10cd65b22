/* input: reads a dump line by line with FILE:LINE locations.
 *
 * No slurping and no fixed-size buffers: large reads into one buffer per
 * reader, which grows for a line longer than it; or, when the lines must
 * outlive the reader (ipm_input_retain), the file mapped or the stream
 * read into buffers that are kept.  The "# Warning:
 * iptables-legacy tables present" line that iptables-nft-save writes to
 * stderr is removed, also where 2>&1 spliced it into the middle of a rule
 * line.  A UTF-8 byte order mark at the start is removed too (the parser
 * warns).  Ownership: g_autoptr(IpmInput).
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

/* Keeps every line where it was read, for the life of the storage
 * (ipm_input_storage): a regular file is mapped, a stream read into large
 * buffers that are kept.  Call before the first ipm_input_next. */
void ipm_input_retain (IpmInput *input);

/* With ipm_input_retain, after the last line: the GBytes (new references)
 * holding every line with IpmLine.stable set.  Without: an empty array. */
GPtrArray *ipm_input_storage (IpmInput *input);

/* Fills LINE with the next line: LINE->len bytes at LINE->text, which are
 * not NUL-terminated (the byte after them may be the next line's, or
 * unreadable).  Returns FALSE at end of input (error not
 * set) or on a read error (error set).  LINE stays valid until the next call
 * (with LINE->stable, as long as the storage).
 * A missing final newline is remembered, see ipm_input_last_line_unterminated.
 * A NUL byte, or CR before the newline, is kept in the text for the parser to
 * report. */
gboolean ipm_input_next (IpmInput *input, IpmLine *line, GError **error);

const char *ipm_input_name (const IpmInput *input);
gboolean ipm_input_last_line_unterminated (const IpmInput *input);
/* Whether the first line started with a UTF-8 byte order mark, which was
 * removed from its text. */
gboolean ipm_input_bom_removed (const IpmInput *input);

/* WHAT ("the host dump", ...): when standard input is opened and is a
 * terminal, a line on stderr says that ipmerge waits for WHAT there.
 * NULL: nothing is said. */
void ipm_input_set_terminal_hint (const char *what);

#endif
