/* Generated rulesets for the property tests (tests/unit/test-props.c) and
 * the kernel delta test (tests/gen/gen-rules, used by tests/kernel/delta.sh).
 *
 * Deterministic by seed (GRand).  A host dump has the tables filter, nat,
 * mangle and raw (some left out at random), a random graph of user chains
 * per table, counters, and rules of two kinds: spellings from the kernel
 * oracle corpus (tests/corpus/expected.tsv: random modules, non-canonical
 * spellings the kernel accepted with the same result for nft and legacy),
 * and simple address/port rules for variety.  The chain graph is a DAG:
 * each user chain has an owner built-in chain (or none: never jumped to),
 * is reached only from that built-in and from user chains of the same owner
 * with a lower number, and holds only rules the corpus verified in that
 * built-in.  So every dump also restores in the kernel.
 */
#ifndef IPM_TEST_GEN_H
#define IPM_TEST_GEN_H

#include <glib.h>

typedef struct IpmGenPool IpmGenPool;

/* Loads the family-4 rules of the oracle corpus (EXPECTED = the path of
 * tests/corpus/expected.tsv); NULL with ERROR if it cannot be read. */
IpmGenPool *ipm_gen_pool_load (const char *expected, GError **error);
/* The same for FAMILY (4 or 6: the corpus rows of that family; the new
 * rules the generator writes then use 2001:db8::/32 addresses and
 * ICMPv6), and, when CANON_DIR (tests/canon) is not NULL, the accepted
 * rows of its *.t files where both backends save the same rule. */
IpmGenPool *ipm_gen_pool_load_family (const char *expected, const char *canon_dir,
                                      int family, GError **error);
void ipm_gen_pool_free (IpmGenPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmGenPool, ipm_gen_pool_free)
guint ipm_gen_pool_size (const IpmGenPool *pool);

/* An iptables-save dump of about N_RULES rules. */
char *ipm_gen_host (GRand *rand, const IpmGenPool *pool, guint n_rules);

/* A reference layer for HOST (an iptables-save dump of the same shape):
 * about a third of HOST's rules in their order, and new rules and chains
 * between them. */
char *ipm_gen_reference (GRand *rand, const IpmGenPool *pool, const char *host);

/* A policy overlay for HOST: -D of rules HOST has once in their chain (and
 * that REFERENCE, which may be NULL, does not add), -I, -N with rules and a
 * jump, -F of a user chain nothing jumps to, -P.  Merging it twice gives
 * what merging it once gives. */
char *ipm_gen_overlay (GRand *rand, const IpmGenPool *pool, const char *host,
                       const char *reference);

/* A copy of DUMP with one random change (IPv4 addresses only) (rule added, removed, changed or
 * moved, policy changed, chain added); *WHAT says which. */
char *ipm_gen_mutate (GRand *rand, const char *dump, const char **what);

#endif
