/* containers: the --skip-containers patterns (grammar/container-rules.def),
 * the rules a reference host's containers add to Docker's. */
#ifndef IPM_CONTAINERS_H
#define IPM_CONTAINERS_H

#include <glib.h>

typedef struct {
  const char *name;       /* the row's ID */
  const char *pattern;    /* PCRE2, matched as --skip matches */
  const char *example;    /* a canonical rule it must match */
} IpmContainerRule;

/* The table, N_RULES rows. */
const IpmContainerRule *ipm_containers_rules (gsize *n_rules);

/* Appends the patterns (static strings) to SKIP, the char* --skip list:
 * --skip-containers is --skip with these. */
void ipm_containers_add_skips (GPtrArray *skip);

#endif
