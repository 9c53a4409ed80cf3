/*
 * jobs.c: sourcing runs as jobs (POST /api/runs): each on a thread of its
 * own with its own database handle and a per-call struct muster_ctx (a
 * cancel flag, a progress hook), watched with GET /api/jobs/ID and in the
 * event stream, cancelled with DELETE /api/jobs/ID.
 *
 * Key decisions:
 * - At most JOBS_RUNNING_MAX jobs run at once; one more is refused (429
 *   with Retry-After, api_runs.c) rather than queued, so a client always
 *   knows whether its run started.
 * - A job loads the base scenario with its revision, sources it, and
 *   stores the run in one transaction (muster_db_run_save) only after a
 *   complete solve, and only when neither the cancel flag is set nor the
 *   scenario moved on (MUSTER_ESTALE: the job fails, nothing stored). A
 *   cancelled or interrupted job stores nothing.
 * - States: queued (created, thread not yet working), running, done (with
 *   the run's id), failed (with the problem document of the error),
 *   cancelled. Progress is the library's last report (what, done, total).
 * - Shutdown sets every cancel flag and joins every thread before the
 *   daemon stops.
 */
#include "jobs.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_CANCELLED };

static const char *const state_names[] = {"queued", "running", "done", "failed", "cancelled"};

struct job {
	int64_t id;
	struct jobs *owner;
	struct job_opts opts;
	char *actor;
	char created[32], finished[32];
	enum job_state state;
	atomic_int cancel;
	char what[64]; /* the last progress report */
	uint64_t done, total;
	int64_t run_id;
	json_t *problem; /* failed: the problem document */
	pthread_t thread;
	bool joinable;
	atomic_bool exited; /* the thread has done everything but return */
};

struct jobs {
	struct server *srv;
	pthread_mutex_t lock;
	MUSTER_ARRAY(struct job *) all; /* oldest first */
	int64_t next_id;
	int running;
	bool stopping;
};

static void now_iso(char buf[32])
{
	struct timespec ts;
	struct tm tm;
	char day[24];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, 32, "%.19s.%03dZ", day, (int)(ts.tv_nsec / 1000000) % 1000);
}

static void opts_release(struct job_opts *o)
{
	free(o->mission);
	free(o->fair_key);
	free(o->fair_participants);
}

static void job_free(struct job *jb)
{
	opts_release(&jb->opts);
	free(jb->actor);
	json_decref(jb->problem);
	free(jb);
}

/* The job as JSON; the caller holds the lock. */
static json_t *job_json(const struct job *jb)
{
	json_t *o = json_object();
	char url[48];
	snprintf(url, sizeof(url), "/api/jobs/%lld", (long long)jb->id);
	json_object_set_new(o, "id", json_integer(jb->id));
	json_object_set_new(o, "url", json_string(url));
	json_object_set_new(o, "state", json_string(state_names[jb->state]));
	json_object_set_new(o, "created", json_string(jb->created));
	json_object_set_new(o, "finished",
			    jb->finished[0] ? json_string(jb->finished) : json_null());
	json_t *p = json_object();
	json_object_set_new(p, "what", jb->what[0] ? json_string(jb->what) : json_null());
	json_object_set_new(p, "done", json_integer((json_int_t)jb->done));
	json_object_set_new(p, "total", json_integer((json_int_t)jb->total));
	json_object_set_new(o, "progress", p);
	json_t *opt = json_object();
	json_object_set_new(opt, "mission",
			    jb->opts.mission ? json_string(jb->opts.mission) : json_null());
	json_object_set_new(opt, "solver", json_string(jb->opts.exact ? "exact" : "fast"));
	json_object_set_new(opt, "time_limit", json_real(jb->opts.time_limit));
	json_object_set_new(opt, "with_requested", json_boolean(jb->opts.with_requested));
	json_object_set_new(opt, "fair_weight", json_real(jb->opts.fair_weight));
	json_object_set_new(opt, "fair_cap", json_boolean(jb->opts.fair_cap));
	json_object_set_new(o, "options", opt);
	if (jb->state == JOB_DONE) {
		char run[48];
		snprintf(run, sizeof(run), "/api/runs/%lld", (long long)jb->run_id);
		json_object_set_new(o, "run", json_integer(jb->run_id));
		json_object_set_new(o, "run_url", json_string(run));
	} else {
		json_object_set_new(o, "run", json_null());
	}
	json_object_set_new(o, "error", jb->problem ? json_incref(jb->problem) : json_null());
	return o;
}

