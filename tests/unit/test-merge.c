/* Suite for src/merge.c: placement, overlays, selection, safety, and the
 * property "every host rule is kept, in order" on generated rulesets of
 * thousands of rules (fixed seeds). */
#include "config.h"

#include <string.h>

#include "align.h"
#include "apply.h"
#include "merge.h"
#include "parse.h"
#include "print.h"
#include "suites.h"
#include "helpers.h"

#define FILTER(rules) \
  "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" \
  rules "COMMIT\n"

static IpmScript *
ipm_test_parse_script (const char *name, const char *text, IpmDiags *diags)
{
  g_autoptr(IpmInput) input = ipm_input_new_from_data (name, text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4, .allow_empty = TRUE };

  return ipm_parse (input, &options, diags, NULL);
}

static IpmRuleset *
ipm_test_ruleset (const char *text)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmScript) script = ipm_test_parse_script ("host.rules", text, diags);

  IpmRuleset *rs = script != NULL ? ipm_apply_script (script, diags, NULL) : NULL;

  if (rs == NULL)
    fprintf (stderr, "\nhost.rules: %s\n", ipm_test_first_message (diags));
  return rs;
}

static GPtrArray *
ipm_test_layers (const char *const *texts, IpmDiags *diags)
{
  GPtrArray *layers = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_script_free);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("l%u.rules", i + 1);
      IpmScript *s = ipm_test_parse_script (name, texts[i], diags);

      if (s == NULL)
        {
          g_ptr_array_unref (layers);
          return NULL;
        }
      g_ptr_array_add (layers, s);
    }
  return layers;
}

/* Merges LAYERS into RS; the printed result, or NULL on failure. */
static char *
ipm_test_merge_into (IpmRuleset *rs, const char *const *layers,
                     const IpmMergeOptions *options, IpmDiags *diags)
{
  g_autoptr(GPtrArray) scripts = ipm_test_layers (layers, diags);
  IpmMergeOptions defaults = { 0 };
  IpmPrintOptions print = { 0 };
  GString *out;

  if (rs == NULL || scripts == NULL)
    return NULL;
  if (!ipm_merge (rs, scripts, options != NULL ? options : &defaults, diags, NULL))
    return NULL;
  out = g_string_new (NULL);
  ipm_print_ruleset (out, rs, &print);
  return g_string_free (out, FALSE);
}

/* Merges LAYERS (NULL-terminated) into HOST; returns the printed result, or
 * NULL on failure.  OPTIONS may be NULL; DIAGS may be NULL.  Each merge is
 * done twice, into HOST read as commands and as main() reads it (spans):
 * both must give the same result and diagnostics. */
static char *
ipm_test_merge (const char *host, const char *const *layers,
                const IpmMergeOptions *options, IpmDiags *diags_out)
{
  g_autoptr(IpmDiags) own = ipm_diags_new ();
  g_autoptr(IpmDiags) spans_diags = ipm_diags_new ();
  IpmDiags *diags = diags_out != NULL ? diags_out : own;
  guint diags_before = diags->items->len;
  g_autoptr(IpmRuleset) rs = ipm_test_ruleset (host);
  g_autoptr(IpmRuleset) spans_rs = ipm_test_ruleset_read ("host.rules", host, TRUE);
  char *out = ipm_test_merge_into (rs, layers, options, diags);
  g_autofree char *spans_out = NULL;
  g_autofree char *notes = options != NULL && options->notes != NULL
    ? g_strdup (options->notes->str) : NULL;

  spans_diags->strict = diags->strict;
  spans_out = ipm_test_merge_into (spans_rs, layers, options, spans_diags);
  /* the -v notes of the first merge only */
  if (notes != NULL)
    g_string_assign (options->notes, notes);
  CU_ASSERT_EQUAL (rs == NULL, spans_rs == NULL);
  CU_ASSERT_EQUAL (out == NULL, spans_out == NULL);
  if (out != NULL && spans_out != NULL)
    CU_ASSERT_STRING_EQUAL (spans_out, out);
  CU_ASSERT_EQUAL (spans_diags->items->len, diags->items->len - diags_before);
  return out;
}

static char *
ipm_test_merge1 (const char *host, const char *layer)
{
  const char *layers[] = { layer, NULL };

  return ipm_test_merge (host, layers, NULL, NULL);
}

static gboolean
ipm_test_has_message (const IpmDiags *diags, const char *part)
{
  for (guint i = 0; i < diags->items->len; i++)
    if (strstr (((const IpmDiag *) g_ptr_array_index (diags->items, i))->message, part))
      return TRUE;
  return FALSE;
}

static void
test_present_rule_changes_nothing (void)
{
  const char *host = FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n");
  g_autofree char *out = ipm_test_merge1 (host, FILTER ("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"));
  g_autofree char *canon = ipm_test_canonical (host, NULL);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, canon);
}

