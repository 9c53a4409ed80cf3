/*
 * fuzz_request.c: libFuzzer harness for what the server does with a
 * client's bytes before any handler runs (src/server/intake.c): the path
 * and text checks, the page cursor, the JSON body parser with its size and
 * depth limits, and the body's fields as CSV cells.
 *
 * The input is "PATH\nCURSOR\nBODY": the first line is checked as a path,
 * the second decoded as a cursor, the rest parsed as a body and, when it
 * parses, turned into fields. Properties checked besides "no crash":
 * a path that passes has no ".." segment and no control character; a
 * decoded cursor re-encodes to the same text; every field is "name=value"
 * with a name of the body.
 */
#include "server.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	const uint8_t *stop = nl ? nl : end;
	char *s = xmalloc((size_t)(stop - *p) + 1);
	memcpy(s, *p, (size_t)(stop - *p));
	s[stop - *p] = '\0';
	*p = nl ? nl + 1 : end;
	return s;
}

static void check_path(const char *path)
{
	if (!server_path_ok(path))
		return;
	if (strstr(path, "/../") || strstr(path, "/./") || strstr(path, "//"))
		abort();
	for (const char *c = path; *c; c++)
		if ((unsigned char)*c < 0x20)
			abort();
}

static void check_cursor(const char *s)
{
	char key[SERVER_KEY_MAX + 1];
	if (!server_cursor_decode(s, key))
		return;
	char *again = server_cursor_encode(key);
	if (strcasecmp(again, s)) /* decoding takes either case */
		abort();
	free(again);
}

static void check_body(const uint8_t *p, size_t n)
{
	json_t *body = NULL;
	char msg[256];
	struct muster_strlist fields = {0};
	if (server_body_parse((const char *)p, n, &body, msg, sizeof(msg)) < 0) {
		if (body || !msg[0])
			abort();
		return;
	}
	if (server_body_fields(body, &fields, msg, sizeof(msg)) == 0) {
		if (fields.nr != json_object_size(body))
			abort();
		for (size_t i = 0; i < fields.nr; i++) {
			char *eq = strchr(fields.items[i], '=');
			if (!eq)
				abort();
			*eq = '\0';
			if (!json_object_get(body, fields.items[i]))
				abort();
		}
	}
	muster_strlist_release(&fields);
	json_decref(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *path = line(&p, end), *cursor = line(&p, end);
	check_path(path);
	server_text_ok(cursor);
	check_cursor(cursor);
	check_body(p, (size_t)(end - p));
	free(path);
	free(cursor);
	return 0;
}
