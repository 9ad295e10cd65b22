/* netfilter: the kernel's tables and built-in chains (see netfilter.h). */
#include "config.h"

#include <string.h>

#include "netfilter.h"

/* Kernel order of the built-in chains (iptable_*.c hook order). */
static const char *const filter_chains[] = { "INPUT", "FORWARD", "OUTPUT", NULL };
static const char *const nat_chains[] =
  { "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", NULL };
static const char *const mangle_chains[] =
  { "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING", NULL };
static const char *const raw_chains[] = { "PREROUTING", "OUTPUT", NULL };
static const char *const security_chains[] =
  { "INPUT", "FORWARD", "OUTPUT", NULL };

static const struct {
  const char *name;
  const char *const *chains;
} ipm_tables[] = {
  { "filter", filter_chains },
  { "mangle", mangle_chains },
  { "nat", nat_chains },
  { "raw", raw_chains },
  { "security", security_chains },
};

const char *const *
ipm_table_builtin_chains (const char *table)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ipm_tables); i++)
    if (strcmp (ipm_tables[i].name, table) == 0)
      return ipm_tables[i].chains;
  return NULL;
}

const char *
ipm_table_nth_known (guint i)
{
  return i < G_N_ELEMENTS (ipm_tables) ? ipm_tables[i].name : NULL;
}

gboolean
ipm_table_name_known (const char *name)
{
  return ipm_table_builtin_chains (name) != NULL;
}

const char *
ipm_table_known_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ipm_tables); i++)
    if (strcmp (ipm_tables[i].name, name) == 0)
      return ipm_tables[i].name;
  return NULL;
}

gboolean
ipm_chain_has_interface (const char *chain, gboolean out)
{
  if (chain == NULL)
    return TRUE;
  if (out)
    return strcmp (chain, "INPUT") != 0 && strcmp (chain, "PREROUTING") != 0;
  return strcmp (chain, "OUTPUT") != 0 && strcmp (chain, "POSTROUTING") != 0;
}

/* Called twice per rule: one strcmp, chosen by the first letter. */
gboolean
ipm_chain_name_builtin (const char *name)
{
  const char *builtin;

  switch (name[0])
    {
    case 'I': builtin = "INPUT"; break;
    case 'O': builtin = "OUTPUT"; break;
    case 'F': builtin = "FORWARD"; break;
    case 'P': builtin = name[1] == 'R' ? "PREROUTING" : "POSTROUTING"; break;
    default: return FALSE;
    }
  return strcmp (name, builtin) == 0;
}

gboolean
ipm_chain_is_builtin (const char *table, const char *chain)
{
  const char *const *c = ipm_table_builtin_chains (table);

  for (; c != NULL && *c != NULL; c++)
    if (strcmp (*c, chain) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ipm_policy_valid (const char *policy)
{
  return strcmp (policy, "ACCEPT") == 0 || strcmp (policy, "DROP") == 0;
}
