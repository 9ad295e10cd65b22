/* grammar: tables built from the grammar/ .def files (stub). */
#include "config.h"

#include "grammar.h"
