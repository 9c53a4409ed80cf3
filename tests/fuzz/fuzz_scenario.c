/*
 * fuzz_scenario.c: libFuzzer harness for the scenario folder reader
 * (csv_read.c, scenario_read.c, validate.c, scenario_write.c).
 *
 * The first byte of the input picks one of the ten scenario files; the rest
 * becomes that file, written into a temporary folder that otherwise holds a
 * small valid scenario (so that cross-file checks see real references).
 * The top bit of the first byte skips the cross-file checks on reading, as
 * `muster import --merge` does. The harness reads the folder, runs the
 * checks on whatever was read, and,
 * when the folder was valid, writes it out and reads the copy back: that
 * must succeed and export the same bytes (the round trip of the contract).
 */
#include "csv_read.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const base_files[SC_NTABLES] = {
    [SC_NATIONS] = "code,name,region,memberships\nXKX,Kosovo,Europe,UN\n",
    [SC_MISSIONS] = "code,name,organization,host,from,to\nNMI,NATO Mission Iraq,NATO,IRQ,"
		    "2018-10-01,\nKFOR,KFOR,NATO,XKX,1999-06-12,\n",
    [SC_PHASES] = "mission,phase,from,to,ceiling,scope,status\n"
		  "NMI,p1,2020-01-01,2021-03-01,500,,\nNMI,p2,2021-03-01,,4000,in-host,requested\n",
    [SC_CAPABILITIES] = "code,name,substitutes\ntrainers,Training team,mentors\nmentors,,\n",
    [SC_REQUIREMENTS] = "mission,line,capability,units,personnel,location,from,to,priority,"
			"min_readiness,tasks\nNMI,L01,trainers,2,30,,2021-03-01,2022-03-01,1,0,"
			"training\n",
    [SC_CAVEATS] = "id,nation,kind,value,hard\nc1,USA,not-countries,IRQ,yes\n"
		   "c2,USA,max-days,90,no\n",
};

static char *dir, *copy, *copy2;

static void put(const char *d, enum scenario_table t, const void *p, size_t n)
{
	char *path = xstrfmt("%s/%s", d, scenario_table_file(t));
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n))
		abort();
	fclose(f);
	free(path);
}

static void restore(enum scenario_table t)
{
	char *path = xstrfmt("%s/%s", dir, scenario_table_file(t));
	if (base_files[t])
		put(dir, t, base_files[t], strlen(base_files[t]));
	else
		unlink(path);
	free(path);
}

static void cleanup(void)
{
	char *cmd = xstrfmt("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

static void setup(void)
{
	/* In memory when possible: the harness is bound by file I/O. */
	char shm[] = "/dev/shm/muster-fuzz.XXXXXX", tmp[] = "/tmp/muster-fuzz.XXXXXX";
	char *made = mkdtemp(shm);
	if (!made)
		made = mkdtemp(tmp);
	if (!made)
		abort();
	dir = xstrdup(made);
	atexit(cleanup);
	copy = xstrfmt("%s/copy", dir);
	copy2 = xstrfmt("%s/copy2", dir);
	for (int t = 0; t < SC_NTABLES; t++)
		restore((enum scenario_table)t);
}

static char *slurp(const char *d, enum scenario_table t)
{
	char *path = xstrfmt("%s/%s", d, scenario_table_file(t));
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	if (f)
		fclose(f);
	free(path);
	return strbuf_detach(&sb, NULL);
}

/* A valid scenario must write, read back, and write the same bytes. */
static void roundtrip(const struct muster_scenario *sc)
{
	struct muster_scenario back;
	struct muster_error err = {0};
	muster_scenario_init(&back);
	if (muster_scenario_write_dir_flags(sc, copy, MUSTER_WRITE_FORCE, &err) < 0 ||
	    muster_scenario_read_dir(&back, copy, &err) < 0 ||
	    muster_scenario_write_dir_flags(&back, copy2, MUSTER_WRITE_FORCE, &err) < 0) {
		fprintf(stderr, "round trip failed: %s\n", err.msg);
		for (size_t i = 0; i < err.details.nr; i++)
			fprintf(stderr, "%s\n", err.details.items[i]);
		abort();
	}
	for (int t = 0; t < SC_NTABLES; t++) {
		char *a = slurp(copy, (enum scenario_table)t);
		char *b = slurp(copy2, (enum scenario_table)t);
		if (strcmp(a, b)) {
			fprintf(stderr, "round trip changed %s\n", scenario_table_file(t));
			abort();
		}
		free(a);
		free(b);
	}
	muster_error_release(&err);
	muster_scenario_release(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	if (!dir)
		setup();
	if (size < 1)
		return 0;
	enum scenario_table t = (enum scenario_table)(data[0] % SC_NTABLES);
	/* The top bit reads as `muster import --merge` does: no cross-file checks. */
	bool check = !(data[0] & 0x80);
	put(dir, t, data + 1, size - 1);
	muster_scenario_init(&sc);
	struct muster_read_opts ro = {.no_references = !check};
	int rc = muster_scenario_read_dir_opts(&sc, dir, &ro, &err);
	muster_error_release(&err);
	/* The checks must cope with whatever was read, valid or not. */
	muster_scenario_validate(&sc, &err);
	muster_error_release(&err);
	if (rc == 0 && check)
		roundtrip(&sc);
	muster_scenario_release(&sc);
	restore(t);
	return 0;
}
