/*
 * fairshare.h: fair-share internals shared with the sourcing penalty
 * (source_fair.c).
 */
#ifndef MUSTER_FAIRSHARE_H
#define MUSTER_FAIRSHARE_H

#include "muster.h"

/*
 * The value of `key` (a keys.csv key, "gdp", "gdp-YYYY", "equal") for
 * `nation`: 0 and *value set, MUSTER_ENOENT when the key does not exist (err
 * names the closest key), MUSTER_EINFEASIBLE (err not set) when the nation
 * has no value for it.
 */
int fairshare_key_value(const struct muster_scenario *sc, const char *key, const char *nation,
			double *value, struct muster_error *err);

#endif
