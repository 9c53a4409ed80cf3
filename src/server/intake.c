/*
 * intake.c: the checks of what a client sends that do not need a
 * connection: text and paths, the JSON body, cursors. Kept apart from libmicrohttpd so that the
 * fuzzer (tests/fuzz/fuzz_request.c) drives exactly the code the server runs.
 */
#include "server.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Valid UTF-8 (no overlong forms, no surrogates) without control characters. */
bool server_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		size_t n;
		unsigned cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

/* A path we serve: under /api/, valid text, no "." or ".." segment. */
bool server_path_ok(const char *path)
{
	if (path[0] != '/' || !server_text_ok(path))
		return false;
	for (const char *s = path; *s; s++) {
		if (s[0] != '/')
			continue;
		if ((s[1] == '.' && (s[2] == '/' || !s[2])) ||
		    (s[1] == '.' && s[2] == '.' && (s[3] == '/' || !s[3])) || s[1] == '/')
			return false;
	}
	return true;
}

static size_t json_depth(const json_t *j)
{
	size_t d = 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
		{
			size_t e = json_depth(v);
			d = e > d ? e : d;
		}
		return d + 1;
	}
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			size_t e = json_depth(v);
			d = e > d ? e : d;
		}
		return d + 1;
	}
	return 0;
}

int server_body_parse(const char *buf, size_t len, json_t **out, char *msg, size_t n)
{
	json_error_t je;
	*out = NULL;
	if (len > SERVER_BODY_MAX) {
		snprintf(msg, n, "the request body is larger than %d bytes", SERVER_BODY_MAX);
		return -1;
	}
	json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		snprintf(msg, n, "request body: line %d, column %d: %s", je.line, je.column,
			 je.text);
		return -1;
	}
	if (!json_is_object(j)) {
		snprintf(msg, n, "request body: expected a JSON object");
		json_decref(j);
		return -1;
	}
	if (json_depth(j) > SERVER_JSON_DEPTH) {
		snprintf(msg, n, "request body: nested deeper than %d levels", SERVER_JSON_DEPTH);
		json_decref(j);
		return -1;
	}
	*out = j;
	return 0;
}

/* Decode a cursor (hex of a key) into `key`; false when it is not one. */
bool server_cursor_decode(const char *s, char key[SERVER_KEY_MAX + 1])
{
	size_t n = strlen(s);
	if (n % 2 || n / 2 > SERVER_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i += 2) {
		unsigned v;
		if (!isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1]) ||
		    sscanf(s + i, "%2x", &v) != 1 || !v)
			return false;
		key[i / 2] = (char)v;
	}
	key[n / 2] = '\0';
	return true;
}

char *server_cursor_encode(const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		strbuf_addf(&sb, "%02x", *p);
	return strbuf_detach(&sb, NULL);
}
