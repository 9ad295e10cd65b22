/* delta: the patch for iptables-restore --noflush that turns the host
 * ruleset into the merged one.  (Interface; implementation in progress.) */
#ifndef IPM_DELTA_H
#define IPM_DELTA_H

#include <glib.h>

#include "ruleset.h"

/* Appends to OUT the --noflush script turning BEFORE into AFTER. */
gboolean ipm_delta_print (GString *out, const IpmRuleset *before,
                          const IpmRuleset *after, GError **error);

#endif
