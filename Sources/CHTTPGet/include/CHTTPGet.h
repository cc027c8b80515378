#ifndef MACHINAKA_CHTTPGET_H
#define MACHINAKA_CHTTPGET_H

#include <stddef.h>

/// What one GET brought back. Free with `mk_http_free`.
typedef struct {
    /// The HTTP status of the last response (after redirects), 0 when none came.
    long status;
    /// The body (after content decoding), `length` bytes; NULL when empty or refused.
    unsigned char *body;
    size_t length;
    /// 1 when the body grew past the limit and the transfer was stopped.
    int too_large;
    /// The response's ETag and Last-Modified headers, empty when absent or too long.
    char etag[256];
    char last_modified[64];
    /// libcurl's words for a failed transfer, empty on success.
    char error[256];
} mk_http_result;

/// One GET of `url` (http or https only; at most 3 redirects; gzip accepted), giving up after
/// `timeout_seconds` in all, and stopping as soon as the decoded body passes `limit` bytes — so
/// a huge or endless answer costs at most `limit` of memory. `if_none_match` and
/// `if_modified_since` (either may be NULL) make it conditional. Returns libcurl's code (0 when
/// a response came, whatever its status) and fills `out`.
int mk_http_get(const char *url, const char *user_agent, const char *if_none_match, const char *if_modified_since,
                size_t limit, long timeout_seconds, mk_http_result *out);

/// Frees the body of a result.
void mk_http_free(mk_http_result *result);

#endif