static void
test_anchor_after_and_before (void)
{
  const char *host = FILTER ("-A INPUT -s 192.0.2.1/32 -j ACCEPT\n"
                             "-A INPUT -s 192.0.2.3/32 -j ACCEPT\n"
                             "-A INPUT -s 192.0.2.5/32 -j ACCEPT\n"
                             "-A INPUT -j REJECT --reject-with icmp-port-unreachable\n");
  const char *ref = FILTER ("-A INPUT -s 192.0.2.0/32 -j ACCEPT\n"
                            "-A INPUT -s 192.0.2.1/32 -j ACCEPT\n"
                            "-A INPUT -s 192.0.2.2/32 -j ACCEPT\n"
                            "-A INPUT -s 192.0.2.5/32 -j ACCEPT\n"
                            "-A INPUT -s 192.0.2.6/32 -j ACCEPT\n");
  g_autofree char *out = ipm_test_merge1 (host, ref);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  /* .0 before its following anchor .1, .2 after .1, .6 after .5 (and so
   * before the REJECT, which is not the anchor here) */
  CU_ASSERT_STRING_EQUAL (out, FILTER ("-A INPUT -s 192.0.2.0/32 -j ACCEPT\n"
                                       "-A INPUT -s 192.0.2.1/32 -j ACCEPT\n"
                                       "-A INPUT -s 192.0.2.2/32 -j ACCEPT\n"
                                       "-A INPUT -s 192.0.2.3/32 -j ACCEPT\n"
                                       "-A INPUT -s 192.0.2.5/32 -j ACCEPT\n"
                                       "-A INPUT -s 192.0.2.6/32 -j ACCEPT\n"
                                       "-A INPUT -j REJECT --reject-with icmp-port-unreachable\n"));
}

static void
test_no_anchor_goes_before_catch_all (void)
{
  const char *host = FILTER ("-A INPUT -i lo -j ACCEPT\n"
                             "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
                             "-A FORWARD -i eth0 -j ACCEPT\n"
                             "-A OUTPUT -j DROP\n");
  const char *layer = FILTER ("-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n"
                              "-A INPUT -p tcp -m tcp --dport 9998 -j ACCEPT\n"
                              "-A FORWARD -o eth1 -j ACCEPT\n"
                              "-A OUTPUT -o lo -j ACCEPT\n");
  g_autoptr(GString) notes = g_string_new (NULL);
  IpmMergeOptions options = { .verbose = TRUE, .notes = notes };
  const char *layers[] = { layer, NULL };
  g_autofree char *out = ipm_test_merge (host, layers, &options, NULL);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, FILTER ("-A INPUT -i lo -j ACCEPT\n"
                                       "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n"
                                       "-A INPUT -p tcp -m tcp --dport 9998 -j ACCEPT\n"
                                       "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
                                       "-A FORWARD -i eth0 -j ACCEPT\n"
                                       "-A FORWARD -o eth1 -j ACCEPT\n"
                                       "-A OUTPUT -o lo -j ACCEPT\n"
                                       "-A OUTPUT -j DROP\n"));
  CU_ASSERT_PTR_NOT_NULL (strstr (notes->str, "l1.rules:5:1: note: '-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT' added as rule 2 of filter INPUT"));
  CU_ASSERT_PTR_NOT_NULL (strstr (notes->str, "so before '-A INPUT -j REJECT --reject-with icmp-host-prohibited' (line 6, which rejects every packet"));
}

/* calico's felix appends to FORWARD after the host's final REJECT: Docker's
 * rules still go before the REJECT, in the layer's order, and the appended
 * rule is neither an anchor nor moved */
static void
test_dead_point_with_tail (void)
{
  const char *host = FILTER ("-A FORWARD -m comment --comment \"cali:wUHhoiAYhphO9Mso\" -m mark --mark 0x10000/0x10000 -j ACCEPT\n"
                             "-A FORWARD -j REJECT --reject-with icmp-host-prohibited\n"
                             "-A FORWARD -m comment --comment \"cali:S93hcgKJrXEqnTfs\" -j MARK --set-xmark 0x10000/0x10000\n");
  const char *layer = FILTER ("-A FORWARD -j DOCKER-USER\n"
                              "-A FORWARD -j DOCKER-FORWARD\n"
                              "-A FORWARD -m comment --comment \"cali:S93hcgKJrXEqnTfs\" -j MARK --set-xmark 0x10000/0x10000\n");
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  const char *layers[] = { NULL, NULL };
  g_autofree char *full = g_strdup_printf ("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                                           ":OUTPUT ACCEPT [0:0]\n:DOCKER-USER - [0:0]\n"
                                           ":DOCKER-FORWARD - [0:0]\n%s", strchr (layer, '-'));

  layers[0] = full;
  out = ipm_test_merge (host, layers, NULL, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_PTR_NOT_NULL (strstr (out, "-A FORWARD -m comment --comment \"cali:wUHhoiAYhphO9Mso\" -m mark --mark 0x10000/0x10000 -j ACCEPT\n"
                                  "-A FORWARD -j DOCKER-USER\n"
                                  "-A FORWARD -j DOCKER-FORWARD\n"));
  /* the MARK rule after the REJECT is not live: the layer's copy of it is
   * placed live, the host's kept */
  CU_ASSERT_PTR_NOT_NULL (strstr (out, "-A FORWARD -j DOCKER-FORWARD\n"
                                  "-A FORWARD -m comment --comment \"cali:S93hcgKJrXEqnTfs\" -j MARK --set-xmark 0x10000/0x10000\n"
                                  "-A FORWARD -j REJECT"));
  again = ipm_test_merge (out, layers, NULL, NULL);
  CU_ASSERT_STRING_EQUAL (again, out);
}

/* the LOG rule that announces the final DROP belongs to it */
static void
test_dead_point_log_group (void)
{
  const char *host = FILTER ("-A INPUT -i lo -j ACCEPT\n"
                             "-A INPUT -m limit --limit 5/min -j LOG --log-prefix \"INPUT-DROP: \"\n"
                             "-A INPUT -j LOG --log-prefix \"INPUT-DROP2: \"\n"
                             "-A INPUT -j DROP\n");
  const char *layer = FILTER ("-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n");

  g_autofree char *out = ipm_test_merge1 (host, layer);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, FILTER ("-A INPUT -i lo -j ACCEPT\n"
                                       "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n"
                                       "-A INPUT -m limit --limit 5/min -j LOG --log-prefix \"INPUT-DROP: \"\n"
                                       "-A INPUT -j LOG --log-prefix \"INPUT-DROP2: \"\n"
                                       "-A INPUT -j DROP\n"));
}

