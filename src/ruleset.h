/* ruleset: the model of a dump: tables, chains, rules.  No I/O here.
 *
 * A rule is stored in canonical form, computed once when it is parsed
 * (canon.c); every later stage compares rules by that text and its hash.
 * Ownership: a ruleset owns its tables, a table its chains, a chain its
 * rules (g_autoptr(IpmRuleset)).  Rules are reference counted so that a
 * merge can share them between inputs and output.
 */
#ifndef IPM_RULESET_H
#define IPM_RULESET_H

#include <glib.h>

#include "diag.h"
#include "netfilter.h"


typedef struct {
  const char *file;         /* interned */
  guint lineno;
} IpmLoc;

typedef struct {
  gboolean present;
  guint64 packets;
  guint64 bytes;
} IpmCounters;

/* Kept for every rule of a dump, so kept small: flags are bits, and the
 * text (and the target when given to ipm_rule_new_full) share the rule's
 * allocation. */
typedef struct {
  gint ref_count;
  guint hash;               /* ipm_text_hash (text) once hash_valid;
                               read it through ipm_rule_hash */
  char *text;               /* canonical spec: the words after "-A CHAIN " */
  char *target;             /* -j/-g argument (a chain or a target), or NULL;
                               a separate g_malloc unless target_inline */
  IpmCounters counters;     /* [p:b] given before the rule */
  IpmLoc loc;
  guint text_len;           /* strlen (text) */
  guint family : 3;         /* IpmFamily its addresses/modules require */
  guint is_goto : 1;        /* -g rather than -j */
  guint target_is_chain : 1;/* target is not a known target module */
  guint unconditional : 1;  /* no address, interface, protocol or match */
  guint literal : 1;        /* parts unknown to the grammar kept word for word */
  guint target_inline : 1;  /* target is in the rule's allocation */
  guint hash_valid : 1;     /* hash computed: only merge and diff need it,
                               so --canonical and --check never pay for it */
} IpmRule;

/* Rules of a chain still as the lines that gave them (IpmParseOptions
 * .spans): N_RULES lines "-A NAME SPEC\n", consecutive in the input, each
 * SPEC canonical as written (canon-fast.h) and without counters.  Printed
 * back byte for byte; made into rules only when a stage asks for them
 * (ipm_chain_rules): a merge touches few of a host's chains. */
typedef struct IpmSpan IpmSpan;

/* Makes the rules SPAN stands for, of chain CHAIN[0..CHAIN_LEN), into RULES:
 * the canonicalizer the parser used, handed to the model with the span (the
 * model itself never canonicalizes). */
typedef void (*IpmSpanExpander) (const IpmSpan *span, const char *chain,
                                 gsize chain_len, GPtrArray *rules);

struct IpmSpan {
  const char *text;         /* in IpmRuleset.storage; NULL: no span */
  guint len;                /* through the last line's newline */
  guint n_rules;
  guint lineno;             /* of the first line */
  IpmFamily family;         /* of the parse */
  const char *file;         /* interned */
  const char *table;        /* the table's name when the grammar knows it
                               (static), else NULL */
  IpmSpanExpander expand;   /* makes its rules */
};

typedef struct _IpmChain {
  char *name;               /* in the chain's allocation until renamed */
  char *policy;             /* ACCEPT/DROP/...; NULL for a user chain */
  guint name_len;           /* strlen (name) */
  gboolean builtin;
  guint pos;                /* index in the table's chains when it was added
                               (a hint: chains may have moved since) */
  IpmCounters counters;
  /* Private to ruleset.c (tests/include-cycles.sh fails on a use in any
   * other module): the rules are those of SPAN, or RULE_ARRAY (IpmRule*,
   * in order; NULL: none yet), never both.  Stages use ipm_chain_rules
   * (to change), ipm_chain_rules_read (to read a chain they must not
   * change), ipm_chain_rules_made (what objects carry: counters),
   * ipm_chain_span_bytes (printing) and ipm_chain_span_family. */
  GPtrArray *rule_array;
  IpmSpan span;
  IpmLoc loc;               /* where it was declared */
  const struct _IpmChain *origin;  /* the chain it was copied from by
                               ipm_ruleset_copy, or NULL; may be gone since:
                               trusted only while it is still chain
                               origin_pos of a table at hand */
  guint origin_pos;
} IpmChain;

/* A slot of IpmTable's chain index (private to ruleset.c). */
typedef struct _IpmChainSlot IpmChainSlot;

