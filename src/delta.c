/* delta: (stub) */
#include "config.h"

#include "delta.h"
#include "diag.h"

gboolean
ipm_delta_print (GString *out, const IpmRuleset *before,
                 const IpmRuleset *after, GError **error)
{
  g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE, "--delta is not implemented yet");
  return FALSE;
}