/* Tell the event stream what changed; takes the lock. */
static void job_announce(struct job *jb)
{
	struct events *ev = server_events(jb->owner->srv);
	pthread_mutex_lock(&jb->owner->lock);
	json_t *o = job_json(jb);
	pthread_mutex_unlock(&jb->owner->lock);
	if (ev)
		events_job(ev, o);
	json_decref(o);
}

static void on_progress(void *data, const char *what, uint64_t done, uint64_t total)
{
	struct job *jb = data;
	pthread_mutex_lock(&jb->owner->lock);
	snprintf(jb->what, sizeof(jb->what), "%s", what ? what : "");
	jb->done = done;
	jb->total = total;
	pthread_mutex_unlock(&jb->owner->lock);
	job_announce(jb);
}

static json_t *problem_of(const struct muster_error *err)
{
	struct response r = {0};
	response_error(&r, err);
	json_t *p = r.body;
	muster_strlist_release(&r.header_names);
	muster_strlist_release(&r.header_values);
	return p;
}

/* The work: load, source, store. 0 (done), MUSTER_EINTR (cancelled) or an error. */
static int job_work(struct job *jb, int64_t *run_id, struct muster_error *err)
{
	struct muster_db *db = NULL;
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_ctx ctx = {
	    .cancel = &jb->cancel, .progress = on_progress, .progress_data = jb};
	struct muster_fair_opts fair = {.key = jb->opts.fair_key ? jb->opts.fair_key : "gdp",
					.participants = jb->opts.fair_participants};
	struct muster_source_opts so = {
	    .exact = jb->opts.exact,
	    .time_limit = jb->opts.time_limit,
	    .with_requested = jb->opts.with_requested,
	    .fair_weight = jb->opts.fair_weight,
	    .fair_key = fair.key,
	    .fair = &fair,
	    .fair_cap = jb->opts.fair_cap,
	    .ctx = &ctx,
	};
	int64_t revision = 0;
	muster_scenario_init(&sc);
	int rc = muster_db_open(&db, server_db_target(jb->owner->srv), err);
	if (rc == 0)
		rc = muster_db_load_rev(db, NULL, &sc, &revision, err);
	if (rc == 0 && jb->opts.mission)
		rc = muster_code_resolve(&sc, MUSTER_CODE_MISSION, jb->opts.mission, &so.mission,
					 err);
	if (rc == 0 && atomic_load(&jb->cancel))
		rc = muster_error_set(err, MUSTER_EINTR, "the run was cancelled");
	if (rc == 0)
		rc = muster_source(&sc, &so, &run, err);
	/* a cancel that came after the solve still stores nothing */
	if (rc == 0 && atomic_load(&jb->cancel))
		rc = muster_error_set(err, MUSTER_EINTR, "the run was cancelled");
	if (rc == 0) {
		run.revision = revision;
		rc = muster_db_run_save(db, &run, err);
	}
	if (rc == 0)
		*run_id = run.id;
	muster_run_release(&run);
	muster_scenario_release(&sc);
	muster_db_close(db);
	return rc;
}

static void *job_thread(void *p)
{
	struct job *jb = p;
	struct jobs *j = jb->owner;
	struct muster_error err = {0};
	int64_t run_id = 0;
	pthread_mutex_lock(&j->lock);
	jb->state = JOB_RUNNING;
	pthread_mutex_unlock(&j->lock);
	job_announce(jb);
	int rc = job_work(jb, &run_id, &err);
	pthread_mutex_lock(&j->lock);
	if (rc == 0) {
		jb->state = JOB_DONE;
		jb->run_id = run_id;
	} else if (rc == MUSTER_EINTR || atomic_load(&jb->cancel)) {
		jb->state = JOB_CANCELLED;
	} else {
		jb->state = JOB_FAILED;
		jb->problem = problem_of(&err);
	}
	now_iso(jb->finished);
	j->running--;
	pthread_mutex_unlock(&j->lock);
	fprintf(stderr, "muster serve: job %lld (%s): %s%s%s\n", (long long)jb->id, jb->actor,
		state_names[jb->state], rc && rc != MUSTER_EINTR ? ": " : "",
		rc && rc != MUSTER_EINTR && err.msg ? err.msg : "");
	muster_error_release(&err);
	job_announce(jb);
	atomic_store(&jb->exited, true);
	return NULL;
}