/* a host rule after the dead point does not make the layer rule present */
static void
test_dead_copy_is_not_present (void)
{
  const char *host = FILTER ("-A INPUT -i lo -j ACCEPT\n"
                             "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
                             "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n");
  const char *layer = FILTER ("-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n");
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const char *layers[] = { layer, NULL };
  g_autofree char *out = ipm_test_merge (host, layers, NULL, diags);
  g_autofree char *again = NULL;
  const IpmDiag *d;

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, FILTER ("-A INPUT -i lo -j ACCEPT\n"
                                       "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n"
                                       "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
                                       "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n"));
  d = ipm_test_find (diags, "no packet reaches it there");
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->severity, IPM_SEVERITY_WARNING);
  CU_ASSERT_EQUAL (d->lineno, 5);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "only at host.rules:7, after the rule at line 6, which rejects every packet"));
  again = ipm_test_merge1 (out, layer);
  CU_ASSERT_STRING_EQUAL (again, out);
}

/* rules after the layer's own dead point are not merged; a layer rule that
 * ends the chain goes after every rule packets reach */
static void
test_layer_dead_point (void)
{
  const char *host = FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -i eth0 -j ACCEPT\n");
  const char *layer = FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -i eth1 -j ACCEPT\n");
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const char *layers[] = { layer, NULL };
  g_autofree char *out = ipm_test_merge (host, layers, NULL, diags);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -i eth0 -j ACCEPT\n-A INPUT -j DROP\n"));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "'-A INPUT -i eth1 -j ACCEPT' is not merged"));
}

