/* rewrite: --rewrite FROM=TO on layer rules. */
#include "config.h"

#include <string.h>

#include "canon.h"
#include "lexer.h"
#include "rewrite.h"

typedef struct {
  gboolean is_cidr;
  char *from_name;      /* interface pair */
  char *to_name;
  guint32 from_net;     /* CIDR pair, host byte order */
  guint from_len;
  guint32 to_net;
  guint to_len;
} IpmRewrite;

struct IpmRewriteList {
  GArray *items;        /* IpmRewrite */
};

static void
ipm_rewrite_clear (gpointer data)
{
  IpmRewrite *r = data;

  g_free (r->from_name);
  g_free (r->to_name);
}

static inline guint32
ipm_rewrite_mask (guint len)
{
  return len == 0 ? 0 : G_MAXUINT32 << (32 - len);
}

/* Parses the dotted quad at S[0..); returns the bytes consumed, 0 if S
 * does not start with one.  Octets have 1-3 digits and are <= 255. */
static gsize
ipm_rewrite_scan_ipv4 (const char *s, guint32 *addr)
{
  const char *p = s;
  guint32 a = 0;

  for (int octet = 0; octet < 4; octet++)
    {
      guint v = 0, digits = 0;

      if (octet > 0)
        {
          if (*p != '.')
            return 0;
          p++;
        }
      while (g_ascii_isdigit (*p) && digits < 4)
        v = v * 10 + (*p++ - '0'), digits++;
      if (digits == 0 || digits > 3 || v > 255)
        return 0;
      a = (a << 8) | v;
    }
  /* "1.2.3.4.5" or "1.2.3.45678" is not an address */
  if (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
    return 0;
  *addr = a;
  return p - s;
}

/* Parses "/N" (0..32) at S; returns the bytes consumed or 0. */
static gsize
ipm_rewrite_scan_prefix (const char *s, guint *len)
{
  guint v = 0, digits = 0;

  if (s[0] != '/')
    return 0;
  while (g_ascii_isdigit (s[1 + digits]) && digits < 3)
    v = v * 10 + (s[1 + digits] - '0'), digits++;
  if (digits == 0 || digits > 2 || v > 32 || g_ascii_isdigit (s[1 + digits])
      || s[1 + digits] == '.')
    return 0;
  *len = v;
  return 1 + digits;
}

static gboolean
ipm_rewrite_parse_cidr (const char *s, guint32 *net, guint *len)
{
  gsize n = ipm_rewrite_scan_ipv4 (s, net);

  if (n == 0)
    return FALSE;
  *len = 32;
  if (s[n] != '\0')
    {
      gsize m = ipm_rewrite_scan_prefix (s + n, len);

      if (m == 0 || s[n + m] != '\0')
        return FALSE;
    }
  /* "172.17.0.1/16" (docker's bip spelling) means the network */
  *net &= ipm_rewrite_mask (*len);
  return TRUE;
}

static gboolean
ipm_rewrite_iface_valid (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 15)   /* IFNAMSIZ - 1 */
    return FALSE;
  for (const char *c = name; *c; c++)
    if (g_ascii_isspace (*c) || *c == '/' || *c == '"' || *c == '\\'
        || (unsigned char) *c < 0x20)
      return FALSE;
  return TRUE;
}

