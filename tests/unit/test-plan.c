/* Suite for src/plan.c: the plan of a merge, made from the merge's own
 * records and --delta's alignment: a plan says "changed" exactly when the
 * patch is not empty, and lists as many additions and deletions as the
 * patch has -I/-A and -D lines. */
#include "config.h"

#include <string.h>

#include "delta.h"
#include "drop.h"
#include "merge.h"
#include "plan.h"
#include "suites.h"
#include "helpers.h"

#define FILTER(rules) \
  "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" \
  rules "COMMIT\n"

typedef struct {
  char *plan;
  char *delta;
  gboolean changed;
} IpmTestPlan;

static void
ipm_test_plan_clear (IpmTestPlan *p)
{
  g_free (p->plan);
  g_free (p->delta);
}

/* Merges LAYER_TEXT (and --drop DROP, or NULL) into a copy of HOST_TEXT as
 * main() does for --plan; fills P with the plan in FORMAT and the --delta
 * patch.  FALSE when the merge failed. */
static gboolean
ipm_test_plan (const char *host_text, const char *layer_text,
               const char *drop, IpmPlanFormat format, IpmTestPlan *p)
{
  g_autoptr(IpmRuleset) before = ipm_test_ruleset_read ("<stdin>", host_text,
                                                        TRUE);
  g_autoptr(IpmRuleset) after = NULL;
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("layer.rules", layer_text,
                                                       strlen (layer_text));
  IpmParseOptions parse = { .family = IPM_FAMILY_IPV4 };
  g_autoptr(GPtrArray) layers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_script_free);
  g_autoptr(GPtrArray) events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_merge_event_free);
  g_autoptr(GPtrArray) drops = g_ptr_array_new ();
  IpmMergeOptions options = { .events = events };
  IpmDropOptions drop_options = { .patterns = drops, .events = events };
  IpmPlanOptions plan = { .format = format, .events = events,
                          .warnings = diags };
  IpmScript *layer;
  GString *out = g_string_new (NULL);
  GString *delta = g_string_new (NULL);

  memset (p, 0, sizeof *p);
  CU_ASSERT_PTR_NOT_NULL_FATAL (before);
  layer = ipm_parse (input, &parse, diags, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL (layer);
  g_ptr_array_add (layers, layer);
  if (drop != NULL)
    g_ptr_array_add (drops, (gpointer) drop);
  after = ipm_ruleset_copy (before);
  if (!ipm_drop (after, &drop_options, diags, NULL)
      || !ipm_merge (after, layers, &options, diags, NULL))
    {
      g_string_free (out, TRUE);
      g_string_free (delta, TRUE);
      return FALSE;
    }
  CU_ASSERT_TRUE (ipm_plan_print (out, before, after, &plan, &p->changed,
                                  NULL));
  CU_ASSERT_TRUE (ipm_delta_print (delta, before, after, NULL));
  p->plan = g_string_free (out, FALSE);
  p->delta = g_string_free (delta, FALSE);
  return TRUE;
}