static void
test_idempotent (void)
{
  const char *host = FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n");
  const char *layer = FILTER ("-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n"
                              "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n"
                              "-A FORWARD -j LOG\n");
  const char *overlay = "*filter\n-I INPUT 1 -s 198.51.100.7/32 -j DROP\n"
                        "-D INPUT -i lo -j ACCEPT\n-N EXTRA\n-A EXTRA -j RETURN\nCOMMIT\n";
  const char *layers[] = { layer, overlay, NULL };
  g_autofree char *once = ipm_test_merge (host, layers, NULL, NULL);
  g_autofree char *twice = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (once);
  twice = ipm_test_merge (once, layers, NULL, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL (twice);
  CU_ASSERT_STRING_EQUAL (once, twice);
  /* a rule listed twice in a layer chain is added once */
  CU_ASSERT_PTR_NOT_NULL (strstr (once, "-A INPUT -s 198.51.100.7/32 -j DROP\n"
                                  "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n"
                                  "-A INPUT -j DROP\n"));
}

static void
test_overlay_commands (void)
{
  const char *host = "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":Old - [0:0]\n:Gone - [0:0]\n"
                     "-A INPUT -i lo -j ACCEPT\n-A INPUT -j Old\n-A INPUT -j Gone\n"
                     "-A Old -j RETURN\n-A Gone -j LOG\nCOMMIT\n";
  const char *overlay = "*filter\n:Old - [0:0]\n:Gone - [0:0]\n"
                        "-P INPUT ACCEPT\n"
                        "-I INPUT 2 -p tcp -m tcp --dport 22 -j ACCEPT\n"
                        "-D INPUT -j Gone\n-F Gone\n-X Gone\n"
                        "-E Old Renamed\n"
                        "-R INPUT 1 -i lo -j DROP\n"
                        "-D INPUT 3\n"
                        "COMMIT\n";
  const char *layers[] = { overlay, NULL };
  g_autofree char *out = ipm_test_merge (host, layers, NULL, NULL);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                          ":OUTPUT ACCEPT [0:0]\n:Renamed - [0:0]\n"
                          "-A INPUT -i lo -j DROP\n"
                          "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                          "-A Renamed -j RETURN\nCOMMIT\n");
}

static void
test_overlay_redo_is_noop (void)
{
  /* what a first run already did is not done again */
  const char *host = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":Extra - [0:0]\n:Renamed - [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
  const char *overlay = "*filter\n:Old - [0:0]\n:Nothing - [0:0]\n"
                        "-I INPUT 1 -p tcp -m tcp --dport 22 -j ACCEPT\n"
                        "-D INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n"
                        "-N Extra\n-X Nothing\n-X Nothing\n-E Old Renamed\nCOMMIT\n";
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const char *layers[] = { overlay, NULL };
  g_autofree char *out = ipm_test_merge (host, layers, NULL, diags);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_EQUAL (diags->n_errors, 0);
  CU_ASSERT_STRING_EQUAL (out, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                          ":OUTPUT ACCEPT [0:0]\n:Extra - [0:0]\n:Renamed - [0:0]\n"
                          "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
}

static void
test_declaration_never_flushes (void)
{
  const char *host = "*filter\n:INPUT DROP [3:4]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":DOCKER - [0:0]\n-A DOCKER -d 172.17.0.2/32 -j ACCEPT\nCOMMIT\n";
  const char *layer = "*filter\n:INPUT ACCEPT [9:9]\n:DOCKER - [0:0]\nCOMMIT\n";
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const char *layers[] = { layer, NULL };
  g_autofree char *out = ipm_test_merge (host, layers, NULL, diags);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, "*filter\n:INPUT DROP [3:4]\n:FORWARD ACCEPT [0:0]\n"
                          ":OUTPUT ACCEPT [0:0]\n:DOCKER - [0:0]\n"
                          "-A DOCKER -d 172.17.0.2/32 -j ACCEPT\nCOMMIT\n");
  CU_ASSERT_EQUAL (diags->n_warnings, 1);
  CU_ASSERT_TRUE (ipm_test_has_message (diags, "policy of INPUT in table filter: the host has DROP"));
}

static void
test_tables_order_and_new_table (void)
{
  const char *host = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n" FILTER ("");
  const char *layer = "*mangle\n:PREROUTING ACCEPT [0:0]\n:OUTPUT DROP [0:0]\nCOMMIT\n"
                      FILTER ("-A INPUT -i lo -j ACCEPT\n");
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const char *layers[] = { layer, NULL };
  g_autofree char *out = ipm_test_merge (host, layers, NULL, diags);
  const char *nat, *filter, *mangle;

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  nat = strstr (out, "*nat");
  filter = strstr (out, "*filter");
  mangle = strstr (out, "*mangle");
  CU_ASSERT_TRUE (nat != NULL && filter != NULL && mangle != NULL
                  && nat < filter && filter < mangle);
  /* the layer's policy is all there is for a table the host lacked */
  CU_ASSERT_PTR_NOT_NULL (strstr (out, ":OUTPUT DROP [0:0]"));
  CU_ASSERT_EQUAL (diags->n_warnings, 0);
}

static const char ipm_docker_ref[] =
  "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
  ":POSTROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n"
  "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n"
  "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"
  "-A POSTROUTING -s 10.9.9.0/24 -j MASQUERADE\n"
  "-A DOCKER -i docker0 -j RETURN\n"
  "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 172.17.0.2:80\n"
  "COMMIT\n";

static void
test_take_brings_chains_along (void)
{
  const char *host = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n";
  g_autoptr(GPtrArray) take = g_ptr_array_new ();
  g_autoptr(GPtrArray) skip = g_ptr_array_new ();
  IpmMergeOptions options = { .take = take, .skip = skip };
  const char *layers[] = { ipm_docker_ref, NULL };
  g_autofree char *out = NULL;

  /* addrtype is not docker0: only the jump to DOCKER brings the chain */
  g_ptr_array_add (take, (gpointer) "addrtype");
  g_ptr_array_add (skip, (gpointer) "DNAT");
  out = ipm_test_merge (host, layers, &options, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                          ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n"
                          "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n"
                          "-A DOCKER -i docker0 -j RETURN\nCOMMIT\n");
}

static void
test_skipped_declaration_is_an_error (void)
{
  const char *host = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n";
  g_autoptr(GPtrArray) skip = g_ptr_array_new ();
  IpmMergeOptions options = { .skip = skip };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const char *layers[] = { ipm_docker_ref, NULL };
  g_autofree char *out = NULL;
  const IpmDiag *d;

  g_ptr_array_add (skip, (gpointer) "^:DOCKER");
  out = ipm_test_merge (host, layers, &options, diags);
  CU_ASSERT_PTR_NULL (out);
  CU_ASSERT_TRUE_FATAL (diags->items->len > 0);
  d = g_ptr_array_index (diags->items, 0);
  /* named with FILE:LINE: the jump in PREROUTING, line 7 of the layer */
  CU_ASSERT_STRING_EQUAL (d->file, "l1.rules");
  CU_ASSERT_EQUAL (d->lineno, 7);
  CU_ASSERT_TRUE (ipm_test_has_message (diags, "'-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER' jumps to chain DOCKER"));
}

static void
test_rewrite_in_merge (void)
{
  const char *host = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 10.200.0.0/16 ! -o br0 -j MASQUERADE\nCOMMIT\n";
  g_autoptr(GPtrArray) rewrites = g_ptr_array_new ();
  g_autoptr(GPtrArray) take = g_ptr_array_new ();
  IpmMergeOptions options = { .rewrites = rewrites, .take = take };
  const char *layers[] = { ipm_docker_ref, NULL };
  g_autofree char *out = NULL;

  g_ptr_array_add (rewrites, (gpointer) "172.17.0.0/16=10.200.0.0/16");
  g_ptr_array_add (rewrites, (gpointer) "docker0=br0");
  /* --take sees the reference's own spelling */
  g_ptr_array_add (take, (gpointer) "docker0");
  out = ipm_test_merge (host, layers, &options, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  /* the host already has the adapted MASQUERADE: nothing doubled */
  CU_ASSERT_STRING_EQUAL (out, "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                          ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n"
                          "-A POSTROUTING -s 10.200.0.0/16 ! -o br0 -j MASQUERADE\n"
                          "-A DOCKER -i br0 -j RETURN\n"
                          "-A DOCKER ! -i br0 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 10.200.0.2:80\n"
                          "COMMIT\n");
}

static void
test_empty_host (void)
{
  const char *layers[] = { FILTER ("-A INPUT -i lo -j ACCEPT\n"), NULL };
  IpmMergeOptions allow = { .allow_empty_host = TRUE };
  g_autofree char *refused = ipm_test_merge ("", layers, NULL, NULL);
  g_autofree char *allowed = ipm_test_merge ("", layers, &allow, NULL);

  CU_ASSERT_PTR_NULL (refused);
  CU_ASSERT_PTR_NOT_NULL_FATAL (allowed);
  CU_ASSERT_STRING_EQUAL (allowed, FILTER ("-A INPUT -i lo -j ACCEPT\n"));
}

static void
test_family_mismatch (void)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmRuleset) host = ipm_test_ruleset (FILTER ("-A INPUT -s 192.0.2.1/32 -j ACCEPT\n"));
  const char *texts[] = { FILTER ("-A INPUT -i lo -j ACCEPT\n"), NULL };
  g_autoptr(GPtrArray) layers = ipm_test_layers (texts, diags);
  const IpmScriptTable *st;
  IpmMergeOptions options = { 0 };
  IpmRule *rule;

  CU_ASSERT_PTR_NOT_NULL_FATAL (host);
  CU_ASSERT_PTR_NOT_NULL_FATAL (layers);
  /* what the canonicalizer records for an IPv4 and an IPv6 address (the
   * parser of a -4 run already rejects IPv6 addresses, so set it by hand) */
  rule = g_ptr_array_index (ipm_test_chain_rules (g_ptr_array_index (((IpmTable *) g_ptr_array_index (host->tables, 0))->chains, 0)), 0);
  rule->family = IPM_FAMILY_IPV4;
  st = g_ptr_array_index (((IpmScript *) g_ptr_array_index (layers, 0))->tables, 0);
  for (guint i = 0; i < st->cmds->len; i++)
    {
      IpmCmd *cmd = g_ptr_array_index (st->cmds, i);

      if (cmd->rule != NULL)
        cmd->rule->family = IPM_FAMILY_IPV6;
    }
  CU_ASSERT_FALSE (ipm_merge (host, layers, &options, diags, NULL));
  CU_ASSERT_TRUE (ipm_test_has_message (diags, "IPv6 ruleset but the host is IPv4"));
}