IpmRewriteList *
ipm_rewrite_list_new (const GPtrArray *specs, GError **error)
{
  g_autoptr(IpmRewriteList) list = g_new0 (IpmRewriteList, 1);

  list->items = g_array_new (FALSE, TRUE, sizeof (IpmRewrite));
  g_array_set_clear_func (list->items, ipm_rewrite_clear);
  for (guint i = 0; specs != NULL && i < specs->len; i++)
    {
      const char *spec = g_ptr_array_index (specs, i);
      const char *eq = strchr (spec, '=');
      g_autofree char *from = NULL;
      const char *to;
      IpmRewrite r = { 0 };

      if (eq == NULL || eq == spec || eq[1] == '\0')
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                       "--rewrite '%s': expected FROM=TO, e.g. "
                       "172.17.0.0/16=10.200.0.0/16 or docker0=br0", spec);
          return NULL;
        }
      from = g_strndup (spec, eq - spec);
      to = eq + 1;
      if (strchr (from, ':') != NULL || strchr (to, ':') != NULL)
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                       "--rewrite '%s': IPv6 networks cannot be rewritten "
                       "(only IPv4 CIDRs and interface names)", spec);
          return NULL;
        }
      if (g_ascii_isdigit (from[0]) || g_ascii_isdigit (to[0]))
        {
          r.is_cidr = TRUE;
          if (!ipm_rewrite_parse_cidr (from, &r.from_net, &r.from_len)
              || !ipm_rewrite_parse_cidr (to, &r.to_net, &r.to_len))
            {
              g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                           "--rewrite '%s': both sides must be IPv4 networks "
                           "such as 172.17.0.0/16, or both interface names",
                           spec);
              return NULL;
            }
        }
      else
        {
          if (!ipm_rewrite_iface_valid (from) || !ipm_rewrite_iface_valid (to))
            {
              g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                           "--rewrite '%s': an interface name has 1 to 15 "
                           "characters without blanks, '/' or quotes", spec);
              return NULL;
            }
          r.from_name = g_steal_pointer (&from);
          r.to_name = g_strdup (to);
        }
      g_array_append_val (list->items, r);
    }
  return g_steal_pointer (&list);
}

void
ipm_rewrite_list_free (IpmRewriteList *list)
{
  if (list == NULL)
    return;
  g_array_unref (list->items);
  g_free (list);
}

gboolean
ipm_rewrite_list_is_empty (const IpmRewriteList *list)
{
  return list == NULL || list->items->len == 0;
}

static void
ipm_rewrite_append_ipv4 (GString *out, guint32 a)
{
  g_string_append_printf (out, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
                          (a >> 8) & 0xff, a & 0xff);
}

/* Maps the address A (with prefix P when HAS_PREFIX) through the first CIDR
 * pair containing it.  Returns FALSE with ERROR set when it would not fit;
 * *CHANGED tells whether a pair applied. */
static gboolean
ipm_rewrite_map_ipv4 (const IpmRewriteList *list, guint32 a, guint p,
                      gboolean has_prefix, guint32 *a_out, guint *p_out,
                      gboolean *changed, GError **error)
{
  *changed = FALSE;
  for (guint i = 0; i < list->items->len; i++)
    {
      const IpmRewrite *r = &g_array_index (list->items, IpmRewrite, i);
      guint64 offset, size;

      if (!r->is_cidr || p < r->from_len
          || (a & ipm_rewrite_mask (r->from_len)) != r->from_net)
        continue;
      *changed = TRUE;
      if (has_prefix && p == r->from_len)
        {
          /* the network itself: FROM becomes TO */
          *a_out = r->to_net;
          *p_out = r->to_len;
          return TRUE;
        }
      /* an address or a smaller network inside: same offset inside TO */
      offset = a - r->from_net;
      size = (guint64) 1 << (32 - (has_prefix ? p : 32));
      if (offset + size > ((guint64) 1 << (32 - r->to_len)))
        {
          GString *what = g_string_new (NULL);

          ipm_rewrite_append_ipv4 (what, a);
          if (has_prefix)
            g_string_append_printf (what, "/%u", p);
          g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                       "--rewrite: %s lies in the rewritten network but "
                       "does not fit into the target /%u network",
                       what->str, r->to_len);
          g_string_free (what, TRUE);
          return FALSE;
        }
      *a_out = r->to_net + (guint32) offset;
      *p_out = p;
      return TRUE;
    }
  return TRUE;
}

/* Rewrites every IPv4 address in WORD (also inside "A:port" and "A-B"
 * ranges).  Returns NULL when nothing changed. */