static guint
ipm_test_count_lines (const char *text, const char *prefix)
{
  guint n = 0;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

/* Nothing to change: exit status 0, the layer's rules listed as left. */
static void
test_no_change (void)
{
  IpmTestPlan p;

  CU_ASSERT_TRUE_FATAL (ipm_test_plan (FILTER ("-A INPUT -i lo -j ACCEPT\n"),
                                       FILTER ("-A INPUT -i lo -j ACCEPT\n"),
                                       NULL, IPM_PLAN_FORMAT_TEXT, &p));
  CU_ASSERT_FALSE (p.changed);
  CU_ASSERT_STRING_EQUAL (p.delta, "");
  CU_ASSERT_STRING_EQUAL (p.plan,
                          "table filter:\n"
                          "  leave rule 1 of INPUT: -A INPUT -i lo -j ACCEPT\n"
                          "      layer.rules:5: present, in the layer's order\n"
                          "plan: 0 to add, 0 to delete, 1 to leave as they are; 0 warnings\n");
  ipm_test_plan_clear (&p);
}

/* An addition with its anchor, in the result's numbering. */
static void
test_add_after_anchor (void)
{
  IpmTestPlan p;

  CU_ASSERT_TRUE_FATAL (ipm_test_plan (FILTER ("-A INPUT -i lo -j ACCEPT\n"
                                               "-A INPUT -i em2 -j ACCEPT\n"),
                                       FILTER ("-A INPUT -i lo -j ACCEPT\n"
                                               "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"),
                                       NULL, IPM_PLAN_FORMAT_TEXT, &p));
  CU_ASSERT_TRUE (p.changed);
  CU_ASSERT_PTR_NOT_NULL (strstr (p.plan,
                                  "  add rule 2 of INPUT: -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                                  "      layer.rules:6: after '-A INPUT -i lo -j ACCEPT'\n"));
  CU_ASSERT_PTR_NOT_NULL (strstr (p.delta, "-I INPUT 2 -p tcp -m tcp --dport 22 -j ACCEPT\n"));
  ipm_test_plan_clear (&p);
}

/* The plan and the patch agree: changed exactly when the patch is not
 * empty, one add per -I/-A line, one delete per -D line (a deleted chain:
 * its rules). */
static void
test_agrees_with_delta (void)
{
  static const struct {
    const char *host, *layer, *drop;
  } cases[] = {
    { FILTER ("-A INPUT -i lo -j ACCEPT\n"), FILTER ("-A INPUT -i lo -j ACCEPT\n"), NULL },
    { FILTER ("-A INPUT -j REJECT\n"), FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -i em2 -j ACCEPT\n"), NULL },
    { FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n"),
      "*filter\n-D INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n-I INPUT 1 -s 203.0.113.0/24 -j DROP\nCOMMIT\n", NULL },
    { "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      ":KUBE-X - [0:0]\n-A INPUT -j KUBE-X\n-A INPUT -i lo -j ACCEPT\n-A KUBE-X -j RETURN\nCOMMIT\n",
      FILTER ("-A INPUT -i lo -j ACCEPT\n"), "^KUBE-" },
    { FILTER ("-A FORWARD -j ACCEPT\n"),
      "*filter\n:FORWARD DROP [0:0]\n:DOCKER - [0:0]\n-A FORWARD -o docker0 -j DOCKER\n"
      "-A DOCKER -j RETURN\n-P OUTPUT DROP\nCOMMIT\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      IpmTestPlan p;
      guint adds, dels;

      CU_ASSERT_TRUE_FATAL (ipm_test_plan (cases[i].host, cases[i].layer,
                                           cases[i].drop, IPM_PLAN_FORMAT_TEXT,
                                           &p));
      CU_ASSERT_EQUAL (p.changed, p.delta[0] != '\0');
      adds = ipm_test_count_lines (p.delta, "-I ") + ipm_test_count_lines (p.delta, "-A ");
      dels = ipm_test_count_lines (p.delta, "-D ");
      CU_ASSERT_EQUAL (ipm_test_count_lines (p.plan, "  add rule "), adds);
      /* a -X'd chain's rules go with the flush of its ':' line */
      if (cases[i].drop == NULL)
        CU_ASSERT_EQUAL (ipm_test_count_lines (p.plan, "  delete rule "), dels);
      CU_ASSERT_EQUAL (ipm_test_count_lines (p.plan, "  delete chain "),
                       ipm_test_count_lines (p.delta, "-X "));
      CU_ASSERT_EQUAL (ipm_test_count_lines (p.plan, "  policy of "),
                       ipm_test_count_lines (p.delta, "-P "));
      if (cases[i].drop != NULL)
        CU_ASSERT_PTR_NOT_NULL (strstr (p.plan, "a chain --drop removes"));
      ipm_test_plan_clear (&p);
    }
}

/* JSON: version 1, the keys in their order, and a warning of the merge
 * in the document. */
static void
test_json (void)
{
  IpmTestPlan p;

  CU_ASSERT_TRUE_FATAL (ipm_test_plan (FILTER ("-A INPUT -j REJECT\n"),
                                       "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n",
                                       NULL, IPM_PLAN_FORMAT_JSON, &p));
  CU_ASSERT_TRUE (g_str_has_prefix (p.plan, "{\n  \"version\": 1,\n  \"changed\": true,\n"));
  CU_ASSERT_PTR_NOT_NULL (strstr (p.plan,
                                  "{\"action\": \"add\", \"table\": \"filter\", \"chain\": \"INPUT\", "
                                  "\"position\": 1, \"rule\": \"-A INPUT -i lo -j ACCEPT\", \"rules\": null, "
                                  "\"from\": null, \"to\": null, "
                                  "\"source\": {\"file\": \"layer.rules\", \"line\": 3}, "
                                  "\"placement\": \"end\", \"anchor\": \"-A INPUT -j REJECT --reject-with icmp-port-unreachable\", \"reason\": "));
  CU_ASSERT_PTR_NOT_NULL (strstr (p.plan, "\"warnings\": [\n    {\"file\": \"layer.rules\", \"line\": 2, "));
  CU_ASSERT_PTR_NOT_NULL (strstr (p.plan, "\"warnings\": 1}"));
  CU_ASSERT_TRUE (g_str_has_suffix (p.plan, "\n  ]\n}\n"));
  ipm_test_plan_clear (&p);
}

static const CU_TestInfo ipm_plan_tests[] = {
  { "no change", test_no_change },
  { "an addition after its anchor", test_add_after_anchor },
  { "agrees with --delta", test_agrees_with_delta },
  { "json", test_json },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_plan (void)
{
  return ipm_test_add_suite ("plan", ipm_plan_tests);
}