static void
test_counters (void)
{
  const char *host = "*filter\n:INPUT ACCEPT [5:6]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     "[7:700] -A INPUT -i lo -j ACCEPT\nCOMMIT\n";
  const char *layer = "*filter\n:INPUT ACCEPT [1:1]\n:New - [2:2]\n"
                      "[3:3] -A INPUT -i eth0 -j ACCEPT\n[4:4] -A New -j RETURN\nCOMMIT\n";
  g_autofree char *out = ipm_test_merge1 (host, layer);

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_STRING_EQUAL (out, "*filter\n:INPUT ACCEPT [5:6]\n:FORWARD ACCEPT [0:0]\n"
                          ":OUTPUT ACCEPT [0:0]\n:New - [0:0]\n"
                          "[7:700] -A INPUT -i lo -j ACCEPT\n[0:0] -A INPUT -i eth0 -j ACCEPT\n"
                          "[0:0] -A New -j RETURN\nCOMMIT\n");
}

/* -E and -X reach the jumps of host chains the layer does not otherwise
 * touch (read as spans of the host's lines: see ipm_test_merge). */
static void
test_rename_seen_from_untouched_chains (void)
{
  const char *host = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                     ":OUTPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n:Old - [0:0]\n"
                     "-A INPUT -j A\n-A A -s 10.0.0.1/32 -j Old\n-A A -j B\n"
                     "-A B -j RETURN\n-A Old -j ACCEPT\nCOMMIT\n";
  const char *rename[] = { "*filter\n:Old - [0:0]\n-E Old Renamed\nCOMMIT\n", NULL };
  const char *drop[] = { "*filter\n:B - [0:0]\n-F B\n-X B\nCOMMIT\n", NULL };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autofree char *out = ipm_test_merge (host, rename, NULL, NULL);
  g_autofree char *refused = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_PTR_NOT_NULL (strstr (out, "-A A -s 10.0.0.1/32 -j Renamed\n"));
  CU_ASSERT_PTR_NULL (strstr (out, "Old"));
  refused = ipm_test_merge (host, drop, NULL, diags);
  CU_ASSERT_PTR_NULL (refused);
  CU_ASSERT_TRUE (ipm_test_has_message (diags, "rules still jump to it"));
}

