/*
 * web.h: the web page's files, built into the binary (tools/embed_web.py
 * writes web_assets.c from web/), and the handler that serves them.
 */
#ifndef MUSTER_SERVER_WEB_H
#define MUSTER_SERVER_WEB_H

#include <stddef.h>

struct web_asset {
	const char *name; /* "app.js": served at /web/app.js */
	const char *type; /* its Content-Type */
	const char *data;
	size_t len;
};

extern const struct web_asset web_assets[];
extern const size_t web_assets_nr;

#endif
