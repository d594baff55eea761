/*
 * Fault matrix and concurrency stress through the stskit C ABI, against the local STS emulator
 * (tests/emulator/stsemu.py). Run by tests/faultmatrix/run.sh, which starts the emulator and
 * exports its URLs:
 *
 *   STSKIT_EMULATOR_HTTP, STSKIT_EMULATOR_HTTPS, STSKIT_EMULATOR_CA,
 *   STSKIT_EMULATOR_HTTPS_EXPIRED, STSKIT_EMULATOR_HTTPS_WRONGHOST
 *
 * Usage: faultmatrix [matrix] [concurrency]      (both when no argument is given)
 *
 *   matrix       every fault of issue 9 (network, server, body, clock, TLS), each through
 *                stskit_client_send (and the provider for some): the documented typed error or
 *                success after retries, within a time bound, with the emulator's request count.
 *                Secret hygiene: every log line (DEBUG) and every error text is checked for the
 *                secret key, every session token and secret the emulator issued, and canary web
 *                identity tokens / SAML assertions sent in faulted cases.
 *                Prints "N faults tried, N handled".
 *   concurrency  FM_THREADS threads (default 16) share one client and one provider per phase
 *                and make FM_CALLS calls each (default 200, spread over the phases) against
 *                scenarios with faults injected; every call must return a typed status, the
 *                counts must add up, and the emulator's request count must equal the attempts
 *                the client logged.
 *
 * A watchdog ends the process (exit 3) after FM_WATCHDOG_S seconds (default 300): a deadlock or
 * hang is a failure, never a stuck CI job. The last line is "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "stskit.h"
#include "../c/test_support.h"

/* ---------------------------------------------------------------------------------------------
 * Small utilities
 * ------------------------------------------------------------------------------------------- */

static const char *const AKID = "AKIDEXAMPLE";
static const char *const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
static const char *const SECRET_ENCODED = "wJalrXUtnFEMI%2FK7MDENG%2BbPxRfiCYEXAMPLEKEY";
static const char *const ROLE_ARN = "arn:aws:iam::123456789012:role/GameClient";
/* Claim value inside the canary JWT, and text inside the canary SAML assertion. */
static const char *const JWT_CANARY = "jwt-canary-5b0d8e1f3c";
static const char *const SAML_CANARY = "saml-canary-a41c77e2d9";
/* A wrong secret sent with an issued access key: STS answers SignatureDoesNotMatch quoting the
 * canonical request, which holds the session token. */
static const char *const WRONG_SECRET = "canaryWrongSecretKey0000000000000000000000";
/* The secret in the bodies the emulator's body faults (truncate, badutf8, shortbody...) send. */
static const char *const FAULT_BODY_SECRET = "faultSecretKey0000000000000000000000000000";
/* Every session token the emulator issues starts with this. */
static const char *const TOKEN_MARKER = "IQoJb3JpZ2luX2VjE";

static const char *g_http, *g_https, *g_https_expired, *g_https_wronghost, *g_ca_path;
static char *g_ca_pem;
static size_t g_ca_len;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static char *xstrndup(const char *s, size_t n) {
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static long env_long(const char *name, long def) {
    const char *v = getenv(name);
    char *end;
    long n;
    if (!v || !*v) return def;
    n = strtol(v, &end, 10);
    return (*end || n <= 0) ? def : n;
}

static const char *need_env(const char *name) {
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "faultmatrix: %s is not set (run tests/faultmatrix/run.sh)\n", name);
        exit(2);
    }
    return v;
}

/* A growable, thread-safe list of strings. */
typedef struct {
    pthread_mutex_t lock;
    char **items;
    size_t n, cap;
} strlist;

static void strlist_init(strlist *l) {
    pthread_mutex_init(&l->lock, NULL);
    l->items = NULL;
    l->n = l->cap = 0;
}

static void strlist_add_owned(strlist *l, char *s) {
    pthread_mutex_lock(&l->lock);
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        if (!l->items) abort();
    }
    l->items[l->n++] = s;
    pthread_mutex_unlock(&l->lock);
}

static void strlist_add(strlist *l, const char *s) { strlist_add_owned(l, xstrdup(s ? s : "")); }

static void strlist_free(strlist *l) {
    for (size_t i = 0; i < l->n; i++) free(l->items[i]);
    free(l->items);
    pthread_mutex_destroy(&l->lock);
    l->items = NULL;
    l->n = l->cap = 0;
}

/* ---------------------------------------------------------------------------------------------
 * Secret hygiene: canaries, and everything the library said
 * ------------------------------------------------------------------------------------------- */

static strlist g_canaries;  /* secrets that must never appear in a log line or error text */
static strlist g_said;      /* every log line and error text of the matrix, "what: text" */
static long g_log_lines;

/* A secret: the whole string, and 24-character windows at its start, middle and end, so a
 * shortened or partial echo is caught too. */
static void add_canary(const char *s) {
    size_t n;
    if (!s || !*s) return;
    n = strlen(s);
    strlist_add(&g_canaries, s);
    if (n > 40) {
        strlist_add_owned(&g_canaries, xstrndup(s, 24));
        strlist_add_owned(&g_canaries, xstrndup(s + n / 2 - 12, 24));
        strlist_add_owned(&g_canaries, xstrndup(s + n - 24, 24));
    }
}

static void said(const char *what, const char *text) {
    size_t n = strlen(what) + strlen(text ? text : "") + 3;
    char *s = xmalloc(n);
    snprintf(s, n, "%s: %s", what, text ? text : "");
    strlist_add_owned(&g_said, s);
}

/* Records an error's texts for the hygiene check. */
static void said_error(const stskit_error *err) {
    if (!err) return;
    said("error message", stskit_error_message(err));
    said("error code", stskit_error_code(err));
    said("error request id", stskit_error_request_id(err));
}

/* The log callback of the matrix: keep every line. */
static void matrix_log(void *user_data, int32_t level, const char *message) {
    (void)user_data;
    if (level < STSKIT_LOG_LEVEL_ERROR || level > STSKIT_LOG_LEVEL_DEBUG || !message) {
        said("bad log call", "level out of range or NULL message");
        return;
    }
    pthread_mutex_lock(&g_lock);
    g_log_lines++;
    pthread_mutex_unlock(&g_lock);
    said("log", message);
}

/* ---------------------------------------------------------------------------------------------
 * Emulator helpers: scenario URLs (HTTP GET and the stats endpoint: ../c/test_support.h)
 * ------------------------------------------------------------------------------------------- */

/* A fresh scenario on `base` (one of the emulator's listeners) with the given directives. */
static void scenario_on(scenario_t *s, const char *base, const char *prefix, const char *directives) {
    new_scenario(s, base, "fm", prefix, directives);
}

/* ---------------------------------------------------------------------------------------------
 * Canary identity documents: a JWT with a canary claim, a SAML assertion with a canary
 * ------------------------------------------------------------------------------------------- */

/* A JWT for the emulator (it reads, not verifies, it) carrying `sub` and the canary claim. The
 * token, its payload segment and the claim value are all canaries. */
static char *canary_jwt(const char *sub) {
    char payload[512];
    char *h, *p, *s, *out;
    size_t n;
    snprintf(payload, sizeof payload,
             "{\"sub\":\"%s\",\"aud\":\"game-client\",\"iss\":\"https://accounts.example.com\","
             "\"canary\":\"%s\",\"exp\":%lld}",
             sub, JWT_CANARY, (long long)time(NULL) + 3600);
    h = base64_str("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"fm\"}", true);
    p = base64_str(payload, true);
    s = base64_str("not-a-real-signature-but-a-secret-nonetheless", true);
    n = strlen(h) + strlen(p) + strlen(s) + 3;
    out = xmalloc(n);
    snprintf(out, n, "%s.%s.%s", h, p, s);
    add_canary(out);
    add_canary(p);
    free(h);
    free(p);
    free(s);
    return out;
}

