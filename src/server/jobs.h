/*
 * jobs.h: the server's long work and its streams, shared by jobs.c,
 * events.c and the api_*.c files of results (api_runs.c, api_results.c,
 * api_history.c). server.c creates both at start and stops them at
 * shutdown, before the daemon: running jobs are cancelled and joined (a run
 * is stored in one transaction only after a complete solve, so nothing is
 * half-written) and every event stream is ended.
 */
#ifndef MUSTER_SERVER_JOBS_H
#define MUSTER_SERVER_JOBS_H

#include "server.h"

/* At most this many sourcing jobs run at once; one more is a 429. */
#define JOBS_RUNNING_MAX 2
/* Finished jobs kept for GET /api/jobs/ID (the oldest are forgotten). */
#define JOBS_KEPT 64

/* ---- jobs.c ---------------------------------------------------------- */

struct jobs;

/* What POST /api/runs asked for (strings owned by the job). */
struct job_opts {
	char *mission;
	bool exact;
	double time_limit; /* seconds, > 0 */
	bool with_requested;
	double fair_weight;
	char *fair_key, *fair_participants;
	bool fair_cap;
};

struct jobs *jobs_new(struct server *srv);
/* Cancel every running job and wait for it; no new job starts after. */
void jobs_shutdown(struct jobs *j);
void jobs_free(struct jobs *j);
/*
 * Start a job for `actor` (its name is kept for the log): its id in *id, or
 * MUSTER_EBUSY when JOBS_RUNNING_MAX jobs run already or the server is
 * stopping. Takes `opts`' strings.
 */
int jobs_start(struct jobs *j, const struct job_opts *opts, const char *actor, int64_t *id,
	       struct muster_error *err);
/* The job as JSON (new reference), NULL when there is no job `id`. */
json_t *jobs_get(struct jobs *j, int64_t id);
/* Ask job `id` to stop: 0, or MUSTER_ENOENT when there is no such job. */
int jobs_cancel(struct jobs *j, int64_t id);

/* ---- events.c -------------------------------------------------------- */

struct events;

/*
 * Start the hub: a watcher thread with its own database handle that turns
 * new audit rows into "record" events. NULL with `err` set when the
 * database cannot be opened.
 */
struct events *events_new(struct server *srv, struct muster_error *err);
/* End every stream and stop the watcher. */
void events_shutdown(struct events *ev);
void events_free(struct events *ev);
/* Send a "job" event (data: the job's JSON, borrowed) to every subscriber. */
void events_job(struct events *ev, json_t *job);

/* What server.c holds for these (NULL before start). */
struct jobs *server_jobs(struct server *srv);
struct events *server_events(struct server *srv);

/* ---- shared by the results files (api_runs.c) ------------------------- */

/*
 * The revision a result is judged against: the scenario's now, or the one
 * it stood at as of the request's `as_of` (a malformed or impossible as_of
 * is a 400 naming the parameter). 0, or -1 with the problem in `res`.
 */
int api_as_of_revision(struct request *req, struct response *res, int64_t *rev);

#endif
