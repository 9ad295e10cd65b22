/* gen-kube: writes a kube-proxy-shaped iptables-save dump, deterministic by
 * seed, for benchmarks and scale tests.
 *
 * Shape follows kube-proxy's iptables mode: per Service a KUBE-SERVICES
 * rule, a KUBE-SVC-<hash> chain (masquerade rule plus one statistic rule per
 * endpoint) and per endpoint a KUBE-SEP-<hash> chain (masquerade + DNAT),
 * about 11 lines for a two-endpoint Service.  --churn P changes P percent of
 * the Services (endpoint moved, Service replaced) for diff pairs; the same
 * seed with and without --churn gives the "old" and "new" of a pair.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

typedef struct {
  guint64 state;
} IpmRng;

static guint64
ipm_rng_next (IpmRng *rng)
{
  /* xorshift64*: the same numbers on every machine */
  rng->state ^= rng->state >> 12;
  rng->state ^= rng->state << 25;
  rng->state ^= rng->state >> 27;
  return rng->state * 0x2545F4914F6CDD1DULL;
}

/* kube-proxy names chains with 16 characters of base32(sha256(...)). */
static void
ipm_hash_name (IpmRng *rng, char out[17])
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  guint64 v = ipm_rng_next (rng);
  guint64 w = ipm_rng_next (rng);

  for (int i = 0; i < 16; i++)
    {
      out[i] = alphabet[(i < 12 ? v : w) & 31];
      if (i < 12)
        v >>= 5;
      else
        w >>= 5;
    }
  out[16] = '\0';
}

typedef struct {
  char svc[17];
  char ns[24];
  char name[32];
  char port_name[16];
  guint cluster_ip;       /* host order, inside 10.96.0.0/12 */
  guint port;
  const char *proto;
  GArray *endpoints;      /* guint pod ip */
  GPtrArray *sep_names;   /* char* */
  guint target_port;
} IpmService;

typedef struct {
  char *name;
  char *rules;
} IpmGenChain;

static void
ipm_chain_free (gpointer data)
{
  IpmGenChain *c = data;

  g_free (c->name);
  g_free (c->rules);
  g_free (c);
}

static void
ipm_chain_add (GPtrArray *chains, const char *name, const char *rules)
{
  IpmGenChain *c = g_new (IpmGenChain, 1);

  c->name = g_strdup (name);
  c->rules = g_strdup (rules);
  g_ptr_array_add (chains, c);
}

static gint
ipm_chain_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(IpmGenChain *const *) a)->name, (*(IpmGenChain *const *) b)->name);
}

