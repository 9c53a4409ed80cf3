/*
 * web.c: the web page (web/ in the source tree), served at / and /web/NAME
 * from the copies built into the binary (web_assets.c, tools/embed_web.py).
 *
 * Key decisions:
 * - The page is static files that only call the JSON API: no login is
 *   needed to fetch them, and they hold no data. What a role may see comes
 *   from the API alone, which filters it.
 * - Its Content-Security-Policy allows scripts, styles, images and
 *   connections from the server itself ('self') and nothing else: no
 *   inline script or style, no other origin, no framing. The API's
 *   responses keep their stricter `default-src 'none'`.
 * - Only GET; the file names are the table's, compared whole, so no path
 *   ever reaches the file system.
 */
#include "server.h"
#include "web.h"

#include <microhttpd.h>
#include <string.h>

#define WEB_CSP                                                                                    \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "                \
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

static const struct web_asset *web_find(const char *name)
{
	for (size_t i = 0; i < web_assets_nr; i++)
		if (!strcmp(web_assets[i].name, name))
			return &web_assets[i];
	return NULL;
}

bool web_serve(const char *method, const char *path, struct response *res)
{
	const char *name;
	if (!strcmp(path, "/"))
		name = "index.html";
	else if (!strncmp(path, "/web/", 5))
		name = path + 5;
	else
		return false;
	if (strcmp(method, "GET")) {
		response_problem(res, 405, "%s is not allowed here; allowed: GET", method);
		response_header(res, "Allow", "GET");
		return true;
	}
	const struct web_asset *a = web_find(name);
	if (!a) {
		response_problem(res, 404, "no file '%s' in the web page", name);
		return true;
	}
	res->raw = MHD_create_response_from_buffer(a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(res->raw, "Content-Type", a->type);
	res->csp = WEB_CSP;
	res->status = 200;
	return true;
}
