/* whatif.c: what-if layers (placeholder until its issue lands). */
#include "util.h"

int muster_whatif_apply(struct muster_scenario *sc, const char *change, struct muster_error *err)
{
	(void)sc;
	return muster_error_set(err, MUSTER_EINVAL, "what-if change '%s' is not supported yet",
				change);
}