struct jobs *jobs_new(struct server *srv)
{
	struct jobs *j = xcalloc(1, sizeof(*j));
	j->srv = srv;
	j->next_id = 1;
	pthread_mutex_init(&j->lock, NULL);
	return j;
}

/* Forget the oldest finished jobs past JOBS_KEPT; the caller holds the lock. */
static void jobs_trim(struct jobs *j)
{
	size_t i = 0;
	while (j->all.nr > JOBS_KEPT && i < j->all.nr) {
		struct job *jb = j->all.items[i];
		if (!atomic_load(&jb->exited)) {
			i++;
			continue;
		}
		if (jb->joinable)
			pthread_join(jb->thread, NULL);
		job_free(jb);
		memmove(&j->all.items[i], &j->all.items[i + 1],
			(j->all.nr - i - 1) * sizeof(j->all.items[0]));
		j->all.nr--;
	}
}

int jobs_start(struct jobs *j, const struct job_opts *opts, const char *actor, int64_t *id,
	       struct muster_error *err)
{
	struct job *jb = xcalloc(1, sizeof(*jb));
	jb->owner = j;
	jb->opts = *opts;
	jb->actor = xstrdup(actor ? actor : "");
	atomic_init(&jb->cancel, 0);
	atomic_init(&jb->exited, false);
	now_iso(jb->created);
	pthread_mutex_lock(&j->lock);
	if (j->stopping || j->running >= JOBS_RUNNING_MAX) {
		bool stopping = j->stopping;
		pthread_mutex_unlock(&j->lock);
		job_free(jb);
		return muster_error_set(err, MUSTER_EBUSY,
					stopping ? "the server is stopping"
						 : "%d sourcing runs are running already; try "
						   "again when one has finished",
					JOBS_RUNNING_MAX);
	}
	jb->id = j->next_id++;
	jb->state = JOB_QUEUED;
	j->running++;
	ARRAY_PUSH(j->all, jb);
	if (pthread_create(&jb->thread, NULL, job_thread, jb) != 0) {
		j->all.nr--;
		j->running--;
		pthread_mutex_unlock(&j->lock);
		job_free(jb);
		return muster_error_set(err, MUSTER_EBUSY, "cannot start a thread for the run");
	}
	jb->joinable = true;
	*id = jb->id;
	jobs_trim(j);
	pthread_mutex_unlock(&j->lock);
	return 0;
}

static struct job *find(struct jobs *j, int64_t id)
{
	for (size_t i = 0; i < j->all.nr; i++)
		if (j->all.items[i]->id == id)
			return j->all.items[i];
	return NULL;
}

json_t *jobs_get(struct jobs *j, int64_t id)
{
	pthread_mutex_lock(&j->lock);
	struct job *jb = find(j, id);
	json_t *o = jb ? job_json(jb) : NULL;
	pthread_mutex_unlock(&j->lock);
	return o;
}

int jobs_cancel(struct jobs *j, int64_t id)
{
	pthread_mutex_lock(&j->lock);
	struct job *jb = find(j, id);
	if (jb)
		atomic_store(&jb->cancel, 1);
	pthread_mutex_unlock(&j->lock);
	return jb ? 0 : MUSTER_ENOENT;
}

void jobs_shutdown(struct jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stopping = true;
	for (size_t i = 0; i < j->all.nr; i++)
		atomic_store(&j->all.items[i]->cancel, 1);
	pthread_mutex_unlock(&j->lock);
	/* no job is added once stopping is set: the array is ours to walk */
	for (size_t i = 0; i < j->all.nr; i++)
		if (j->all.items[i]->joinable) {
			pthread_join(j->all.items[i]->thread, NULL);
			j->all.items[i]->joinable = false;
		}
}

void jobs_free(struct jobs *j)
{
	if (!j)
		return;
	jobs_shutdown(j);
	for (size_t i = 0; i < j->all.nr; i++)
		job_free(j->all.items[i]);
	free(j->all.items);
	pthread_mutex_destroy(&j->lock);
	free(j);
}