static void
test_strict_and_notes (void)
{
  const char *host = "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
  g_autoptr(IpmDiags) strict = ipm_diags_new ();
  g_autoptr(GString) notes = g_string_new (NULL);
  IpmMergeOptions verbose = { .verbose = TRUE, .notes = notes };
  const char *warn[] = { FILTER (""), NULL };
  const char *noted[] = { "*filter\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n", NULL };
  g_autoptr(IpmDiags) quiet = ipm_diags_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  strict->strict = TRUE;
  a = ipm_test_merge (host, warn, NULL, strict);
  CU_ASSERT_PTR_NULL (a);
  quiet->strict = TRUE;
  b = ipm_test_merge (host, noted, &verbose, quiet);
  CU_ASSERT_PTR_NOT_NULL (b);
  CU_ASSERT_TRUE (notes->len > 0);
  CU_ASSERT_EQUAL (quiet->n_warnings, 0);
}

/* ipm_align_common gives a longest common subsequence (checked by length
 * against a quadratic dynamic program) with increasing, equal pairs. */
static void
test_align_common_is_lcs (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int round = 0; round < 300; round++)
    {
      guint n = g_rand_int_range (rand, 0, 30), m = g_rand_int_range (rand, 0, 30);
      guint alpha = g_rand_int_range (rand, 1, 12);
      g_autoptr(GPtrArray) a = ipm_test_random_rules (rand, n, alpha);
      g_autoptr(GPtrArray) b = ipm_test_random_rules (rand, m, alpha + 3);
      g_autoptr(GArray) pairs = NULL;

      pairs = ipm_align_common (a, b);
      CU_ASSERT_TRUE (ipm_test_pairs_valid (pairs, a, b));
      CU_ASSERT_EQUAL (pairs->len, ipm_test_lcs_length (a, b));
    }
}

/* Generated rulesets ----------------------------------------------------- */

static const char *const ipm_gen_chains[] = { "INPUT", "FORWARD", "OUTPUT", "svc-a", "svc-b", "svc-c" };

static void
ipm_gen_rule (GString *out, GRand *rand, const char *chain, guint space)
{
  guint v = g_rand_int_range (rand, 0, space);

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      g_string_append_printf (out, "-A %s -s 10.%u.%u.0/24 -j ACCEPT\n", chain, v >> 8 & 255, v & 255);
      break;
    case 1:
      g_string_append_printf (out, "-A %s -p tcp -m tcp --dport %u -j ACCEPT\n", chain, 1 + v % 65535);
      break;
    case 2:
      /* jumps only from the built-ins: no loops; -i only where packets
       * have an input interface */
      if (strcmp (chain, "INPUT") == 0 || strcmp (chain, "FORWARD") == 0)
        g_string_append_printf (out, "-A %s -i eth%u -j %s\n", chain, v % 100,
                                ipm_gen_chains[3 + v % 3]);
      else if (strcmp (chain, "OUTPUT") == 0)
        g_string_append_printf (out, "-A %s -o eth%u -j %s\n", chain, v % 100,
                                ipm_gen_chains[3 + v % 3]);
      else
        g_string_append_printf (out, "-A %s -s 172.16.%u.%u/32 -j RETURN\n", chain,
                                v >> 8 & 255, v & 255);
      break;
    default:
      g_string_append_printf (out, "-A %s -d 192.168.%u.%u/32 -j DROP\n", chain, v >> 8 & 255, v & 255);
      break;
    }
}

/* A dump of about N rules over the chains above; SPACE bounds the variety
 * (small: many duplicates and shared rules).  CATCH_ALL ends INPUT with a
 * REJECT. */
