/* import_public.c: importers of public data (placeholder until its issue lands). */
#include "util.h"

int muster_import_public(struct muster_db *db, const char *format, const char *path,
			 struct muster_error *err)
{
	(void)db;
	(void)path;
	return muster_error_set(err, MUSTER_EINVAL, "import format '%s' is not supported yet",
				format);
}
