/*
 * events.c: GET /api/events, a Server-Sent Events stream (text/event-stream)
 * of record changes and job progress.
 *
 * Key decisions:
 * - One watcher thread with a database handle of its own polls the
 *   scenario's revision (every EVENTS_POLL_MS) and turns each new audit row
 *   into an "record" event (entity, key, op, version, revision, at, actor).
 *   So an edit made through any front end (this server, another server on
 *   the same database, the CLI) reaches every subscriber.
 * - Each subscriber sees only the rows muster_view_history keeps for its
 *   actor (the library's policy): a liaison never gets another nation's
 *   caveat or offer key, a viewer no row of offers, caveats, caps or
 *   deployments. Job events (jobs.c) go to those who may watch jobs
 *   (muster_policy_check_planner: planners and admins, as GET /api/jobs).
 * - A stored run is no audit row, so the watcher also looks at the latest
 *   run's id and sends a "run" event (id, mission, revision, created) to
 *   every subscriber when a new one appears: runs are for every role (GET
 *   /api/runs), and a run stored by the CLI or another server counts too.
 * - Every subscriber has a bounded queue (EVENTS_QUEUE_MAX bytes): one that
 *   does not read fast enough is dropped (its stream ends) instead of
 *   holding up the watcher or a writer. Nothing ever waits on a client.
 * - The stream is a response from a callback (MHD); when its queue is
 *   empty the callback suspends the connection, and the watcher resumes it
 *   when there is something to send, so no pool thread waits or spins.
 *   A comment line is sent every EVENTS_HEARTBEAT_S seconds (a heartbeat:
 *   proxies keep the connection open, and a gone client is noticed).
 * - Shutdown ends every stream (the callback returns end of stream) and
 *   stops the watcher before the daemon is stopped.
 */
#include "jobs.h"
#include "util.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVENTS_POLL_MS	   200
#define EVENTS_HEARTBEAT_S 15
#define EVENTS_QUEUE_MAX   (256 * 1024) /* bytes waiting for one subscriber */
#define EVENTS_SUBS_MAX	   128		/* streams at once; one more is a 503 */

struct sub {
	struct events *ev;
	struct MHD_Connection *conn;
	struct muster_actor actor; /* a copy */
	struct strbuf queue;	   /* bytes not yet sent */
	size_t sent;		   /* of queue, already sent */
	bool suspended;		   /* the callback suspended the connection */
	bool closed;		   /* end the stream once the queue is sent (dropped: emptied) */
};

struct events {
	struct server *srv;
	struct muster_db *db;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	MUSTER_ARRAY(struct sub *) subs;
	bool stopping;
	pthread_t thread;
	bool started;
	int64_t seq;	  /* the id of the last event sent */
	int64_t last_rev; /* the revision the watcher has seen */
	int64_t last_run; /* the id of the latest stored run the watcher has seen */
	char *last_at;	  /* the time of the last audit row seen */
};

/* ---- queues --------------------------------------------------------------- */