static char *
ipm_gen_dump (GRand *rand, guint n, guint space, gboolean catch_all)
{
  GString *out = g_string_new ("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n"
                               ":OUTPUT ACCEPT [0:0]\n:svc-a - [0:0]\n:svc-b - [0:0]\n:svc-c - [0:0]\n");

  for (guint c = 0; c < G_N_ELEMENTS (ipm_gen_chains); c++)
    {
      guint share = c < G_N_ELEMENTS (ipm_gen_chains) - 1
        ? (guint) g_rand_int_range (rand, 0, n / 3 + 1) : n;

      for (guint i = 0; i < share; i++)
        ipm_gen_rule (out, rand, ipm_gen_chains[c], space);
      n -= MIN (n, share);
      if (c == 0 && catch_all)
        g_string_append (out, "-A INPUT -j REJECT --reject-with icmp-port-unreachable\n");
    }
  g_string_append (out, "COMMIT\n");
  return g_string_free (out, FALSE);
}

/* A layer: a mix of rules copied from HOST_TEXT (so that anchors exist) and
 * new ones, in an order that mostly follows the host's. */
static char *
ipm_gen_layer (GRand *rand, const char *host_text, guint space)
{
  g_auto(GStrv) lines = g_strsplit (host_text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (line[0] != '-')
        {
          if (line[0] != '\0')
            g_string_append_printf (out, "%s\n", line);
          continue;
        }
      if (g_rand_int_range (rand, 0, 10) < 3)
        g_string_append_printf (out, "%s\n", line);
      if (g_rand_int_range (rand, 0, 10) < 2)
        {
          g_auto(GStrv) w = g_strsplit (line, " ", 3);
          g_autoptr(GString) rule = g_string_new (NULL);

          ipm_gen_rule (rule, rand, w[1], space * 4);
          /* now and then an overlay command: -I never deletes either */
          if (g_rand_int_range (rand, 0, 20) == 0)
            g_string_append_printf (out, "-I %s 1 %s", w[1],
                                    rule->str + strlen ("-A ") + strlen (w[1]) + 1);
          else
            g_string_append (out, rule->str);
        }
    }
  return g_string_free (out, FALSE);
}

/* Every rule of BEFORE's chain is in AFTER's chain, in the same order
 * (a subsequence, duplicates included). */
static gboolean
ipm_gen_host_kept (const IpmRuleset *before, const IpmRuleset *after)
{
  for (guint t = 0; t < before->tables->len; t++)
    {
      const IpmTable *bt = g_ptr_array_index (before->tables, t);
      const IpmTable *at = ipm_ruleset_lookup_table (after, bt->name);

      if (at == NULL)
        return FALSE;
      for (guint c = 0; c < bt->chains->len; c++)
        {
          const IpmChain *bc = g_ptr_array_index (bt->chains, c);
          const IpmChain *ac = ipm_table_lookup_chain (at, bc->name);
          guint j = 0;

          if (ac == NULL)
            return FALSE;
          for (guint i = 0; i < ipm_test_chain_rules (bc)->len; i++)
            {
              const IpmRule *r = g_ptr_array_index (ipm_test_chain_rules (bc), i);

              while (j < ipm_test_chain_rules (ac)->len
                     && !ipm_rule_equal (g_ptr_array_index (ipm_test_chain_rules (ac), j), r))
                j++;
              if (j == ipm_test_chain_rules (ac)->len)
                return FALSE;
              j++;
            }
        }
    }
  return TRUE;
}

/* Every -A rule of the layers is in the result's chain. */
static gboolean
ipm_gen_layers_present (const GPtrArray *layers, const IpmRuleset *after)
{
  for (guint l = 0; l < layers->len; l++)
    {
      const IpmScript *s = g_ptr_array_index (layers, l);

      for (guint t = 0; t < s->tables->len; t++)
        {
          const IpmScriptTable *st = g_ptr_array_index (s->tables, t);
          const IpmTable *at = ipm_ruleset_lookup_table (after, st->name);

          for (guint c = 0; c < st->cmds->len; c++)
            {
              const IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

              if (cmd->kind == IPM_CMD_APPEND
                  && ipm_chain_find_rule (ipm_table_lookup_chain (at, cmd->chain), cmd->rule) < 0)
                return FALSE;
            }
        }
    }
  return TRUE;
}

