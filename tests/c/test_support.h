/* Helpers shared by the C test programs (tests/c/test_stskit.c, tests/faultmatrix/faultmatrix.c):
 * allocation that aborts on failure, a monotonic clock and a sleep, reading a file, base64, the
 * emulator's scenario URLs, a minimal HTTP GET for its control endpoints (stats, presigned URLs),
 * and a free port. Included once per program: the
 * functions are static. */
#ifndef STSKIT_TEST_SUPPORT_H
#define STSKIT_TEST_SUPPORT_H

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}

static char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

/* A whole file, NUL-terminated (*len excludes the NUL), or NULL if it cannot be opened. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, n = 0;
    char *buf;
    if (!f) return NULL;
    buf = xmalloc(cap);
    for (;;) {
        size_t got;
        if (cap - n < 1024) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) abort();
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0) break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Base64 of `data` (malloc'd): the URL-safe alphabet without padding, or the standard one. */
static char *base64(const unsigned char *data, size_t len, bool url_safe) {
    const char *t = url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = xmalloc(4 * ((len + 2) / 3) + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        size_t rem = len - i;
        uint32_t n = (uint32_t)data[i] << 16;
        if (rem > 1) n |= (uint32_t)data[i + 1] << 8;
        if (rem > 2) n |= data[i + 2];
        out[o++] = t[(n >> 18) & 63];
        out[o++] = t[(n >> 12) & 63];
        if (rem > 1) out[o++] = t[(n >> 6) & 63];
        else if (!url_safe) out[o++] = '=';
        if (rem > 2) out[o++] = t[n & 63];
        else if (!url_safe) out[o++] = '=';
    }
    out[o] = '\0';
    return out;
}

static char *base64_str(const char *s, bool url_safe) {
    return base64((const unsigned char *)s, strlen(s), url_safe);
}

/* An emulator scenario: its id and the endpoint URL that selects it. */
typedef struct {
    char id[128];
    char url[512];
} scenario_t;

/* A fresh scenario on the listener `base`, with an id unique in this process ("<program>-<prefix>-
 * <pid>-<n>", characters outside [A-Za-z0-9_.-] replaced) and the given directives, e.g.
 * "fault=throttle" (NULL or "" for none). */
static void new_scenario(scenario_t *s, const char *base, const char *program, const char *prefix,
                         const char *directives) {
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static int counter;
    int n;
    pthread_mutex_lock(&lock);
    n = ++counter;
    pthread_mutex_unlock(&lock);
    snprintf(s->id, sizeof s->id, "%s-%s-%ld-%d", program, prefix, (long)getpid(), n);
    for (char *c = s->id; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.' && *c != '-') *c = '_';
    if (directives && *directives)
        snprintf(s->url, sizeof s->url, "%s/_s/%s/%s/", base, s->id, directives);
    else
        snprintf(s->url, sizeof s->url, "%s/_s/%s/", base, s->id);
}

/* GET on a plain http:// URL with optional extra header lines ("Name: value\r\n..."). Returns the
 * HTTP status or -1; *body receives a malloc'd copy of the body (free it) when body is not NULL. */
static int http_get(const char *url, const char *extra_headers, char **body) {
    char hostport[256], host[256], port[16];
    const char *hp, *slash, *path, *colon;
    struct addrinfo hints, *res = NULL, *ai;
    int fd = -1, status = -1;
    size_t len, cap = 8192, used = 0;
    char *req, *buf, *sep;

    if (body) *body = NULL;
    if (strncmp(url, "http://", 7) != 0) return -1;
    hp = url + 7;
    slash = strchr(hp, '/');
    len = slash ? (size_t)(slash - hp) : strlen(hp);
    if (len == 0 || len >= sizeof hostport) return -1;
    memcpy(hostport, hp, len);
    hostport[len] = '\0';
    path = slash ? slash : "/";
    colon = strrchr(hostport, ':');
    if (!colon) return -1;
    memcpy(host, hostport, (size_t)(colon - hostport));
    host[colon - hostport] = '\0';
    snprintf(port, sizeof port, "%s", colon + 1);

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) return -1;

    len = strlen(path) + strlen(hostport) + strlen(extra_headers ? extra_headers : "") + 128;
    req = xmalloc(len);
    buf = xmalloc(cap);
    snprintf(req, len, "GET %s HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", path, hostport,
             extra_headers ? extra_headers : "");
    for (size_t sent = 0, total = strlen(req); sent < total;) {
        ssize_t n = send(fd, req + sent, total - sent, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) goto out;
        sent += (size_t)n;
    }
    for (;;) {
        ssize_t n;
        if (cap - used < 4096) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) abort();
        }
        n = recv(fd, buf + used, cap - used - 1, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) goto out;
        if (n == 0) break;
        used += (size_t)n;
    }
    buf[used] = '\0';
    if (sscanf(buf, "HTTP/%*d.%*d %d", &status) != 1) status = -1;
    sep = strstr(buf, "\r\n\r\n");
    if (body && sep) *body = xstrdup(sep + 4);
out:
    close(fd);
    free(req);
    free(buf);
    return status;
}

/* The number after "key": in a JSON text (first occurrence), or -1. */
static long json_number(const char *json, const char *key) {
    char pattern[96];
    const char *p;
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    p = json ? strstr(json, pattern) : NULL;
    if (!p) return -1;
    p += strlen(pattern);
    while (*p == ' ') p++;
    if (!isdigit((unsigned char)*p)) return -1;
    return strtol(p, NULL, 10);
}

/* A top-level counter of the emulator's stats for a scenario ("requests", "signed", "faults"...),
 * asked of the emulator's plain listener `http_base`; -1 if it cannot be read. */
static long emu_stat(const char *http_base, const char *id, const char *key) {
    char url[512];
    char *body = NULL;
    long v = -1;
    snprintf(url, sizeof url, "%s/_emulator/stats/%s", http_base, id);
    if (http_get(url, NULL, &body) == 200) v = json_number(body, key);
    free(body);
    return v;
}

/* A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
static int unused_port(void) {
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = 1;
    if (fd < 0) return 1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &alen) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

#endif