/* A base64 SAML Response valid for an hour, with the canary inside; the assertion is a canary. */
static char *canary_saml(void) {
    char xml[4096], until[32];
    time_t t = time(NULL) + 3600;
    struct tm tm;
    char *out;
    gmtime_r(&t, &tm);
    strftime(until, sizeof until, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(xml, sizeof xml,
             "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
             "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"><!-- %s -->"
             "<saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Assertion>"
             "<saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Subject>"
             "<saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:transient\">player-7</saml:NameID>"
             "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
             "<saml:SubjectConfirmationData NotOnOrAfter=\"%s\" Recipient=\"https://signin.aws.amazon.com/saml\"/>"
             "</saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter=\"%s\"/>"
             "</saml:Assertion></samlp:Response>",
             SAML_CANARY, until, until);
    out = base64_str(xml, false);
    add_canary(out);
    return out;
}

/* ---------------------------------------------------------------------------------------------
 * Watchdog: a hang or deadlock ends the run with a clear message
 * ------------------------------------------------------------------------------------------- */

static pthread_mutex_t g_wd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_wd_cond = PTHREAD_COND_INITIALIZER;
static bool g_wd_done;
static char g_wd_where[256] = "start-up";
static long g_wd_seconds;

static void watchdog_at(const char *fmt, ...) {
    va_list ap;
    pthread_mutex_lock(&g_wd_lock);
    va_start(ap, fmt);
    vsnprintf(g_wd_where, sizeof g_wd_where, fmt, ap);
    va_end(ap);
    pthread_mutex_unlock(&g_wd_lock);
}

static void *watchdog_main(void *arg) {
    struct timespec deadline;
    (void)arg;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += g_wd_seconds;
    pthread_mutex_lock(&g_wd_lock);
    while (!g_wd_done) {
        if (pthread_cond_timedwait(&g_wd_cond, &g_wd_lock, &deadline) == ETIMEDOUT && !g_wd_done) {
            fprintf(stderr, "\nfaultmatrix: WATCHDOG: no completion after %ld s (at: %s): hang or deadlock\n",
                    g_wd_seconds, g_wd_where);
            printf("0 passed, 1 failed\n");
            fflush(stdout);
            _exit(3);
        }
    }
    pthread_mutex_unlock(&g_wd_lock);
    return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The fault matrix
 * ------------------------------------------------------------------------------------------- */

enum base { B_HTTP, B_HTTPS, B_EXPIRED, B_WRONGHOST, B_REFUSED, B_NONLOOPBACK };
enum op { OP_ASSUME_ROLE, OP_CALLER, OP_WEBID, OP_WEBID_REJECTED, OP_SAML };
enum creds { C_LONG_TERM, C_SESSION, C_SESSION_WRONG_SECRET, C_NONE };

#define NO_CHECK (-1)

typedef struct {
    const char *name;       /* printed */
    const char *covers;     /* the row of issue 9 (or the extra) this case covers */
    bool fault;             /* counted in "N faults tried, N handled" */
    int base;
    const char *directives; /* scenario directives */
    bool with_ca;
    int op;
    int creds;
    uint32_t attempts;      /* 0: 3 */
    uint32_t connect_ms, read_ms, attempt_ms; /* 0: the case default (2000, 5000, 10000) */
    uint64_t max_bytes;     /* 0: library default (1 MiB) */
    int64_t device_offset;  /* simulated device clock error, seconds */
    int want_status;
    const char *want_code;  /* STS code string; NULL: not checked */
    int want_http;          /* NO_CHECK or the HTTP status */
    int want_retryable;     /* NO_CHECK, 0 or 1 */
    long want_requests;     /* NO_CHECK or the emulator's request count for the scenario */
    double min_s, max_s;    /* bounds of the call's duration */
    const char *msg_contains;
    long want_offset;       /* 0: not checked; else the clock offset (seconds, +-30) */
} fm_case;

/* Issued session credentials (from a set-up AssumeRole), used by C_SESSION cases. */
static char *g_session_akid, *g_session_secret, *g_session_token;

static int g_passed, g_failed, g_faults_tried, g_faults_handled;

static void record_issued(const stskit_credentials *c) {
    if (!c) return;
    add_canary(stskit_credentials_secret_access_key(c));
    add_canary(stskit_credentials_session_token(c));
}

typedef struct {
    bool ok;
    char why[512];
} verdict;

static void fail_because(verdict *v, const char *fmt, ...) {
    va_list ap;
    size_t used;
    if (v->ok) {
        v->ok = false;
        v->why[0] = '\0';
    }
    used = strlen(v->why);
    if (used + 3 >= sizeof v->why) return;
    if (used) {
        strcat(v->why, "; ");
        used += 2;
    }
    va_start(ap, fmt);
    vsnprintf(v->why + used, sizeof v->why - used, fmt, ap);
    va_end(ap);
}

static stskit_client_config *matrix_config(const fm_case *c, const char *url) {
    stskit_client_config *cfg = stskit_client_config_new();
    if (!cfg) abort();
    stskit_client_config_set_region(cfg, "us-east-1");
    stskit_client_config_set_endpoint_url(cfg, url);
    stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_DISABLED, NULL);
    stskit_client_config_set_retry(cfg, c->attempts ? c->attempts : 3, STSKIT_RETRY_MODE_STANDARD2026, 0.01);
    stskit_client_config_set_timeouts_ms(cfg, c->connect_ms ? c->connect_ms : 2000, c->read_ms ? c->read_ms : 5000,
                                         c->attempt_ms ? c->attempt_ms : 10000);
    stskit_client_config_set_log_callback(cfg, matrix_log, NULL, STSKIT_LOG_LEVEL_DEBUG);
    if (c->max_bytes) stskit_client_config_set_max_response_bytes(cfg, c->max_bytes);
    if (c->device_offset) stskit_client_config_set_device_clock_offset(cfg, c->device_offset);
    if (c->with_ca) stskit_client_config_add_root_certificates_pem(cfg, (const uint8_t *)g_ca_pem, g_ca_len);
    switch (c->creds) {
    case C_LONG_TERM: stskit_client_config_set_credentials(cfg, AKID, SECRET, NULL); break;
    case C_SESSION:
        stskit_client_config_set_credentials(cfg, g_session_akid, g_session_secret, g_session_token);
        break;
    case C_SESSION_WRONG_SECRET:
        stskit_client_config_set_credentials(cfg, g_session_akid, WRONG_SECRET, g_session_token);
        break;
    default: break;
    }
    return cfg;
}

static stskit_request *matrix_request(int op) {
    stskit_request *r = NULL;
    char *doc;
    switch (op) {
    case OP_ASSUME_ROLE:
        r = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
        stskit_request_set_string(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
        stskit_request_set_string(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "fault-matrix");
        stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, "Game", "FaultMatrix");
        break;
    case OP_CALLER: r = stskit_request_new(STSKIT_OPERATION_GET_CALLER_IDENTITY); break;
    case OP_WEBID:
    case OP_WEBID_REJECTED:
        r = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
        doc = canary_jwt(op == OP_WEBID ? "player-42" : "rejected");
        stskit_request_set_string(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
        stskit_request_set_string(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "fm-web");
        stskit_request_set_string(r, STSKIT_MEMBER_WEB_IDENTITY_TOKEN, doc);
        free(doc);
        break;
    case OP_SAML:
        r = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE_WITH_SAML);
        doc = canary_saml();
        stskit_request_set_string(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
        stskit_request_set_string(r, STSKIT_MEMBER_PRINCIPAL_ARN, "arn:aws:iam::123456789012:saml-provider/GameIdP");
        stskit_request_set_string(r, STSKIT_MEMBER_SAML_ASSERTION, doc);
        free(doc);
        break;
    default: break;
    }
    if (!r) abort();
    return r;
}

/* "NETWORK" for STSKIT_STATUS_NETWORK. */
static const char *short_status(StskitStatus st) {
    const char *name = stskit_status_name(st);
    return strncmp(name, "STSKIT_STATUS_", 14) == 0 ? name + 14 : name;
}

static void print_case(const fm_case *c, const verdict *v, const char *outcome, long requests, double secs) {
    char req[32] = "";
    if (requests >= 0) snprintf(req, sizeof req, ", %ld req", requests);
    printf("  %-4s %-30s %-34s %6.2f s (bound %.1f s%s)%s%s", v->ok ? "ok" : "FAIL", c->name, outcome, secs, c->max_s,
           req, c->covers ? "  # " : "", c->covers ? c->covers : "");
    if (!v->ok) printf("\n         -> %s", v->why);
    printf("\n");
    fflush(stdout);
}

static void count(const fm_case *c, bool ok) {
    if (ok) g_passed++;
    else g_failed++;
    if (c->fault) {
        g_faults_tried++;
        if (ok) g_faults_handled++;
    }
}

static void run_case(const fm_case *c) {
    scenario_t s;
    const char *base = g_http;
    char url[600], outcome[160];
    stskit_client_config *cfg;
    stskit_client *client = NULL;
    stskit_request *req;
    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    verdict v = {true, ""};
    StskitStatus st;
    double t0, secs;
    long requests = NO_CHECK;

    watchdog_at("matrix case %s", c->name);
    switch (c->base) {
    case B_HTTPS: base = g_https; break;
    case B_EXPIRED: base = g_https_expired; break;
    case B_WRONGHOST: base = g_https_wronghost; break;
    default: break;
    }
    scenario_on(&s, base, c->name, c->directives);
    if (c->base == B_REFUSED) snprintf(url, sizeof url, "http://127.0.0.1:%d/", unused_port());
    else if (c->base == B_NONLOOPBACK) snprintf(url, sizeof url, "http://sts.example.com/_s/%s/", s.id);
    else snprintf(url, sizeof url, "%s", s.url);

    cfg = matrix_config(c, url);
    req = matrix_request(c->op);
    t0 = now_seconds();
    st = stskit_client_new(cfg, &client, &err);
    stskit_client_config_free(cfg);
    if (st == STSKIT_STATUS_OK) st = stskit_client_send(client, req, &resp, &err);
    secs = now_seconds() - t0;
    if (c->base != B_REFUSED && c->base != B_NONLOOPBACK) requests = emu_stat(g_http, s.id, "requests");

    if (st != c->want_status)
        fail_because(&v, "status %s, expected %s", stskit_status_name(st), stskit_status_name(c->want_status));
    if (st == STSKIT_STATUS_OK) {
        if (!resp) fail_because(&v, "no response written on success");
        if (resp && stskit_response_http_status(resp) != 200)
            fail_because(&v, "response HTTP %d", stskit_response_http_status(resp));
        if (resp && c->op != OP_CALLER) {
            const stskit_credentials *cr = stskit_response_credentials(resp);
            if (!cr || !stskit_credentials_session_token(cr)) fail_because(&v, "no temporary credentials");
            record_issued(cr);
        }
        if (err) fail_because(&v, "*err written on success");
        snprintf(outcome, sizeof outcome, "OK");
    } else {
        if (resp) fail_because(&v, "*out written on failure");
        if (!err) {
            fail_because(&v, "no error detail");
            snprintf(outcome, sizeof outcome, "%s", short_status(st));
        } else {
            const char *code = stskit_error_code(err);
            int http = stskit_error_http_status(err);
            bool retryable = stskit_error_is_retryable(err);
            said_error(err);
            if (stskit_error_status(err) != st) fail_because(&v, "error status differs from the return value");
            if (c->want_code && strcmp(code, c->want_code) != 0)
                fail_because(&v, "code \"%s\", expected \"%s\"", code, c->want_code);
            if (c->want_http != NO_CHECK && http != c->want_http)
                fail_because(&v, "HTTP %d, expected %d", http, c->want_http);
            if (c->want_retryable != NO_CHECK && (int)retryable != c->want_retryable)
                fail_because(&v, "retryable %d, expected %d", (int)retryable, c->want_retryable);
            if (!*stskit_error_message(err)) fail_because(&v, "empty error message");
            if (c->msg_contains && !strstr(stskit_error_message(err), c->msg_contains))
                fail_because(&v, "message \"%s\" lacks \"%s\"", stskit_error_message(err), c->msg_contains);
            snprintf(outcome, sizeof outcome, "%s%s%s", short_status(st),
                     *code ? " " : "", code);
        }
    }
    if (c->want_requests != NO_CHECK && requests != c->want_requests)
        fail_because(&v, "emulator saw %ld requests, expected %ld", requests, c->want_requests);
    if (secs < c->min_s || secs > c->max_s)
        fail_because(&v, "took %.2f s, expected %.1f..%.1f s", secs, c->min_s, c->max_s);
    if (c->want_offset) {
        long off = (long)stskit_client_clock_offset_seconds(client);
        if (off < c->want_offset - 30 || off > c->want_offset + 30)
            fail_because(&v, "clock offset %ld s, expected about %ld s", off, c->want_offset);
    }
    print_case(c, &v, outcome, requests, secs);
    count(c, v.ok);
    stskit_response_free(resp);
    stskit_error_free(err);
    stskit_request_free(req);
    stskit_client_free(client);
}

/* The rows of issue 9, plus the extras that make the typed outcome of each fault explicit. */
static const fm_case MATRIX[] = {
    /* ---- network ---- */
    {.name = "connection-refused", .covers = "connection refused", .fault = true, .base = B_REFUSED,
     .op = OP_CALLER, .want_status = STSKIT_STATUS_NETWORK, .want_code = "", .want_http = 0, .want_retryable = 1,
     .want_requests = NO_CHECK, .min_s = 0, .max_s = 3},
    {.name = "reset-always", .covers = "reset mid-response", .fault = true, .directives = "fault=reset",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_NETWORK, .want_code = "", .want_http = 0,
     .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "reset-once", .covers = "reset mid-response", .fault = true, .directives = "fault=reset/times=1",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK, .want_retryable = NO_CHECK,
     .want_requests = 2, .min_s = 0, .max_s = 3},
    {.name = "shortbody-always", .covers = "closed mid-response (short body)", .fault = true, .directives = "fault=shortbody",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_NETWORK, .want_code = "", .want_http = 0,
     .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "shortbody-once", .covers = "closed mid-response (short body)", .fault = true, .directives = "fault=shortbody/times=1",
     .op = OP_CALLER, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK, .want_retryable = NO_CHECK,
     .want_requests = 2, .min_s = 0, .max_s = 3},
    {.name = "read-timeout", .covers = "read timeout (delay)", .fault = true, .directives = "delay=3000",
     .op = OP_CALLER, .attempts = 2, .read_ms = 500, .want_status = STSKIT_STATUS_TIMEOUT, .want_code = "",
     .want_http = 0, .want_retryable = 1, .want_requests = 2, .min_s = 0.9, .max_s = 3.0},
    {.name = "read-timeout-once", .covers = "read timeout (delay)", .fault = true, .directives = "delay=3000/times=1",
     .op = OP_ASSUME_ROLE, .read_ms = 500, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK,
     .want_retryable = NO_CHECK, .want_requests = 2, .min_s = 0.45, .max_s = 2.5},
    /* 1 byte per second; 2 attempts x 1.5 s attempt timeout + slack */
    {.name = "slow-drip", .covers = "slow drip bounded by attempt timeout", .fault = true, .directives = "drip=1000",
     .op = OP_CALLER, .attempts = 2, .attempt_ms = 1500, .want_status = STSKIT_STATUS_TIMEOUT, .want_code = "",
     .want_http = 0, .want_retryable = 1, .want_requests = 2, .min_s = 2.9, .max_s = 2 * 1.5 + 1.5},
    {.name = "slow-drip-3-attempts", .covers = "slow drip bounded by attempt timeout", .fault = true,
     .directives = "drip=1000", .op = OP_WEBID, .creds = C_NONE, .attempts = 3, .attempt_ms = 1000,
     .want_status = STSKIT_STATUS_TIMEOUT, .want_code = "", .want_http = 0, .want_retryable = 1,
     .want_requests = 3, .min_s = 2.9, .max_s = 3 * 1.0 + 1.5},
    /* ---- server errors ---- */
    {.name = "http500-always", .covers = "500", .fault = true, .directives = "fault=http500", .op = OP_ASSUME_ROLE,
     .want_status = STSKIT_STATUS_SERVICE_ERROR, .want_code = "InternalFailure", .want_http = 500,
     .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "http500-once", .covers = "500", .fault = true, .directives = "fault=http500/times=1", .op = OP_CALLER,
     .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK, .want_retryable = NO_CHECK, .want_requests = 2,
     .min_s = 0, .max_s = 3},
    {.name = "http503-always", .covers = "503", .fault = true, .directives = "fault=http503", .op = OP_CALLER,
     .want_status = STSKIT_STATUS_SERVICE_ERROR, .want_code = "ServiceUnavailable", .want_http = 503,
     .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "http503-twice", .covers = "503", .fault = true, .directives = "fault=http503/times=2",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK, .want_retryable = NO_CHECK,
     .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "throttling-always", .covers = "Throttling", .fault = true, .directives = "fault=throttle",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_SERVICE_ERROR, .want_code = "Throttling", .want_http = 400,
     .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "throttling-twice", .covers = "Throttling", .fault = true, .directives = "fault=throttle/times=2",
     .op = OP_CALLER, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK, .want_retryable = NO_CHECK,
     .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "throttling-retry-after", .covers = "Throttling", .fault = true,
     .directives = "fault=throttle/times=1/retryafter=300", .op = OP_CALLER, .want_status = STSKIT_STATUS_OK,
     .want_http = NO_CHECK, .want_retryable = NO_CHECK, .want_requests = 2, .min_s = 0.29, .max_s = 3},
    /* ---- bodies ---- */
    {.name = "truncated-xml", .covers = "truncated XML", .fault = true, .directives = "fault=truncate",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "", .want_http = 0,
     .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "non-xml-body", .covers = "non-XML body", .fault = true, .directives = "fault=garbage",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "", .want_http = 0,
     .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "empty-body", .covers = "non-XML body", .fault = true, .directives = "fault=empty", .op = OP_CALLER,
     .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "", .want_retryable = 0, .want_http = NO_CHECK,
     .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "json-body", .covers = "non-XML body", .fault = true, .directives = "fault=json", .op = OP_ASSUME_ROLE,
     .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "", .want_retryable = 0, .want_http = NO_CHECK,
     .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "50MB-body", .covers = "a 50 MB body", .fault = true, .directives = "fault=bigbody",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_RESPONSE_TOO_LARGE, .want_code = "", .want_http = 0,
     .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "size-cap-64-bytes", .covers = "response size capped", .fault = true, .op = OP_CALLER, .max_bytes = 64,
     .want_status = STSKIT_STATUS_RESPONSE_TOO_LARGE, .want_code = "", .want_retryable = 0, .want_http = NO_CHECK,
     .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "invalid-utf8", .covers = "invalid UTF-8", .fault = true, .directives = "fault=badutf8",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "", .want_http = 0,
     .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3, .msg_contains = "UTF-8"},
    {.name = "missing-elements", .covers = "missing required elements", .fault = true, .directives = "fault=missing",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "", .want_http = 0,
     .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3, .msg_contains = "Credentials"},
    /* ---- clocks ---- */
    {.name = "server-clock-skew+3600", .covers = "skewed clock", .fault = true, .directives = "skew=3600",
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK, .want_retryable = NO_CHECK,
     .want_requests = 2, .min_s = 0, .max_s = 3, .want_offset = 3600},
    {.name = "device-clock-7200-behind", .covers = "skewed clock", .fault = true, .op = OP_CALLER,
     .device_offset = -7200, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK, .want_retryable = NO_CHECK,
     .want_requests = 2, .min_s = 0, .max_s = 3, .want_offset = 7200},
    /* ---- TLS ---- */
    {.name = "tls-with-test-ca", .covers = "(control: TLS works with the CA)", .fault = false, .base = B_HTTPS,
     .with_ca = true, .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK,
     .want_retryable = NO_CHECK, .want_requests = 1, .min_s = 0, .max_s = 5},
    {.name = "tls-unknown-ca", .covers = "TLS with an unknown CA", .fault = true, .base = B_HTTPS,
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_TLS, .want_code = "", .want_http = 0, .want_retryable = 0,
     .want_requests = 0, .min_s = 0, .max_s = 5},
    {.name = "tls-wrong-hostname", .covers = "wrong hostname", .fault = true, .base = B_WRONGHOST, .with_ca = true,
     .op = OP_ASSUME_ROLE, .want_status = STSKIT_STATUS_TLS, .want_code = "", .want_http = 0, .want_retryable = 0,
     .want_requests = 0, .min_s = 0, .max_s = 5},
    {.name = "tls-expired-certificate", .covers = "expired certificate", .fault = true, .base = B_EXPIRED,
     .with_ca = true, .op = OP_WEBID, .creds = C_NONE, .want_status = STSKIT_STATUS_TLS, .want_code = "",
     .want_http = 0, .want_retryable = 0, .want_requests = 0, .min_s = 0, .max_s = 5},
    {.name = "plain-http-non-loopback", .covers = "plain HTTP to non-loopback refused", .fault = true,
     .base = B_NONLOOPBACK, .op = OP_CALLER, .want_status = STSKIT_STATUS_CONFIGURATION, .want_code = "",
     .want_http = 0, .want_retryable = 0, .want_requests = NO_CHECK, .min_s = 0, .max_s = 1},
    /* ---- canaries: web identity tokens and SAML assertions through faults ---- */
    {.name = "webid-reset", .covers = "reset mid-response (+JWT canary)", .fault = true, .directives = "fault=reset",
     .op = OP_WEBID, .creds = C_NONE, .want_status = STSKIT_STATUS_NETWORK, .want_code = "", .want_http = 0,
     .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "webid-truncated", .covers = "truncated XML (+JWT canary)", .fault = true, .directives = "fault=truncate",
     .op = OP_WEBID, .creds = C_NONE, .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "",
     .want_http = 0, .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "webid-503-once", .covers = "503 (+JWT canary)", .fault = true, .directives = "fault=http503/times=1",
     .op = OP_WEBID, .creds = C_NONE, .want_status = STSKIT_STATUS_OK, .want_http = NO_CHECK,
     .want_retryable = NO_CHECK, .want_requests = 2, .min_s = 0, .max_s = 3},
    {.name = "webid-idp-unreachable-once", .covers = "IDPCommunicationError retried (+JWT canary)", .fault = true,
     .directives = "fault=idp/times=1", .op = OP_WEBID, .creds = C_NONE, .want_status = STSKIT_STATUS_OK,
     .want_http = NO_CHECK, .want_retryable = NO_CHECK, .want_requests = 2, .min_s = 0, .max_s = 3},
    {.name = "webid-claim-rejected", .covers = "IDPRejectedClaim (+JWT canary)", .fault = true,
     .op = OP_WEBID_REJECTED, .creds = C_NONE, .want_status = STSKIT_STATUS_SERVICE_ERROR,
     .want_code = "IDPRejectedClaim", .want_http = 403, .want_retryable = 0, .want_requests = 1, .min_s = 0,
     .max_s = 3},
    {.name = "webid-big-body", .covers = "a 50 MB body (+JWT canary)", .fault = true, .directives = "fault=bigbody",
     .op = OP_WEBID, .creds = C_NONE, .want_status = STSKIT_STATUS_RESPONSE_TOO_LARGE, .want_code = "",
     .want_http = 0, .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "saml-500-always", .covers = "500 (+SAML canary)", .fault = true, .directives = "fault=http500",
     .op = OP_SAML, .creds = C_NONE, .want_status = STSKIT_STATUS_SERVICE_ERROR, .want_code = "InternalFailure",
     .want_http = 500, .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    {.name = "saml-garbage", .covers = "non-XML body (+SAML canary)", .fault = true, .directives = "fault=garbage",
     .op = OP_SAML, .creds = C_NONE, .want_status = STSKIT_STATUS_INVALID_RESPONSE, .want_code = "",
     .want_http = 0, .want_retryable = 0, .want_requests = 1, .min_s = 0, .max_s = 3},
    {.name = "saml-reset-once", .covers = "reset mid-response (+SAML canary)", .fault = true,
     .directives = "fault=reset/times=1", .op = OP_SAML, .creds = C_NONE, .want_status = STSKIT_STATUS_OK,
     .want_http = NO_CHECK, .want_retryable = NO_CHECK, .want_requests = 2, .min_s = 0, .max_s = 3},
    /* ---- canaries: issued session credentials through faults ---- */
    {.name = "session-creds-reset-once", .covers = "reset mid-response (+session token)", .fault = true,
     .directives = "fault=reset/times=1", .op = OP_CALLER, .creds = C_SESSION, .want_status = STSKIT_STATUS_OK,
     .want_http = NO_CHECK, .want_retryable = NO_CHECK, .want_requests = 2, .min_s = 0, .max_s = 3},
    {.name = "session-creds-503-always", .covers = "503 (+session token)", .fault = true,
     .directives = "fault=http503", .op = OP_ASSUME_ROLE, .creds = C_SESSION,
     .want_status = STSKIT_STATUS_SERVICE_ERROR, .want_code = "ServiceUnavailable", .want_http = 503,
     .want_retryable = 1, .want_requests = 3, .min_s = 0, .max_s = 3},
    /* STS quotes the canonical request (with the session token) in SignatureDoesNotMatch. */
    {.name = "signature-mismatch", .covers = "SignatureDoesNotMatch (+session token)", .fault = true,
     .op = OP_CALLER, .creds = C_SESSION_WRONG_SECRET, .want_status = STSKIT_STATUS_SERVICE_ERROR,
     .want_code = "SignatureDoesNotMatch", .want_http = 403, .want_retryable = 0, .want_requests = 1, .min_s = 0,
     .max_s = 3},
};

/* ---- provider cases ---- */

typedef struct {
    pthread_mutex_t lock;
    const char *token;
    int asked;
    int refreshed;
} provider_ctx;

static int64_t give_token(void *user_data, char *buffer, size_t capacity) {
    provider_ctx *p = user_data;
    size_t n;
    pthread_mutex_lock(&p->lock);
    p->asked++;
    n = strlen(p->token);
    pthread_mutex_unlock(&p->lock);
    if (n > capacity) return -1;
    memcpy(buffer, p->token, n);
    return (int64_t)n;
}

static void on_refresh(void *user_data, const stskit_credentials *c) {
    provider_ctx *p = user_data;
    pthread_mutex_lock(&p->lock);
    p->refreshed++;
    pthread_mutex_unlock(&p->lock);
    record_issued(c);
}

/* A web identity provider whose token (a canary JWT) comes from a callback, through a fault. */
static void run_provider_case(const char *name, const char *directives, bool want_ok) {
    fm_case c = {.name = name, .covers = "provider through a fault (+JWT canary)", .fault = true, .creds = C_NONE,
                 .max_s = 3};
    scenario_t s;
    stskit_client_config *cfg;
    stskit_client *client = NULL;
    stskit_request *req;
    stskit_provider_config *pc;
    stskit_provider *provider = NULL;
    stskit_credentials *creds = NULL;
    stskit_error *err = NULL, *last = NULL;
    provider_ctx ctx;
    verdict v = {true, ""};
    uint64_t attempts = 0, refreshes = 0;
    StskitStatus st;
    double t0, secs;
    long requests;
    char outcome[160];

    watchdog_at("provider case %s", name);
    pthread_mutex_init(&ctx.lock, NULL);
    ctx.token = canary_jwt("player-7");
    ctx.asked = ctx.refreshed = 0;
    scenario_on(&s, g_http, name, directives);
    cfg = matrix_config(&c, s.url);
    if (stskit_client_new(cfg, &client, NULL) != STSKIT_STATUS_OK) abort();
    stskit_client_config_free(cfg);
    req = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_SESSION_NAME, "fm-provider");
    pc = stskit_provider_config_new(req);
    stskit_provider_config_set_secret_callback(pc, give_token, &ctx);
    stskit_provider_config_set_refresh_callback(pc, on_refresh, &ctx);
    stskit_provider_config_set_backoff_ms(pc, 2000, 2000);
    if (stskit_provider_new(client, pc, &provider, NULL) != STSKIT_STATUS_OK) abort();
    stskit_provider_config_free(pc);
    stskit_client_free(client); /* the provider keeps its own reference */

    t0 = now_seconds();
    st = stskit_provider_get(provider, &creds, &err);
    secs = now_seconds() - t0;
    requests = emu_stat(g_http, s.id, "requests");
    if (want_ok) {
        if (st != STSKIT_STATUS_OK || !creds) fail_because(&v, "status %s, expected OK", stskit_status_name(st));
        if (creds) record_issued(creds);
        if (requests != 2) fail_because(&v, "emulator saw %ld requests, expected 2", requests);
        snprintf(outcome, sizeof outcome, "OK");
    } else {
        if (st != STSKIT_STATUS_NETWORK) fail_because(&v, "status %s, expected NETWORK", stskit_status_name(st));
        said_error(err);
        if (stskit_provider_last_error(provider, &last) != STSKIT_STATUS_OK || !last)
            fail_because(&v, "no last error");
        else if (stskit_error_status(last) != STSKIT_STATUS_NETWORK)
            fail_because(&v, "last error %s", stskit_status_name(stskit_error_status(last)));
        said_error(last);
        stskit_error_free(last);
        last = NULL;
        stskit_error_free(err);
        err = NULL;
        /* Backing off: try_get answers at once with the last error, no network. */
        {
            double t1 = now_seconds();
            StskitStatus st2 = stskit_provider_try_get(provider, &creds, &err);
            double d = now_seconds() - t1;
            if (st2 != STSKIT_STATUS_NETWORK || creds)
                fail_because(&v, "try_get while backing off: %s", stskit_status_name(st2));
            if (d > 0.2) fail_because(&v, "try_get blocked for %.2f s", d);
            said_error(err);
        }
        if (requests != 3) fail_because(&v, "emulator saw %ld requests, expected 3", requests);
        snprintf(outcome, sizeof outcome, "%s (provider)", short_status(st));
    }
    stskit_provider_stats(provider, &attempts, &refreshes);
    if (attempts != 1 || refreshes != (want_ok ? 1u : 0u))
        fail_because(&v, "provider stats %llu attempts, %llu refreshes", (unsigned long long)attempts,
                     (unsigned long long)refreshes);
    pthread_mutex_lock(&ctx.lock);
    if (ctx.asked != 1) fail_because(&v, "token callback asked %d times", ctx.asked);
    if (ctx.refreshed != (want_ok ? 1 : 0)) fail_because(&v, "refresh callback called %d times", ctx.refreshed);
    pthread_mutex_unlock(&ctx.lock);
    if (secs > c.max_s) fail_because(&v, "took %.2f s", secs);
    print_case(&c, &v, outcome, requests, secs);
    count(&c, v.ok);
    stskit_credentials_free(creds);
    stskit_error_free(err);
    stskit_provider_free(provider);
    stskit_request_free(req);
    free((char *)ctx.token);
    pthread_mutex_destroy(&ctx.lock);
}

/* ---- a server the emulator cannot imitate: an absurd Date header ---- */

typedef struct {
    int fd;
    int port;
    int served;
    const char *date;
} rogue_server;

/* Answers every request with 403 SignatureDoesNotMatch and the given Date header, like an STS
 * whose clock (or a middlebox) is wildly off. */
static void *rogue_main(void *arg) {
    rogue_server *r = arg;
    for (;;) {
        char buf[16384], resp[2048], body[512];
        size_t used = 0;
        long content_length = 0;
        char *head_end = NULL, *cl;
        int c = accept(r->fd, NULL, NULL);
        if (c < 0) return NULL; /* closed: done */
        while (used < sizeof buf - 1) {
            ssize_t n = recv(c, buf + used, sizeof buf - 1 - used, 0);
            if (n <= 0) break;
            used += (size_t)n;
            buf[used] = '\0';
            head_end = strstr(buf, "\r\n\r\n");
            if (head_end) {
                cl = strstr(buf, "content-length:");
                if (!cl) cl = strstr(buf, "Content-Length:");
                content_length = cl ? strtol(cl + 15, NULL, 10) : 0;
                if ((long)(used - (size_t)(head_end + 4 - buf)) >= content_length) break;
            }
        }
        snprintf(body, sizeof body,
                 "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                 "<Code>SignatureDoesNotMatch</Code><Message>Signature expired</Message></Error>"
                 "<RequestId>rogue-%d</RequestId></ErrorResponse>",
                 r->served);
        snprintf(resp, sizeof resp,
                 "HTTP/1.1 403 Forbidden\r\nDate: %s\r\nContent-Type: text/xml\r\nContent-Length: %zu\r\n"
                 "Connection: close\r\n\r\n%s",
                 r->date, strlen(body), body);
        if (send(c, resp, strlen(resp), 0) < 0) { /* the client went away */ }
        close(c);
        pthread_mutex_lock(&g_lock);
        r->served++;
        pthread_mutex_unlock(&g_lock);
    }
}

static bool rogue_start(rogue_server *r, pthread_t *tid, const char *date) {
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(r, 0, sizeof *r);
    r->date = date;
    r->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (r->fd < 0) return false;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(r->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(r->fd, 16) != 0 ||
        getsockname(r->fd, (struct sockaddr *)&a, &alen) != 0)
        return false;
    r->port = ntohs(a.sin_port);
    return pthread_create(tid, NULL, rogue_main, r) == 0;
}

static void rogue_stop(rogue_server *r, pthread_t tid) {
    shutdown(r->fd, SHUT_RDWR);
    close(r->fd);
    pthread_join(tid, NULL);
}

/* A Date header near the end of the representable range must not break the client's clock:
 * every call, including ones made after the clock would have passed year 9999, ends with a typed
 * error (here STS's SignatureDoesNotMatch), never a caught panic. */
static void run_absurd_date_case(const char *name, const char *date) {
    fm_case c = {.name = name, .covers = "skewed clock: absurd Date header", .fault = true, .max_s = 4};
    rogue_server r;
    pthread_t tid;
    char url[64], outcome[160] = "";
    stskit_client_config *cfg;
    stskit_client *client = NULL;
    stskit_request *req = matrix_request(OP_CALLER);
    verdict v = {true, ""};
    double t0 = now_seconds(), secs;

    watchdog_at("case %s", name);
    if (!rogue_start(&r, &tid, date)) {
        fail_because(&v, "cannot start the local server");
    } else {
        snprintf(url, sizeof url, "http://127.0.0.1:%d/", r.port);
        cfg = matrix_config(&c, url);
        if (stskit_client_new(cfg, &client, NULL) != STSKIT_STATUS_OK) abort();
        stskit_client_config_free(cfg);
        for (int call = 0; call < 2; call++) {
            stskit_response *resp = NULL;
            stskit_error *err = NULL;
            StskitStatus st;
            if (call == 1) sleep_ms(1200); /* let the (wrongly) corrected clock run past the last second */
            st = stskit_client_send(client, req, &resp, &err);
            said_error(err);
            if (st != STSKIT_STATUS_SERVICE_ERROR || !err || strcmp(stskit_error_code(err), "SignatureDoesNotMatch") != 0)
                fail_because(&v, "call %d: %s (%s)", call + 1, stskit_status_name(st), stskit_error_message(err));
            snprintf(outcome, sizeof outcome, "%s %s", short_status(st), err ? stskit_error_code(err) : "");
            stskit_response_free(resp);
            stskit_error_free(err);
        }
        {
            long off = (long)stskit_client_clock_offset_seconds(client);
            if (off > 200L * 366 * 86400 || off < -200L * 366 * 86400)
                fail_because(&v, "adopted a clock offset of %ld s", off);
        }
        stskit_client_free(client);
        rogue_stop(&r, tid);
    }
    secs = now_seconds() - t0;
    if (secs > c.max_s) fail_because(&v, "took %.2f s", secs);
    print_case(&c, &v, outcome, r.served, secs);
    count(&c, v.ok);
    stskit_request_free(req);
}

/* Every log line and error text against every canary. */
static void hygiene_check(void) {
    long leaks = 0;
    for (size_t i = 0; i < g_said.n; i++) {
        for (size_t j = 0; j < g_canaries.n; j++) {
            if (strstr(g_said.items[i], g_canaries.items[j])) {
                if (leaks++ < 10)
                    fprintf(stderr, "    LEAK of canary #%zu (%.12s...) in %.300s\n", j, g_canaries.items[j],
                            g_said.items[i]);
            }
        }
    }
    printf("  %-4s %-30s %ld log lines + error texts = %zu texts checked against %zu canaries, %ld leaks\n",
           leaks ? "FAIL" : "ok", "secret-hygiene", g_log_lines, g_said.n, g_canaries.n, leaks);
    if (leaks) g_failed++;
    else g_passed++;
}

/* Sets up the canaries and issued session credentials, then runs every case. */
static void run_matrix(void) {
    stskit_client_config *cfg;
    stskit_client *client = NULL;
    stskit_request *req;
    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    char url[512];
    fm_case setup = {.name = "setup"};

    printf("\n== fault matrix through the C ABI ==\n");
    add_canary(SECRET);
    add_canary(SECRET_ENCODED);
    add_canary(WRONG_SECRET);
    add_canary(JWT_CANARY);
    add_canary(SAML_CANARY);
    add_canary(FAULT_BODY_SECRET);
    strlist_add(&g_canaries, TOKEN_MARKER);

    /* Issued session credentials for the C_SESSION cases. */
    snprintf(url, sizeof url, "%s/", g_http);
    cfg = matrix_config(&setup, url);
    if (stskit_client_new(cfg, &client, &err) != STSKIT_STATUS_OK) {
        fprintf(stderr, "faultmatrix: cannot build a client: %s\n", stskit_error_message(err));
        exit(2);
    }
    stskit_client_config_free(cfg);
    req = matrix_request(OP_ASSUME_ROLE);
    if (stskit_client_send(client, req, &resp, &err) != STSKIT_STATUS_OK) {
        fprintf(stderr, "faultmatrix: set-up AssumeRole failed: %s\n", stskit_error_message(err));
        exit(2);
    }
    {
        const stskit_credentials *c = stskit_response_credentials(resp);
        g_session_akid = xstrdup(stskit_credentials_access_key_id(c));
        g_session_secret = xstrdup(stskit_credentials_secret_access_key(c));
        g_session_token = xstrdup(stskit_credentials_session_token(c));
        record_issued(c);
    }
    stskit_response_free(resp);
    stskit_request_free(req);
    stskit_client_free(client);

    for (size_t i = 0; i < sizeof MATRIX / sizeof MATRIX[0]; i++) run_case(&MATRIX[i]);
    run_provider_case("provider-webid-503-once", "fault=http503/times=1", true);
    run_provider_case("provider-webid-reset", "fault=reset", false);
    run_absurd_date_case("date-header-year-9999", "Fri, 31 Dec 9999 23:59:59 GMT");
    run_absurd_date_case("date-header-year-0001", "Mon, 01 Jan 0001 00:00:00 GMT");
    hygiene_check();
    printf("%d faults tried, %d handled\n", g_faults_tried, g_faults_handled);
    free(g_session_akid);
    free(g_session_secret);
    free(g_session_token);
}

/* ---------------------------------------------------------------------------------------------
 * Concurrency: many threads, one client and one provider, faults injected
 * ------------------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *fault;  /* the fault directive; "times" is added */
} phase_def;

static const phase_def PHASES[] = {
    {"http503", "fault=http503"},
    {"reset", "fault=reset"},
    {"throttle", "fault=throttle"},
    {"shortbody", "fault=shortbody"},
};
#define N_PHASES (sizeof PHASES / sizeof PHASES[0])

/* What one phase shares between its threads. Kept alive until exit: a provider's background
 * refresh may still log through it after the provider was freed. */
typedef struct {
    scenario_t s;
    stskit_client *client;
    stskit_provider *provider;
    const char *jwt;
    long calls_per_thread;
    pthread_mutex_t lock;
    /* counted by the log callback */
    long attempts_logged;
    long lines, leaks;
    /* counted by the threads */
    long ok, typed_fail, untyped_fail, not_ready;
    long sends, send_fail, gets, get_fail;
    long by_status[100];
    long refresh_callbacks;
} phase_ctx;

static void conc_log(void *user_data, int32_t level, const char *message) {
    phase_ctx *p = user_data;
    bool attempt = strstr(message, ": attempt ") && strstr(message, p->s.id);
    bool leak = strstr(message, SECRET) || strstr(message, SECRET_ENCODED) || strstr(message, JWT_CANARY) ||
                strstr(message, TOKEN_MARKER) || strstr(message, p->jwt);
    (void)level;
    pthread_mutex_lock(&p->lock);
    p->lines++;
    if (attempt) p->attempts_logged++;
    if (leak) p->leaks++;
    pthread_mutex_unlock(&p->lock);
}

static void conc_refreshed(void *user_data, const stskit_credentials *c) {
    phase_ctx *p = user_data;
    bool ok = c && stskit_credentials_session_token(c) && stskit_credentials_expiration_unix(c) > 0;
    pthread_mutex_lock(&p->lock);
    p->refresh_callbacks++;
    if (!ok) p->untyped_fail++;
    pthread_mutex_unlock(&p->lock);
}

/* A status a call may legitimately end with under the injected faults. */
static bool typed_failure(StskitStatus st) {
    return st == STSKIT_STATUS_SERVICE_ERROR || st == STSKIT_STATUS_NETWORK || st == STSKIT_STATUS_TIMEOUT;
}

static void *conc_thread(void *arg) {
    phase_ctx *p = arg;
    long ok = 0, typed = 0, untyped = 0, not_ready = 0, sends = 0, send_fail = 0, gets = 0, get_fail = 0;
    long by_status[100] = {0};
    stskit_request *caller = stskit_request_new(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_request *assume = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_request *webid = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
    stskit_request_set_string(assume, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    stskit_request_set_string(assume, STSKIT_MEMBER_ROLE_SESSION_NAME, "conc");
    stskit_request_add_pair(assume, STSKIT_MEMBER_TAGS, "Thread", "yes");
    stskit_request_set_string(webid, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    stskit_request_set_string(webid, STSKIT_MEMBER_ROLE_SESSION_NAME, "conc-web");
    stskit_request_set_string(webid, STSKIT_MEMBER_WEB_IDENTITY_TOKEN, p->jwt);

    for (long i = 0; i < p->calls_per_thread; i++) {
        stskit_response *resp = NULL;
        stskit_credentials *creds = NULL;
        stskit_error *err = NULL;
        StskitStatus st;
        bool is_get = false, is_try = false;
        switch (i % 5) {
        case 0: st = stskit_client_send(p->client, caller, &resp, &err); break;
        case 1: st = stskit_client_send(p->client, assume, &resp, &err); break;
        case 2: st = stskit_client_send(p->client, webid, &resp, &err); break;
        case 3:
            st = stskit_provider_get(p->provider, &creds, &err);
            is_get = true;
            break;
        default:
            st = stskit_provider_try_get(p->provider, &creds, &err);
            is_get = is_try = true;
            break;
        }
        if (i % 40 == 39) stskit_provider_invalidate(p->provider);
        if (st >= 0 && st < 100) by_status[st]++;
        if (is_get) gets++;
        else sends++;
        if (st == STSKIT_STATUS_OK) {
            bool good = is_get ? (creds && stskit_credentials_session_token(creds) != NULL)
                               : (resp && stskit_response_http_status(resp) == 200 && !err);
            if (good) ok++;
            else untyped++;
        } else if (is_try && st == STSKIT_STATUS_NOT_READY) {
            not_ready++;
        } else if (typed_failure(st) && err && stskit_error_status(err) == st && !resp && !creds) {
            typed++;
            if (is_get) get_fail++;
            else send_fail++;
        } else {
            untyped++;
            fprintf(stderr, "    untyped outcome %s (%s)\n", stskit_status_name(st), stskit_error_message(err));
        }
        stskit_response_free(resp);
        stskit_credentials_free(creds);
        stskit_error_free(err);
    }
    stskit_request_free(caller);
    stskit_request_free(assume);
    stskit_request_free(webid);
    pthread_mutex_lock(&p->lock);
    p->ok += ok;
    p->typed_fail += typed;
    p->untyped_fail += untyped;
    p->not_ready += not_ready;
    p->sends += sends;
    p->send_fail += send_fail;
    p->gets += gets;
    p->get_fail += get_fail;
    for (int k = 0; k < 100; k++) p->by_status[k] += by_status[k];
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static phase_ctx g_phases[N_PHASES];

static void run_concurrency(void) {
    long threads = env_long("FM_THREADS", 16);
    long calls = env_long("FM_CALLS", 200);
    long per_phase = (calls + (long)N_PHASES - 1) / (long)N_PHASES;
    long total_calls = 0, total_ok = 0, total_typed = 0, total_nr = 0, total_requests = 0;
    pthread_t *tids = xmalloc((size_t)threads * sizeof *tids);
    double t_all = now_seconds();

    printf("\n== concurrency: %ld threads sharing one client and one provider, %ld calls per thread "
           "over %zu fault phases ==\n",
           threads, per_phase * (long)N_PHASES, N_PHASES);
    for (size_t ph = 0; ph < N_PHASES; ph++) {
        phase_ctx *p = &g_phases[ph];
        char directives[128];
        long calls_here = threads * per_phase;
        /* A quarter of the phase's calls meet the fault first; lifetime=8 makes the provider
         * refresh several times (advisory 6 s, mandatory 3 s before expiry). */
        long times = calls_here / 4;
        stskit_client_config *cfg;
        stskit_request *preq;
        stskit_provider_config *pc;
        verdict v = {true, ""};
        double t0, secs;
        long requests = -1, faults = -1, logged = -1, calls_done;
        uint64_t prov_attempts = 0, prov_refreshes = 0;

        memset(p, 0, sizeof *p);
        pthread_mutex_init(&p->lock, NULL);
        p->calls_per_thread = per_phase;
        p->jwt = canary_jwt("player-conc");
        snprintf(directives, sizeof directives, "%s/times=%ld/lifetime=8", PHASES[ph].fault, times);
        scenario_on(&p->s, g_http, PHASES[ph].name, directives);
        watchdog_at("concurrency phase %s", PHASES[ph].name);

        cfg = stskit_client_config_new();
        stskit_client_config_set_region(cfg, "us-east-1");
        stskit_client_config_set_endpoint_url(cfg, p->s.url);
        stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_DISABLED, NULL);
        stskit_client_config_set_credentials(cfg, AKID, SECRET, NULL);
        stskit_client_config_set_retry(cfg, 3, STSKIT_RETRY_MODE_STANDARD2026, 0.01);
        stskit_client_config_set_timeouts_ms(cfg, 5000, 20000, 30000);
        stskit_client_config_set_log_callback(cfg, conc_log, p, STSKIT_LOG_LEVEL_DEBUG);
        if (stskit_client_new(cfg, &p->client, NULL) != STSKIT_STATUS_OK) abort();
        stskit_client_config_free(cfg);
        preq = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
        stskit_request_set_string(preq, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
        stskit_request_set_string(preq, STSKIT_MEMBER_ROLE_SESSION_NAME, "conc-provider");
        pc = stskit_provider_config_new(preq);
        stskit_provider_config_set_windows(pc, 6, 3);
        stskit_provider_config_set_backoff_ms(pc, 20, 200);
        stskit_provider_config_set_refresh_callback(pc, conc_refreshed, p);
        if (stskit_provider_new(p->client, pc, &p->provider, NULL) != STSKIT_STATUS_OK) abort();
        stskit_provider_config_free(pc);
        stskit_request_free(preq);

        t0 = now_seconds();
        for (long t = 0; t < threads; t++)
            if (pthread_create(&tids[t], NULL, conc_thread, p) != 0) abort();
        for (long t = 0; t < threads; t++) pthread_join(tids[t], NULL);
        secs = now_seconds() - t0;

        stskit_provider_stats(p->provider, &prov_attempts, &prov_refreshes);
        stskit_provider_free(p->provider);
        stskit_client_free(p->client);
        p->provider = NULL;
        p->client = NULL;
        /* A background refresh may still be finishing: wait until the emulator's count and the
         * logged attempts agree (or 10 s pass). */
        for (int k = 0; k < 100; k++) {
            requests = emu_stat(g_http, p->s.id, "requests");
            pthread_mutex_lock(&p->lock);
            logged = p->attempts_logged;
            pthread_mutex_unlock(&p->lock);
            if (requests == logged) break;
            sleep_ms(100);
        }
        faults = emu_stat(g_http, p->s.id, "faults");

        pthread_mutex_lock(&p->lock);
        calls_done = p->ok + p->typed_fail + p->untyped_fail + p->not_ready;
        if (calls_done != calls_here)
            fail_because(&v, "calls do not add up: %ld ok + %ld failed + %ld untyped + %ld not-ready != %ld", p->ok,
                         p->typed_fail, p->untyped_fail, p->not_ready, calls_here);
        if (p->sends + p->gets != calls_here) fail_because(&v, "sends + gets != calls");
        if (p->untyped_fail) fail_because(&v, "%ld calls ended with an untyped status", p->untyped_fail);
        if (requests != logged)
            fail_because(&v, "emulator saw %ld requests, the client logged %ld attempts", requests, logged);
        if (faults != (requests < times ? requests : times))
            fail_because(&v, "emulator injected %ld faults, expected min(%ld, %ld)", faults, requests, times);
        /* Every failed send met at least one fault of its own (a failed provider get may report
         * the last refresh's error while backing off, without a request). */
        if (p->send_fail > faults)
            fail_because(&v, "%ld failed sends but only %ld faults", p->send_fail, faults);
        if (requests > 3 * (p->sends + (long)prov_attempts))
            fail_because(&v, "%ld requests exceed 3 attempts per call", requests);
        if (p->ok == 0) fail_because(&v, "no call succeeded");
        if (p->refresh_callbacks != (long)prov_refreshes)
            fail_because(&v, "refresh callback %ld times, provider counted %llu refreshes", p->refresh_callbacks,
                         (unsigned long long)prov_refreshes);
        if (prov_refreshes < 1) fail_because(&v, "the provider never refreshed");
        if (p->leaks) fail_because(&v, "%ld log lines leak a canary", p->leaks);
        printf("  %-4s %-10s %5ld calls in %5.2f s: %ld ok, %ld typed failures (%ld sends, %ld provider gets; "
               "svc %ld, net %ld, timeout %ld), %ld not-ready; emulator %ld requests = %ld logged attempts, %ld "
               "faults; provider %llu refreshes in %llu attempts; %ld log lines\n",
               v.ok ? "ok" : "FAIL", PHASES[ph].name, calls_done, secs, p->ok, p->typed_fail, p->send_fail,
               p->get_fail, p->by_status[STSKIT_STATUS_SERVICE_ERROR], p->by_status[STSKIT_STATUS_NETWORK],
               p->by_status[STSKIT_STATUS_TIMEOUT], p->not_ready, requests, logged, faults,
               (unsigned long long)prov_refreshes, (unsigned long long)prov_attempts, p->lines);
        if (!v.ok) printf("         -> %s\n", v.why);
        fflush(stdout);
        total_calls += calls_done;
        total_ok += p->ok;
        total_typed += p->typed_fail;
        total_nr += p->not_ready;
        total_requests += requests;
        pthread_mutex_unlock(&p->lock);
        if (v.ok) g_passed++;
        else g_failed++;
    }
    printf("concurrency: %ld threads, %ld calls (%ld ok + %ld typed failures + %ld not-ready), %ld emulator "
           "requests, %.1f s, no deadlock\n",
           threads, total_calls, total_ok, total_typed, total_nr, total_requests, now_seconds() - t_all);
    free(tids);
}

static void free_phases(void) {
    for (size_t ph = 0; ph < N_PHASES; ph++) {
        if (g_phases[ph].jwt) {
            free((char *)g_phases[ph].jwt);
            pthread_mutex_destroy(&g_phases[ph].lock);
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    bool matrix = argc < 2, concurrency = argc < 2;
    pthread_t wd;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "matrix") == 0) matrix = true;
        else if (strcmp(argv[i], "concurrency") == 0) concurrency = true;
        else {
            fprintf(stderr, "usage: %s [matrix] [concurrency]\n", argv[0]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (stskit_abi_version() != STSKIT_ABI_VERSION) {
        fprintf(stderr, "faultmatrix: ABI %u, header %d\n", stskit_abi_version(), STSKIT_ABI_VERSION);
        return 2;
    }
    g_http = need_env("STSKIT_EMULATOR_HTTP");
    g_https = need_env("STSKIT_EMULATOR_HTTPS");
    g_https_expired = need_env("STSKIT_EMULATOR_HTTPS_EXPIRED");
    g_https_wronghost = need_env("STSKIT_EMULATOR_HTTPS_WRONGHOST");
    g_ca_path = need_env("STSKIT_EMULATOR_CA");
    g_ca_pem = read_file(g_ca_path, &g_ca_len);
    if (!g_ca_pem) {
        fprintf(stderr, "faultmatrix: cannot read %s\n", g_ca_path);
        return 2;
    }
    strlist_init(&g_canaries);
    strlist_init(&g_said);
    g_wd_seconds = env_long("FM_WATCHDOG_S", 300);
    if (pthread_create(&wd, NULL, watchdog_main, NULL) != 0) abort();
    printf("stskit %s, emulator %s\n", stskit_version(), g_http);

    if (matrix) run_matrix();
    if (concurrency) run_concurrency();

    pthread_mutex_lock(&g_wd_lock);
    g_wd_done = true;
    pthread_cond_signal(&g_wd_cond);
    pthread_mutex_unlock(&g_wd_lock);
    pthread_join(wd, NULL);

    free_phases();
    strlist_free(&g_canaries);
    strlist_free(&g_said);
    free(g_ca_pem);
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed ? 1 : 0;
}