static char *
ipm_rewrite_word_addresses (const IpmRewriteList *list, const char *word,
                            GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean any = FALSE;
  const char *s = word;

  while (*s != '\0')
    {
      gboolean boundary = s == word
        || !(g_ascii_isalnum (s[-1]) || s[-1] == '.');
      guint32 a, a2;
      guint p = 32, p2;
      gsize n = 0, m = 0;
      gboolean changed;

      if (boundary && g_ascii_isdigit (*s))
        n = ipm_rewrite_scan_ipv4 (s, &a);
      if (n == 0)
        {
          g_string_append_c (out, *s++);
          continue;
        }
      m = ipm_rewrite_scan_prefix (s + n, &p);
      if (!ipm_rewrite_map_ipv4 (list, a, p, m > 0, &a2, &p2, &changed, error))
        return NULL;
      if (!changed)
        {
          g_string_append_len (out, s, n + m);
          s += n + m;
          continue;
        }
      any = TRUE;
      ipm_rewrite_append_ipv4 (out, a2);
      if (m > 0)
        g_string_append_printf (out, "/%u", p2);
      s += n + m;
    }
  return any ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static gboolean
ipm_rewrite_is_iface_option (const char *word)
{
  static const char *const options[] = {
    "-i", "-o", "--in-interface", "--out-interface", "--physdev-in",
    "--physdev-out",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (options); i++)
    if (strcmp (word, options[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *
ipm_rewrite_iface (const IpmRewriteList *list, const char *name)
{
  for (guint i = 0; i < list->items->len; i++)
    {
      const IpmRewrite *r = &g_array_index (list->items, IpmRewrite, i);

      if (!r->is_cidr && strcmp (r->from_name, name) == 0)
        return r->to_name;
    }
  return NULL;
}

char *
ipm_rewrite_text (const IpmRewriteList *list, const char *text,
                  GError **error)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmWords) words = ipm_words_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  IpmLine line = { "<rewrite>", 1, text, strlen (text), FALSE, FALSE };
  gboolean any = FALSE;

  if (ipm_rewrite_list_is_empty (list))
    return g_strdup (text);
  if (!ipm_lex_words (&line, 0, words, diags))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                   "--rewrite: cannot split the rule into words");
      return NULL;
    }
  for (guint i = 0; i < words->n; i++)
    {
      const char *word = words->v[i].text;
      const char *prev = i > 0 ? words->v[i - 1].text : "";
      g_autofree char *mapped = NULL;
      const char *use = word;

      if (strcmp (prev, "--comment") == 0)
        ;   /* a comment documents; rewriting it would change identity */
      else if (ipm_rewrite_is_iface_option (prev))
        {
          const char *to = ipm_rewrite_iface (list, word);

          if (to != NULL)
            use = to;
        }
      else
        {
          GError *local = NULL;

          mapped = ipm_rewrite_word_addresses (list, word, &local);
          if (local != NULL)
            {
              g_propagate_error (error, local);
              return NULL;
            }
          if (mapped != NULL)
            use = mapped;
        }
      if (use != word)
        any = TRUE;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      ipm_quote_min (out, use);
    }
  /* unchanged rules keep their exact spelling */
  if (!any)
    return g_strdup (text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

IpmRule *
ipm_rewrite_rule (const IpmRewriteList *list, IpmRule *rule, IpmFamily family,
                  IpmDiags *diags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(IpmWords) words = NULL;
  IpmLine line;
  IpmRule *copy;

  if (ipm_rewrite_list_is_empty (list))
    return ipm_rule_ref (rule);
  text = ipm_rewrite_text (list, rule->text, &error);
  if (text == NULL)
    {
      ipm_diags_add_at (diags, IPM_SEVERITY_ERROR, rule->loc.file,
                        rule->loc.lineno, 0, "%s", error->message);
      return NULL;
    }
  if (strcmp (text, rule->text) == 0)
    return ipm_rule_ref (rule);
  /* canonicalize again: a host spells the adapted rule canonically too */
  words = ipm_words_new ();
  line.file = rule->loc.file;
  line.lineno = rule->loc.lineno;
  line.text = text;
  line.len = strlen (text);
  line.plain = FALSE;
  if (!ipm_lex_words (&line, 0, words, diags))
    return NULL;
  copy = ipm_canon_rule (&line, words, 0, family, diags);
  if (copy == NULL)
    return NULL;
  copy->loc = rule->loc;
  copy->counters = rule->counters;
  return copy;
}
