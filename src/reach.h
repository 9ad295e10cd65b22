/* reach: which rules of a chain a packet can reach.
 *
 * A chain's dead point is its first rule that every packet reaching it
 * leaves the chain at: no condition (a comment is none) and a target after
 * which the packet does not come back (F_VERDICT in grammar/targets.def:
 * ACCEPT, DROP, REJECT, RETURN, DNAT, ...) or a goto.  No rule after it is
 * ever reached, whatever the text says.  This is the one definition: the
 * merge never anchors or places a rule after it and does not count a rule
 * found only there as present; --check reports every rule after it.
 */
#ifndef IPM_REACH_H
#define IPM_REACH_H

#include <glib.h>

#include "ruleset.h"

/* TRUE when RULE matches every packet that reaches it: no address,
 * interface, protocol or match other than comments. */
gboolean ipm_reach_matches_every_packet (const IpmRule *rule);

/* TRUE when a packet RULE matches leaves the chain there (a verdict target
 * or -g), whatever RULE's conditions. */
gboolean ipm_reach_leaves_chain (const IpmRule *rule);

/* TRUE when RULE is a dead point: no packet continues past it. */
gboolean ipm_reach_ends_chain (const IpmRule *rule);

/* Index in RULES (IpmRule*) of the chain's dead point, or RULES->len when
 * packets can fall off the end. */
guint ipm_reach_dead_point (const GPtrArray *rules);

/* Where a rule that must be reached goes when nothing else says where: right
 * before the dead point DEAD, and before the LOG/NFLOG rules just before it
 * that log what it is about to do (same matches, comments and rate limits
 * aside): they belong to it, and a rule placed between them would have its
 * packets logged as dropped.  RULES->len when DEAD is RULES->len. */
guint ipm_reach_insertion_point (const GPtrArray *rules, guint dead);

/* What the dead point RULE does to every packet, for messages: "drops every
 * packet", "goes to CHAIN with every packet", ... (newly allocated). */
char *ipm_reach_describe (const IpmRule *rule);

#endif