static void
test_generated_host_rules_kept (void)
{
  static const guint32 seeds[] = { 1, 2, 3, 2024, 9999 };
  static const guint sizes[] = { 3000, 5000, 2000, 8000, 4000 };

  for (gsize k = 0; k < G_N_ELEMENTS (seeds); k++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seeds[k]);
      guint space = k % 2 == 0 ? 50 : 100000;   /* many duplicates, or few */
      g_autofree char *host_text = ipm_gen_dump (rand, sizes[k], space, k != 1);
      g_autofree char *l1 = ipm_gen_layer (rand, host_text, space);
      g_autofree char *other = ipm_gen_dump (rand, sizes[k] / 4, space, TRUE);
      g_autofree char *l2 = ipm_gen_layer (rand, other, space);
      const char *texts[] = { l1, l2, NULL };
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      g_autoptr(IpmRuleset) before = ipm_test_ruleset (host_text);
      g_autoptr(IpmRuleset) after = ipm_test_ruleset (host_text);
      g_autoptr(IpmRuleset) again = NULL;
      g_autoptr(GPtrArray) layers = ipm_test_layers (texts, diags);
      IpmMergeOptions options = { 0 };
      IpmPrintOptions print = { 0 };
      g_autoptr(GString) once = g_string_new (NULL);
      g_autoptr(GString) twice = g_string_new (NULL);

      CU_ASSERT_PTR_NOT_NULL_FATAL (before);
      CU_ASSERT_PTR_NOT_NULL_FATAL (layers);
      CU_ASSERT_TRUE_FATAL (ipm_ruleset_count_rules (before) >= sizes[k]);
      CU_ASSERT_TRUE_FATAL (ipm_merge (after, layers, &options, diags, NULL));
      CU_ASSERT_TRUE (ipm_gen_host_kept (before, after));
      CU_ASSERT_TRUE (ipm_gen_layers_present (layers, after));
      CU_ASSERT_TRUE (ipm_ruleset_count_rules (after) > ipm_ruleset_count_rules (before));
      /* merging again changes nothing */
      ipm_print_ruleset (once, after, &print);
      again = ipm_test_ruleset (once->str);
      CU_ASSERT_TRUE_FATAL (ipm_merge (again, layers, &options, diags, NULL));
      ipm_print_ruleset (twice, again, &print);
      CU_ASSERT_STRING_EQUAL (once->str, twice->str);
    }
}

/* A few layer rules against a chain of 200k: linear, not O(N * D). */
static void
test_big_chain_is_fast (void)
{
  GString *host = g_string_new ("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
  g_autofree char *host_text = NULL;
  g_autoptr(IpmRuleset) rs = NULL;
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const char *texts[] = {
    FILTER ("-A INPUT -s 10.0.0.0/32 -j ACCEPT\n-A INPUT -s 1.1.1.1/32 -j ACCEPT\n"
            "-A INPUT -s 10.3.13.63/32 -j ACCEPT\n-A INPUT -s 2.2.2.2/32 -j ACCEPT\n"),
    NULL };
  g_autoptr(GPtrArray) layers = NULL;
  IpmMergeOptions options = { 0 };
  const IpmChain *input;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (host, "-A INPUT -s 10.%u.%u.%u/32 -j ACCEPT\n",
                            i >> 16, (i >> 8) & 255, i & 255);
  g_string_append (host, "COMMIT\n");
  host_text = g_string_free (host, FALSE);
  rs = ipm_test_ruleset (host_text);
  layers = ipm_test_layers (texts, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (rs);
  CU_ASSERT_TRUE_FATAL (ipm_merge (rs, layers, &options, diags, NULL));
  input = ipm_table_lookup_chain (ipm_ruleset_lookup_table (rs, "filter"), "INPUT");
  CU_ASSERT_EQUAL (ipm_test_chain_rules (input)->len, 200002);
  /* 1.1.1.1 right after 10.0.0.0, 2.2.2.2 right after 10.3.13.63 (rule 200000) */
  CU_ASSERT_STRING_EQUAL (((IpmRule *) g_ptr_array_index (ipm_test_chain_rules (input), 1))->text, "-s 1.1.1.1/32 -j ACCEPT");
  CU_ASSERT_STRING_EQUAL (((IpmRule *) g_ptr_array_index (ipm_test_chain_rules (input), 200001))->text, "-s 2.2.2.2/32 -j ACCEPT");
}

static const CU_TestInfo ipm_merge_tests[] = {
  { "present rule changes nothing", test_present_rule_changes_nothing },
  { "anchored after/before", test_anchor_after_and_before },
  { "no anchor: before a catch-all, -v notes", test_no_anchor_goes_before_catch_all },
  { "dead point: felix's tail after the REJECT", test_dead_point_with_tail },
  { "dead point: its LOG rules belong to it", test_dead_point_log_group },
  { "dead point: a copy after it is not present", test_dead_copy_is_not_present },
  { "dead point: of the layer chain", test_layer_dead_point },
  { "merging twice gives the same", test_idempotent },
  { "overlay commands", test_overlay_commands },
  { "-E and -X seen from untouched chains", test_rename_seen_from_untouched_chains },
  { "overlay commands already done", test_overlay_redo_is_noop },
  { ":CHAIN never flushes or re-polices", test_declaration_never_flushes },
  { "table order, new table", test_tables_order_and_new_table },
  { "--take brings jumped-to chains", test_take_brings_chains_along },
  { "skipped declaration: FILE:LINE error", test_skipped_declaration_is_an_error },
  { "--rewrite in a merge", test_rewrite_in_merge },
  { "empty host refused unless allowed", test_empty_host },
  { "IPv6 layer on IPv4 host", test_family_mismatch },
  { "counters", test_counters },
  { "--strict vs -v notes", test_strict_and_notes },
  { "ipm_align_common is an LCS", test_align_common_is_lcs },
  { "generated: every host rule kept", test_generated_host_rules_kept },
  { "200k-rule chain", test_big_chain_is_fast },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_merge (void)
{
  return ipm_test_add_suite ("merge", ipm_merge_tests);
}
