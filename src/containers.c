/* containers: the --skip-containers patterns, kept as data in
 * grammar/container-rules.def (the definition is its opening comment). */
#include "config.h"

#include "containers.h"

static const IpmContainerRule ipm_containers_table[] = {
#define IPM_CONTAINER_RULE(id, pattern, example) { #id, pattern, example },
#include "container-rules.def"
#undef IPM_CONTAINER_RULE
};

const IpmContainerRule *
ipm_containers_rules (gsize *n_rules)
{
  *n_rules = G_N_ELEMENTS (ipm_containers_table);
  return ipm_containers_table;
}

void
ipm_containers_add_skips (GPtrArray *skip)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ipm_containers_table); i++)
    g_ptr_array_add (skip, (gpointer) ipm_containers_table[i].pattern);
}