typedef struct {
  char *name;
  GPtrArray *chains;        /* IpmChain*: built-ins in kernel order, then user
                               chains in insertion order */
  /* Chains by name: open addressing over 64-byte slots that hold the hash
   * and the name itself, so that looking up a name among 100,000 chains
   * (every -A and every jump does) costs one cache miss, not the four of a
   * GHashTable (hashes, keys, key string, values). */
  IpmChainSlot *slots;
  guint mask;               /* number of slots - 1 */
  guint n_indexed;
  guint n_pending;          /* the last n_pending chains are not indexed yet
                               (ipm_table_add_chain_in_order) */
  guint n_builtin;          /* the first n_builtin chains are the built-ins */
  guint n_sorted;           /* the first n_sorted chains are in save order
                               (built-ins, then user chains by name): a
                               dump's are all, a merge appends a few */
  GHashTable *gone;         /* names of the chains removed or renamed away
                               (see ipm_table_had_chain), or NULL: none */
  guint n_dropped;          /* chains removed or renamed away over the
                               table's life, copies included (never
                               forgotten): while 0, a jump checked when its
                               rule was added still lands */
  IpmLoc loc;
} IpmTable;

typedef struct {
  IpmFamily family;
  GPtrArray *tables;        /* IpmTable*, in input order */
  GHashTable *by_name;
  gboolean no_rule_counters;  /* made by a parse that saw [p:b] on no rule
                               (nor -c): no rule has counters, and nobody
                               needs to walk them all to know */
  GPtrArray *storage;       /* GBytes the chains' spans point into, or
                               NULL; shared by copies */
} IpmRuleset;

/* Hash of the LEN bytes at TEXT (rule texts, chain names). */
guint ipm_text_hash (const char *text, gsize len);
/* GHashFunc of NUL-terminated names: ipm_text_hash, faster than g_str_hash
 * on tables of tens of thousands of chains. */
guint ipm_str_hash (gconstpointer name);

/* Rules */
IpmRule *ipm_rule_new (const char *text);
IpmRule *ipm_rule_new_len (const char *text, gsize len);
/* TEXT[0..LEN) and TARGET (or NULL) in one allocation. */
IpmRule *ipm_rule_new_full (const char *text, gsize len, const char *target);
IpmRule *ipm_rule_ref (IpmRule *rule);
void ipm_rule_unref (IpmRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmRule, ipm_rule_unref)
/* The hash of RULE's text, computed at the first call and kept in RULE:
 * a cache, the one field written through a const rule (a rule belongs to
 * one thread). */
guint ipm_rule_hash (const IpmRule *rule);
gboolean ipm_rule_equal (const IpmRule *a, const IpmRule *b);
/* TRUE when A and B (IpmRule*) hold equal rules in the same order. */
gboolean ipm_rules_equal (const GPtrArray *a, const GPtrArray *b);

/* Rulesets */
IpmRuleset *ipm_ruleset_new (void);
void ipm_ruleset_free (IpmRuleset *rs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmRuleset, ipm_ruleset_free)
/* A copy with its own tables, chains and rule arrays, sharing the rules. */
IpmRuleset *ipm_ruleset_copy (const IpmRuleset *rs);

IpmTable *ipm_ruleset_lookup_table (const IpmRuleset *rs, const char *name);
/* Adds the table with all its built-in chains (policy ACCEPT, no counters)
 * unless it exists; returns it. */
IpmTable *ipm_ruleset_ensure_table (IpmRuleset *rs, const char *name,
                                    const IpmLoc *loc);

IpmChain *ipm_table_lookup_chain (const IpmTable *table, const char *name);
/* TRUE when TABLE has a chain NAME; does not touch the chain itself. */
gboolean ipm_table_has_chain (const IpmTable *table, const char *name);
/* Starts loading the index slot of NAME into the cache, for a lookup a
 * little later (each lookup in a large table is a cache miss). */
void ipm_table_prefetch_chain (const IpmTable *table, const char *name);
/* The same for the name whose ipm_text_hash is HASH, and the lookup of
 * NAME[0..LEN) (not NUL-terminated) with its hash: a name hashed once for
 * both. */
void ipm_table_prefetch_hash (const IpmTable *table, guint hash);
gboolean ipm_table_has_chain_hashed (const IpmTable *table, const char *name,
                                     gsize len, guint hash);
/* The chain NAME[0..LEN) (not NUL-terminated) among the few added to
 * TABLE right after AFTER (a chain of TABLE), or NULL: iptables-save
 * prints rules chain by chain in the order it declared the chains, so the
 * next chain is found without a lookup.  NULL says nothing;
 * ipm_table_lookup_chain decides. */
