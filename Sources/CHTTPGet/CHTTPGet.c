// libcurl's setters are variadic, which Swift cannot call: this file sets them for one GET.
#include "CHTTPGet.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/// libcurl's functions, each typed as its header declares it. libcurl is not linked: it brings
/// some twenty libraries of its own (TLS, Kerberos, LDAP, SSH…), 3.6 MB resident in every
/// player, and only `jma-pull` fetches anything. The first GET loads it.
static struct {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
} lib;
/// Why libcurl could not be loaded; empty when it was.
static char load_failure[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    // The soname libcurl has had since 2006 (its version 7.16), which Debian's libcurl4 ships.
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(load_failure, sizeof load_failure, "libcurl cannot be loaded: %s", dlerror());
        return;
    }
#define FIND(field, name) \
    *(void **)&lib.field = dlsym(handle, #name); \
    if (!lib.field) { \
        snprintf(load_failure, sizeof load_failure, "libcurl has no " #name); \
        return; \
    }
    FIND(global_init, curl_global_init)
    FIND(easy_init, curl_easy_init)
    FIND(easy_setopt, curl_easy_setopt)
    FIND(easy_perform, curl_easy_perform)
    FIND(easy_getinfo, curl_easy_getinfo)
    FIND(easy_strerror, curl_easy_strerror)
    FIND(easy_cleanup, curl_easy_cleanup)
    FIND(slist_append, curl_slist_append)
    FIND(slist_free_all, curl_slist_free_all)
#undef FIND
    lib.global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct {
    mk_http_result *out;
    size_t capacity;
    size_t limit;
} sink;

static size_t write_body(char *data, size_t size, size_t count, void *user) {
    sink *s = user;
    size_t n = size * count;
    if (s->out->length + n > s->limit) {
        s->out->too_large = 1;
        return 0;  // stops the transfer (CURLE_WRITE_ERROR)
    }
    if (s->out->length + n > s->capacity) {
        size_t capacity = s->capacity ? s->capacity : 65536;
        while (capacity < s->out->length + n) capacity *= 2;
        if (capacity > s->limit) capacity = s->limit;
        unsigned char *grown = realloc(s->out->body, capacity);
        if (!grown) return 0;
        s->out->body = grown;
        s->capacity = capacity;
    }
    memcpy(s->out->body + s->out->length, data, n);
    s->out->length += n;
    return n;
}

/// Copies a header's value (trimmed) into `field` when the line is `name: value`.
static void take_header(const char *line, size_t n, const char *name, char *field, size_t capacity) {
    size_t name_length = strlen(name);
    if (n <= name_length + 1 || strncasecmp(line, name, name_length) != 0 || line[name_length] != ':') return;
    const char *value = line + name_length + 1;
    const char *end = line + n;
    while (value < end && (*value == ' ' || *value == '\t')) value++;
    while (end > value && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) end--;
    size_t length = (size_t)(end - value);
    if (length >= capacity) return;
    memcpy(field, value, length);
    field[length] = 0;
}

static size_t read_header(char *line, size_t size, size_t count, void *user) {
    mk_http_result *out = user;
    size_t n = size * count;
    // A new status line (a redirect, a 100) starts a new set of headers.
    if (n > 5 && strncmp(line, "HTTP/", 5) == 0) {
        out->etag[0] = 0;
        out->last_modified[0] = 0;
    }
    take_header(line, n, "ETag", out->etag, sizeof out->etag);
    take_header(line, n, "Last-Modified", out->last_modified, sizeof out->last_modified);
    return n;
}

int mk_http_get(const char *url, const char *user_agent, const char *if_none_match, const char *if_modified_since,
                size_t limit, long timeout_seconds, mk_http_result *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&once, load);
    if (load_failure[0]) {
        snprintf(out->error, sizeof out->error, "%s", load_failure);
        return CURLE_FAILED_INIT;
    }
    CURL *curl = lib.easy_init();
    if (!curl) {
        strcpy(out->error, "curl_easy_init failed");
        return CURLE_FAILED_INIT;
    }
    sink s = {out, 0, limit};
    char error[CURL_ERROR_SIZE] = {0};
    struct curl_slist *headers = NULL;
    char line[512];
    if (if_none_match && *if_none_match && strlen(if_none_match) < 400) {
        snprintf(line, sizeof line, "If-None-Match: %s", if_none_match);
        headers = lib.slist_append(headers, line);
    }
    if (if_modified_since && *if_modified_since && strlen(if_modified_since) < 400) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", if_modified_since);
        headers = lib.slist_append(headers, line);
    }
    lib.easy_setopt(curl, CURLOPT_URL, url);
    lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    // A redirect never goes from https down to http.
    lib.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, strncmp(url, "https:", 6) == 0 ? "https" : "http,https");
    lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    lib.easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
    lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    lib.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout_seconds < 10 ? timeout_seconds : 10L);
    lib.easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    lib.easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)limit);
    lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    if (user_agent) lib.easy_setopt(curl, CURLOPT_USERAGENT, user_agent);
    if (headers) lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    lib.easy_setopt(curl, CURLOPT_WRITEDATA, &s);
    lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
    lib.easy_setopt(curl, CURLOPT_HEADERDATA, out);
    CURLcode code = lib.easy_perform(curl);
    lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
    if (code == CURLE_FILESIZE_EXCEEDED) out->too_large = 1;
    if (code != CURLE_OK) {
        snprintf(out->error, sizeof out->error, "%s", error[0] ? error : lib.easy_strerror(code));
        if (out->too_large) {
            free(out->body);
            out->body = NULL;
            out->length = 0;
        }
    }
    lib.slist_free_all(headers);
    lib.easy_cleanup(curl);
    return (int)code;
}

void mk_http_free(mk_http_result *result) {
    free(result->body);
    result->body = NULL;
    result->length = 0;
}