static void
ipm_ip (char *buf, guint ip)
{
  sprintf (buf, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

int
main (int argc, char **argv)
{
  gint services = 1000, endpoints = 2, churn = 0;
  gint64 seed = 1;
  gboolean no_ep_comments = FALSE;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- write a kube-proxy-shaped dump to stdout");
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "services", 's', 0, G_OPTION_ARG_INT, &services, "Number of Services", "N" },
    { "endpoints", 'e', 0, G_OPTION_ARG_INT, &endpoints, "Endpoints per Service", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "S" },
    { "churn", 0, 0, G_OPTION_ARG_INT, &churn, "Percent of Services changed", "P" },
    { "no-endpoint-comments", 0, 0, G_OPTION_ARG_NONE, &no_ep_comments,
      "Leave out per-endpoint comments, as kube-proxy does on large clusters", NULL },
    { NULL }
  };
  IpmRng rng = { 0 }, churn_rng = { 0 };
  IpmService *svcs;
  char a[16], b[16];
  GString *out;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "gen-kube: %s\n", error->message);
      return 2;
    }
  rng.state = (guint64) seed * 0x9E3779B97F4A7C15ULL + 1;
  churn_rng.state = (guint64) seed * 0xD1B54A32D192ED03ULL + 7;
  svcs = g_new0 (IpmService, services);
  for (gint i = 0; i < services; i++)
    {
      IpmService *s = &svcs[i];
      gboolean changed = churn > 0 && (gint) (ipm_rng_next (&churn_rng) % 100) < churn;
      guint64 kind = changed ? ipm_rng_next (&churn_rng) % 2 : 0;

      ipm_hash_name (&rng, s->svc);
      g_snprintf (s->ns, sizeof s->ns, "ns-%u", (guint) (ipm_rng_next (&rng) % 200));
      g_snprintf (s->name, sizeof s->name, "svc-%d", i);
      g_snprintf (s->port_name, sizeof s->port_name, "%s",
                  ipm_rng_next (&rng) % 2 ? "http" : "grpc");
      s->cluster_ip = (10u << 24) | (96u << 16) | (guint) (i + 10);
      s->port = 80 + (guint) (ipm_rng_next (&rng) % 9000);
      s->target_port = 8000 + (guint) (ipm_rng_next (&rng) % 1000);
      s->proto = ipm_rng_next (&rng) % 5 == 0 ? "udp" : "tcp";
      s->endpoints = g_array_new (FALSE, FALSE, sizeof (guint));
      s->sep_names = g_ptr_array_new_with_free_func (g_free);
      for (gint e = 0; e < endpoints; e++)
        {
          guint ip = (10u << 24) | (244u << 16) | (guint) (ipm_rng_next (&rng) % 65000 + 2);
          char *sep = g_malloc (17);

          ipm_hash_name (&rng, sep);
          if (changed && kind == 0 && e == 0)
            {
              /* endpoint moved: new pod IP and chain */
              ip ^= 0x1f;
              ipm_hash_name (&churn_rng, sep);
            }
          g_array_append_val (s->endpoints, ip);
          g_ptr_array_add (s->sep_names, sep);
        }
      if (changed && kind == 1)
        {
          /* Service replaced: new port and chain name */
          ipm_hash_name (&churn_rng, s->svc);
          s->port += 1;
        }
    }

  out = g_string_sized_new (1 << 20);
  g_string_append (out,
    "# Generated by iptables-save v1.8.9 on Thu Jan  1 00:00:00 2026\n"
    "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    ":KUBE-EXTERNAL-SERVICES - [0:0]\n:KUBE-FIREWALL - [0:0]\n:KUBE-FORWARD - [0:0]\n"
    ":KUBE-NODEPORTS - [0:0]\n:KUBE-PROXY-FIREWALL - [0:0]\n:KUBE-SERVICES - [0:0]\n"
    "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL\n"
    "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS\n"
    "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES\n"
    "-A INPUT -j KUBE-FIREWALL\n"
    "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL\n"
    "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD\n"
    "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
    "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL\n"
    "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
    "-A OUTPUT -j KUBE-FIREWALL\n"
    "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n"
    "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n"
    "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT\n"
    "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
    "COMMIT\n# Completed on Thu Jan  1 00:00:00 2026\n");
  /* nat: chains and their rules in iptables-save order (user chains
   * sorted by name) */
  {
    g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (ipm_chain_free);
    GString *services_rules = g_string_new (NULL);

    ipm_chain_add (chains, "KUBE-MARK-MASQ", "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
    ipm_chain_add (chains, "KUBE-NODEPORTS", "");
    ipm_chain_add (chains, "KUBE-POSTROUTING",
      "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
      "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\n"
      "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully\n");
    for (gint i = 0; i < services; i++)
      {
        IpmService *s = &svcs[i];
        guint n = s->endpoints->len;
        g_autoptr(GString) svc_rules = g_string_new (NULL);
        g_autofree char *svc_chain = g_strdup_printf ("KUBE-SVC-%s", s->svc);

        ipm_ip (a, s->cluster_ip);
        g_string_append_printf (services_rules,
          "-A KUBE-SERVICES -d %s/32 -p %s -m comment --comment \"%s/%s:%s cluster IP\" -m %s --dport %u -j KUBE-SVC-%s\n",
          a, s->proto, s->ns, s->name, s->port_name, s->proto, s->port, s->svc);
        g_string_append_printf (svc_rules,
          "-A KUBE-SVC-%s ! -s 10.244.0.0/16 -d %s/32 -p %s -m comment --comment \"%s/%s:%s cluster IP\" -m %s --dport %u -j KUBE-MARK-MASQ\n",
          s->svc, a, s->proto, s->ns, s->name, s->port_name, s->proto, s->port);
        for (guint e = 0; e < n; e++)
          {
            const char *sep = g_ptr_array_index (s->sep_names, e);
            g_autofree char *sep_chain = g_strdup_printf ("KUBE-SEP-%s", sep);
            g_autofree char *sep_rules = NULL;

            ipm_ip (b, g_array_index (s->endpoints, guint, e));
            sep_rules = g_strdup_printf (
              "-A KUBE-SEP-%s -s %s/32 -m comment --comment \"%s/%s:%s\" -j KUBE-MARK-MASQ\n"
              "-A KUBE-SEP-%s -p %s -m comment --comment \"%s/%s:%s\" -m %s -j DNAT --to-destination %s:%u\n",
              sep, b, s->ns, s->name, s->port_name,
              sep, s->proto, s->ns, s->name, s->port_name, s->proto, b, s->target_port);
            ipm_chain_add (chains, sep_chain, sep_rules);
            g_string_append_printf (svc_rules, "-A KUBE-SVC-%s", s->svc);
            if (!no_ep_comments)
              g_string_append_printf (svc_rules, " -m comment --comment \"%s/%s:%s -> %s:%u\"",
                                      s->ns, s->name, s->port_name, b, s->target_port);
            if (e + 1 < n)
              g_string_append_printf (svc_rules, " -m statistic --mode random --probability %.11f",
                                      1.0 / (n - e));
            g_string_append_printf (svc_rules, " -j KUBE-SEP-%s\n", sep);
          }
        ipm_chain_add (chains, svc_chain, svc_rules->str);
      }
    g_string_append (services_rules,
      "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n");
    ipm_chain_add (chains, "KUBE-SERVICES", services_rules->str);
    g_string_free (services_rules, TRUE);
    g_ptr_array_sort (chains, ipm_chain_cmp);

    g_string_append (out,
      "# Generated by iptables-save v1.8.9 on Thu Jan  1 00:00:00 2026\n"
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
    for (guint i = 0; i < chains->len; i++)
      g_string_append_printf (out, ":%s - [0:0]\n", ((IpmGenChain *) g_ptr_array_index (chains, i))->name);
    g_string_append (out,
      "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
      "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
      "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n");
    for (guint i = 0; i < chains->len; i++)
      {
        g_string_append (out, ((IpmGenChain *) g_ptr_array_index (chains, i))->rules);
        if (out->len > (1 << 22))
          {
            fwrite (out->str, 1, out->len, stdout);
            g_string_truncate (out, 0);
          }
      }
  }
  g_string_append (out, "COMMIT\n# Completed on Thu Jan  1 00:00:00 2026\n");
  fwrite (out->str, 1, out->len, stdout);
  g_string_free (out, TRUE);
  return fflush (stdout) == 0 ? 0 : 1;
}