IpmChain *ipm_table_chain_after (const IpmTable *table, const IpmChain *after,
                                 const char *name, gsize len);
/* The chain NAME of TABLE (or NULL): NEAR itself, one added right after
 * it, or else looked up.  NEAR (a chain of TABLE, or NULL) is the chain
 * of the previous -A run. */
IpmChain *ipm_table_find_chain_near (const IpmTable *table,
                                     const IpmChain *near, const char *name);
/* The same for NAME[0..LEN), not NUL-terminated (a name in a line). */
IpmChain *ipm_table_find_chain_near_len (const IpmTable *table,
                                         const IpmChain *near,
                                         const char *name, gsize len);
/* Adds a user chain (or returns the existing chain). */
IpmChain *ipm_table_ensure_chain (IpmTable *table, const char *name,
                                  const IpmLoc *loc);
/* Adds the user chain NAME when it sorts after every user chain of TABLE
 * and TABLE has only built-ins otherwise (iptables-save declares chains in
 * sorted order), so that it cannot exist yet; its indexing waits for the
 * next lookup, which indexes all such chains in one pass.  Returns NULL,
 * doing nothing, when that does not hold: then lookup and ensure. */
IpmChain *ipm_table_add_chain_in_order (IpmTable *table, const char *name,
                                        const IpmLoc *loc);
/* TRUE when a chain NAME was removed from TABLE or renamed away since it
 * was made or since ipm_table_forget_gone, and no chain has that name now. */
gboolean ipm_table_had_chain (const IpmTable *table, const char *name);
void ipm_table_forget_gone (IpmTable *table);
/* Removes and frees a user chain. */
void ipm_table_remove_chain (IpmTable *table, IpmChain *chain);
void ipm_table_rename_chain (IpmTable *table, IpmChain *chain,
                             const char *new_name);
/* User chains sorted by name, after the built-ins: iptables-save's order.
 * When the chains are in that order already this is TABLE's own array
 * (a new reference): read it, and leave TABLE as it is meanwhile. */
GPtrArray *ipm_table_chains_in_save_order (const IpmTable *table);

/* The rules of CHAIN (IpmRule*, in order), to read or change: its span
 * made into rules first, if it has one (the chain then holds the same rules
 * as objects).  A stage that only reads a chain it must not change takes
 * ipm_chain_rules_read. */
GPtrArray *ipm_chain_rules (IpmChain *chain);
/* Replaces the rules of CHAIN by RULES (taken). */
void ipm_chain_set_rules (IpmChain *chain, GPtrArray *rules);
/* The rules of CHAIN to read, as a new reference: its array, or rules
 * made from its span for the caller alone (the span stays). */
GPtrArray *ipm_chain_rules_read (const IpmChain *chain);
/* The rules of CHAIN already made into objects, or NULL while they are
 * still a span (whose rules have no counters): for walks that only look
 * at what objects carry (counters). */
GPtrArray *ipm_chain_rules_made (IpmChain *chain);
const GPtrArray *ipm_chain_rules_made_const (const IpmChain *chain);
/* CHAIN's span of input lines ("-A NAME SPEC\n"...) and *LEN its bytes, or
 * NULL when its rules are objects: printed back as read. */
const char *ipm_chain_span_bytes (const IpmChain *chain, gsize *len);
/* The family of the parse CHAIN's span came from, and in *LOC where it
 * starts; UNKNOWN when it has no span. */
IpmFamily ipm_chain_span_family (const IpmChain *chain, IpmLoc *loc);
/* TRUE when A and B are spans of the same lines (so hold equal rules);
 * FALSE says nothing. */
gboolean ipm_chain_spans_equal (const IpmChain *a, const IpmChain *b);
/* The number of rules of CHAIN, span or not. */
guint ipm_chain_n_rules (const IpmChain *chain);
/* Appends the line LINE[0..LEN), "-A NAME SPEC" followed by its newline,
 * whose SPEC is canonical as written, to CHAIN's span: TRUE when CHAIN's
 * rules are a span (or none) that ends where LINE starts.  FALSE: nothing
 * done (the caller adds a rule). */
gboolean ipm_chain_span_extend (IpmChain *chain, IpmSpanExpander expand,
                                const char *line, gsize len,
                                const IpmLoc *loc, IpmFamily family,
                                const char *table);

/* Index of the first rule in CHAIN equal to RULE, or -1. */
gint ipm_chain_find_rule (const IpmChain *chain, const IpmRule *rule);

/* Total number of rules. */
guint ipm_ruleset_count_rules (const IpmRuleset *rs);

#endif
