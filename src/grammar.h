/* grammar: the match and target module tables built from the grammar/ .def files.
 * (Stub: filled in by the grammar work.) */
#ifndef IPM_GRAMMAR_H
#define IPM_GRAMMAR_H

#include <glib.h>

#endif