/* Queue `text` for `s` and wake its connection; the caller holds the lock. */
static void sub_push(struct sub *s, const char *text)
{
	if (s->closed)
		return;
	if (s->queue.len - s->sent + strlen(text) > EVENTS_QUEUE_MAX) {
		/* too slow: drop it rather than hold anything up */
		fprintf(stderr, "muster serve: events: user '%s' reads too slowly; stream ended\n",
			s->actor.name ? s->actor.name : "");
		strbuf_release(&s->queue);
		s->sent = 0;
		s->closed = true;
	} else {
		strbuf_addstr(&s->queue, text);
	}
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

/* One event frame: "id: N\nevent: TYPE\ndata: JSON\n\n" (the caller frees it). */
static char *frame(struct events *ev, const char *type, json_t *data)
{
	char *text = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *out = xstrfmt("id: %lld\nevent: %s\ndata: %s\n\n", (long long)++ev->seq, type,
			    text ? text : "null");
	free(text);
	return out;
}

void events_job(struct events *ev, json_t *job)
{
	pthread_mutex_lock(&ev->lock);
	char *f = frame(ev, "job", job);
	for (size_t i = 0; i < ev->subs.nr; i++) /* jobs are the planners' (api_runs.c) */
		if (muster_policy_check_planner(&ev->subs.items[i]->actor, "watch jobs", NULL) == 0)
			sub_push(ev->subs.items[i], f);
	free(f);
	pthread_mutex_unlock(&ev->lock);
}

/* ---- the stream ------------------------------------------------------------ */

static ssize_t sub_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sub *s = cls;
	(void)pos;
	pthread_mutex_lock(&s->ev->lock);
	size_t n = s->queue.len - s->sent;
	if (n) {
		if (n > max)
			n = max;
		memcpy(buf, s->queue.buf + s->sent, n);
		s->sent += n;
		if (s->sent == s->queue.len) {
			strbuf_reset(&s->queue);
			s->sent = 0;
		}
		pthread_mutex_unlock(&s->ev->lock);
		return (ssize_t)n;
	}
	if (s->closed) {
		pthread_mutex_unlock(&s->ev->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	s->suspended = true;
	MHD_suspend_connection(s->conn);
	pthread_mutex_unlock(&s->ev->lock);
	return 0;
}

static void sub_free(void *cls)
{
	struct sub *s = cls;
	struct events *ev = s->ev;
	pthread_mutex_lock(&ev->lock);
	for (size_t i = 0; i < ev->subs.nr; i++)
		if (ev->subs.items[i] == s) {
			ev->subs.items[i] = ev->subs.items[--ev->subs.nr];
			break;
		}
	pthread_cond_broadcast(&ev->wake);
	pthread_mutex_unlock(&ev->lock);
	strbuf_release(&s->queue);
	muster_actor_release(&s->actor);
	free(s);
}

static void get_events(struct request *req, struct response *res)
{
	struct events *ev = server_events(req->srv);
	if (!ev || !req->connection) {
		response_problem(res, 503, "the event stream is not available");
		return;
	}
	struct sub *s = xcalloc(1, sizeof(*s));
	s->ev = ev;
	s->conn = req->connection;
	s->actor.name = xstrdup_or_null(req->actor->name);
	s->actor.role = req->actor->role;
	s->actor.nation = xstrdup_or_null(req->actor->nation);
	strbuf_init(&s->queue);
	pthread_mutex_lock(&ev->lock);
	if (ev->stopping || ev->subs.nr >= EVENTS_SUBS_MAX) {
		bool stopping = ev->stopping;
		pthread_mutex_unlock(&ev->lock);
		strbuf_release(&s->queue);
		muster_actor_release(&s->actor);
		free(s);
		response_problem(res, 503,
				 stopping ? "the server is stopping"
					  : "too many event streams are open; try again later");
		response_header(res, "Retry-After", "5");
		return;
	}
	/* the first event says whom the stream is for, and that it is live */
	json_t *hello =
	    json_pack("{s:s,s:s,s:I}", "user", s->actor.name ? s->actor.name : "", "role",
		      muster_role_name(s->actor.role), "revision", (json_int_t)ev->last_rev);
	char *f = frame(ev, "hello", hello);
	json_decref(hello);
	strbuf_addf(&s->queue, "retry: 2000\n%s", f);
	free(f);
	ARRAY_PUSH(ev->subs, s);
	pthread_mutex_unlock(&ev->lock);
	struct MHD_Response *r =
	    MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sub_read, s, sub_free);
	if (!r) {
		sub_free(s);
		response_problem(res, 503, "cannot start the event stream");
		return;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	res->raw = r;
	res->status = 200;
}

/* ---- the watcher ------------------------------------------------------------ */

/* The version each row left its record at: the current one, less later rows of it. */
static int64_t row_version(struct events *ev, const struct muster_audit_list *rows, size_t i)
{
	const struct muster_audit *a = &rows->items[i];
	if (!strcmp(a->op, "delete"))
		return 0;
	struct muster_record rec = {0};
	struct muster_error err = {0};
	int64_t v = 0;
	if (muster_db_record(ev->db, a->entity, a->key, &rec, &err) == 0) {
		v = rec.version;
		for (size_t k = i + 1; k < rows->nr && v > 0; k++)
			if (!strcmp(rows->items[k].entity, a->entity) &&
			    !strcmp(rows->items[k].key, a->key))
				v = !strcmp(rows->items[k].op, "insert") ? 0 : v - 1;
	}
	muster_record_release(&rec);
	muster_error_release(&err);
	return v;
}

static json_t *row_json(const struct muster_audit *a, int64_t version)
{
	return json_pack("{s:s,s:s,s:s,s:o,s:I,s:s,s:s}", "entity", a->entity, "key", a->key, "op",
			 a->op, "version", version > 0 ? json_integer(version) : json_null(),
			 "revision", (json_int_t)a->rev, "at", a->at, "actor", a->actor);
}

/* New audit rows since the last look, sent to those who may see them. */
static void watch_once(struct events *ev)
{
	struct muster_error err = {0};
	struct muster_audit_list rows = {0}, fresh = {0};
	int64_t rev = 0;
	if (muster_db_revision(ev->db, NULL, &rev, &err) < 0 || rev <= ev->last_rev)
		goto out;
	struct muster_history_filter f = {.since = ev->last_at};
	if (muster_db_history(ev->db, &f, &rows, &err) < 0)
		goto out;
	for (size_t i = 0; i < rows.nr; i++)
		if (rows.items[i].rev > ev->last_rev) {
			struct muster_audit a = rows.items[i];
			memset(&rows.items[i], 0, sizeof(a));
			ARRAY_PUSH(fresh, a);
		}
	/* rows committed after the revision was read are sent now, not twice */
	for (size_t i = 0; i < fresh.nr; i++)
		if (fresh.items[i].rev > rev)
			rev = fresh.items[i].rev;
	int64_t *versions = xcalloc(fresh.nr + 1, sizeof(*versions));
	for (size_t i = 0; i < fresh.nr; i++)
		versions[i] = row_version(ev, &fresh, i);
	pthread_mutex_lock(&ev->lock);
	for (size_t k = 0; k < ev->subs.nr; k++) {
		struct sub *s = ev->subs.items[k];
		struct muster_audit_list seen = {0};
		struct muster_error verr = {0};
		if (muster_view_history(&fresh, &s->actor, &seen, &verr) == 0)
			/* rows kept are copies in order: match them back for the version */
			for (size_t i = 0, j = 0; i < seen.nr; i++) {
				while (j < fresh.nr && fresh.items[j].seq != seen.items[i].seq)
					j++;
				json_t *o =
				    row_json(&seen.items[i], j < fresh.nr ? versions[j] : 0);
				char *fr = frame(ev, "record", o);
				sub_push(s, fr);
				free(fr);
				json_decref(o);
			}
		muster_audit_list_release(&seen);
		muster_error_release(&verr);
	}
	ev->last_rev = rev; /* read by get_events under the lock */
	pthread_mutex_unlock(&ev->lock);
	free(versions);
	if (fresh.nr) {
		free(ev->last_at);
		ev->last_at = xstrdup(fresh.items[fresh.nr - 1].at);
	}
out:
	if (err.code)
		fprintf(stderr, "muster serve: events: %s\n", err.msg ? err.msg : "error");
	muster_audit_list_release(&rows);
	muster_audit_list_release(&fresh);
	muster_error_release(&err);
}

/* The runs stored since the last look, announced to every subscriber. */
static void watch_runs(struct events *ev)
{
	struct muster_run_list l = {0};
	struct muster_error err = {0};
	if (muster_db_runs(ev->db, &l, &err) < 0) {
		fprintf(stderr, "muster serve: events: %s\n", err.msg ? err.msg : "error");
		goto out;
	}
	pthread_mutex_lock(&ev->lock);
	for (size_t i = 0; i < l.nr; i++) {
		const struct muster_run *r = &l.items[i];
		if (r->id <= ev->last_run)
			continue;
		json_t *o =
		    json_pack("{s:I,s:o,s:o,s:I,s:s}", "id", (json_int_t)r->id, "mission",
			      r->mission ? json_string(r->mission) : json_null(), "whatif",
			      r->whatif ? json_string(r->whatif) : json_null(), "revision",
			      (json_int_t)r->revision, "created", r->created ? r->created : "");
		char *f = frame(ev, "run", o);
		for (size_t k = 0; k < ev->subs.nr; k++)
			sub_push(ev->subs.items[k], f);
		free(f);
		json_decref(o);
		ev->last_run = r->id;
	}
	pthread_mutex_unlock(&ev->lock);
out:
	muster_run_list_release(&l);
	muster_error_release(&err);
}

/* The id of the latest stored run (0: none), for the watcher's start. */
static int latest_run(struct muster_db *db, int64_t *id, struct muster_error *err)
{
	struct muster_run_list l = {0};
	int rc = muster_db_runs(db, &l, err);
	*id = 0;
	for (size_t i = 0; rc == 0 && i < l.nr; i++)
		if (l.items[i].id > *id)
			*id = l.items[i].id;
	muster_run_list_release(&l);
	return rc;
}

static void heartbeat(struct events *ev)
{
	char line[64], at[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(line, sizeof(line), ": heartbeat %s\n\n", at);
	pthread_mutex_lock(&ev->lock);
	for (size_t i = 0; i < ev->subs.nr; i++)
		sub_push(ev->subs.items[i], line);
	pthread_mutex_unlock(&ev->lock);
}

static void *watcher(void *p)
{
	struct events *ev = p;
	time_t last_beat = time(NULL);
	pthread_mutex_lock(&ev->lock);
	while (!ev->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += EVENTS_POLL_MS * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&ev->wake, &ev->lock, &ts);
		if (ev->stopping)
			break;
		pthread_mutex_unlock(&ev->lock);
		watch_once(ev);
		watch_runs(ev);
		if (time(NULL) - last_beat >= EVENTS_HEARTBEAT_S) {
			heartbeat(ev);
			last_beat = time(NULL);
		}
		pthread_mutex_lock(&ev->lock);
	}
	pthread_mutex_unlock(&ev->lock);
	return NULL;
}

struct events *events_new(struct server *srv, struct muster_error *err)
{
	struct events *ev = xcalloc(1, sizeof(*ev));
	struct muster_audit_list rows = {0};
	ev->srv = srv;
	pthread_mutex_init(&ev->lock, NULL);
	pthread_cond_init(&ev->wake, NULL);
	if (muster_db_open(&ev->db, server_db_target(srv), err) < 0 ||
	    muster_db_revision(ev->db, NULL, &ev->last_rev, err) < 0 ||
	    latest_run(ev->db, &ev->last_run, err) < 0 ||
	    muster_db_history(ev->db, NULL, &rows, err) < 0) {
		muster_audit_list_release(&rows);
		events_free(ev);
		return NULL;
	}
	if (rows.nr)
		ev->last_at = xstrdup(rows.items[rows.nr - 1].at);
	muster_audit_list_release(&rows);
	if (pthread_create(&ev->thread, NULL, watcher, ev) != 0) {
		muster_error_set(err, MUSTER_EIO, "cannot start the event watcher");
		events_free(ev);
		return NULL;
	}
	ev->started = true;
	return ev;
}

void events_shutdown(struct events *ev)
{
	if (!ev)
		return;
	pthread_mutex_lock(&ev->lock);
	ev->stopping = true;
	for (size_t i = 0; i < ev->subs.nr; i++) {
		struct sub *s = ev->subs.items[i];
		s->closed = true;
		if (s->suspended) {
			s->suspended = false;
			MHD_resume_connection(s->conn);
		}
	}
	pthread_cond_broadcast(&ev->wake);
	pthread_mutex_unlock(&ev->lock);
	if (ev->started) {
		pthread_join(ev->thread, NULL);
		ev->started = false;
	}
}

void events_free(struct events *ev)
{
	if (!ev)
		return;
	events_shutdown(ev);
	/* the daemon has stopped: every stream's sub_free has run */
	free(ev->subs.items);
	free(ev->last_at);
	muster_db_close(ev->db);
	pthread_cond_destroy(&ev->wake);
	pthread_mutex_destroy(&ev->lock);
	free(ev);
}

void api_events_routes(struct server *srv)
{
	static const struct route routes[] = {
	    {"GET", "/api/events", get_events, ROLES_ALL,
	     "a Server-Sent Events stream (text/event-stream) of record changes the caller "
	     "may see (event 'record'), runs stored (event 'run') and job progress (event "
	     "'job')",
	     NULL, NULL, "{\"type\":\"string\",\"description\":\"text/event-stream\"}", 200, NULL},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		server_route_add(srv, &routes[i]);
}
