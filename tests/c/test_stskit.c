/*
 * C ABI tests for stskit, run by tests/c/run.sh against the local STS emulator (tests/emulator).
 *
 * Environment (set by run.sh):
 *   STSKIT_EMULATOR_HTTP    base URL of the plain HTTP listener, e.g. http://127.0.0.1:41234
 *   STSKIT_EMULATOR_HTTPS   base URL of the TLS listener, e.g. https://localhost:41235
 *   STSKIT_EMULATOR_CA      path of the test CA PEM that signed the TLS listener's certificate
 *   STSKIT_EMULATOR_HTTPS_EXPIRED, STSKIT_EMULATOR_HTTPS_WRONGHOST   (optional) bad-certificate listeners
 *   STSKIT_TEST_LIGHT=1     fewer threads and calls, and no multi-second timeout cases (for valgrind)
 *
 *   test_stskit [substring]   runs the tests whose name contains the substring (all by default)
 *
 * Every TEST is one function; CHECK* macros record a failure with file:line and carry on. The last
 * line of the output is exactly "N passed, N failed" (counting test functions); the exit status is
 * non-zero when a test failed or none ran.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <ctype.h>
#include <math.h>
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
#include "test_support.h"

/* ---------------------------------------------------------------------------------------------
 * Harness
 * ------------------------------------------------------------------------------------------- */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_failures;
static bool g_light;
static const char *g_http;
static const char *g_https;
static const char *g_ca;
static const char *g_https_expired;
static const char *g_https_wronghost;

static void check_failed(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    pthread_mutex_lock(&g_lock);
    g_failures++;
    printf("    %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    pthread_mutex_unlock(&g_lock);
}

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) check_failed(__FILE__, __LINE__, "CHECK(%s) failed", #cond);     \
    } while (0)

/* CHECKF(cond, fmt, args...) */
#define CHECKF(cond, ...)                                                             \
    do {                                                                              \
        if (!(cond)) check_failed(__FILE__, __LINE__, __VA_ARGS__);                   \
    } while (0)

#define CHECK_STATUS(expr, want)                                                                  \
    do {                                                                                          \
        int32_t got_ = (int32_t)(expr);                                                           \
        int32_t want_ = (int32_t)(want);                                                          \
        if (got_ != want_)                                                                        \
            check_failed(__FILE__, __LINE__, "%s returned %s (%d), expected %s (%d)", #expr,      \
                         stskit_status_name(got_), (int)got_, stskit_status_name(want_), (int)want_); \
    } while (0)

#define CHECK_INT(actual, expected)                                                               \
    do {                                                                                          \
        long long a_ = (long long)(actual);                                                       \
        long long e_ = (long long)(expected);                                                     \
        if (a_ != e_) check_failed(__FILE__, __LINE__, "%s is %lld, expected %lld", #actual, a_, e_); \
    } while (0)

#define CHECK_STR(actual, expected)                                                               \
    do {                                                                                          \
        const char *a_ = (actual);                                                                \
        const char *e_ = (expected);                                                              \
        if (a_ == NULL || strcmp(a_, e_) != 0)                                                    \
            check_failed(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #actual,            \
                         a_ ? a_ : "(null)", e_);                                                 \
    } while (0)

#define CHECK_CONTAINS(haystack, needle)                                                          \
    do {                                                                                          \
        const char *h_ = (haystack);                                                              \
        const char *n_ = (needle);                                                                \
        if (h_ == NULL || strstr(h_, n_) == NULL)                                                 \
            check_failed(__FILE__, __LINE__, "%s (\"%s\") does not contain \"%s\"", #haystack,    \
                         h_ ? h_ : "(null)", n_);                                                 \
    } while (0)

#define TEST(name) static void test_##name(void)

/* An address no stskit function can hand out: out-parameters are set to it before a call that
 * must fail, and must still hold it afterwards. */
static char g_sentinel_byte;
#define SENTINEL ((void *)&g_sentinel_byte)

static const char *const AKID = "AKIDEXAMPLE";
static const char *const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
static const char *const ACCOUNT = "123456789012";
static const char *const ROLE_ARN = "arn:aws:iam::123456789012:role/GameClient";
static const char *const USER_ARN = "arn:aws:iam::123456789012:user/emulator";

/* Strings that are not UTF-8: a bare continuation byte pair, a stray continuation, an overlong
 * encoding of '/', and a UTF-16 surrogate. */
static const char *const BAD_UTF8[] = {"\xff\xfe", "abc\x80", "\xc0\xaf", "\xed\xa0\x80"};
#define N_BAD_UTF8 (sizeof BAD_UTF8 / sizeof BAD_UTF8[0])

/* ---------------------------------------------------------------------------------------------
 * Emulator helpers: scenario URLs (HTTP GET and the stats endpoint: test_support.h)
 * ------------------------------------------------------------------------------------------- */

/* A fresh scenario on the plain listener, e.g. scenario(&s, "thr", "fault=throttle"). */
static void scenario(scenario_t *s, const char *prefix, const char *directives) {
    new_scenario(s, g_http, "c", prefix, directives);
}

/* ---------------------------------------------------------------------------------------------
 * Encoding helpers: base64, JWTs, SAML assertions (as tests/common/mod.rs builds them)
 * ------------------------------------------------------------------------------------------- */

/* A JWT-shaped token with the given payload JSON (the emulator reads, not verifies, it). */
static char *make_jwt(const char *payload) {
    char *h = base64_str("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", true);
    char *p = base64_str(payload, true);
    char *s = base64_str("signature", true);
    size_t n = strlen(h) + strlen(p) + strlen(s) + 3;
    char *out = malloc(n);
    if (!out) abort();
    snprintf(out, n, "%s.%s.%s", h, p, s);
    free(h);
    free(p);
    free(s);
    return out;
}

/* A minimal SAML Response as an IdP would post it, base64-encoded. */
static char *make_saml(const char *subject, const char *not_on_or_after) {
    char xml[4096];
    snprintf(xml, sizeof xml,
             "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
             "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
             "<saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Assertion>"
             "<saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Subject>"
             "<saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">%s</saml:NameID>"
             "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
             "<saml:SubjectConfirmationData NotOnOrAfter=\"%s\" Recipient=\"https://signin.aws.amazon.com/saml\"/>"
             "</saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter=\"%s\"/>"
             "<saml:AttributeStatement><saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SourceIdentity\">"
             "<saml:AttributeValue>%s</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>"
             "</saml:Assertion></samlp:Response>",
             subject, not_on_or_after, not_on_or_after, subject);
    return base64_str(xml, false);
}

/* ---------------------------------------------------------------------------------------------
 * Time helpers
 * ------------------------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d) {
    long long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Whether `s` is exactly YYYY-MM-DDTHH:MM:SSZ and denotes `unix_secs`. */
static bool iso8601_matches(const char *s, long long unix_secs) {
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    int y, mo, d, h, mi, sec;
    if (!s || strlen(s) != sizeof shape - 1) return false;
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i]) return false;
    }
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &sec) != 6) return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec == unix_secs;
}

/* ---------------------------------------------------------------------------------------------
 * stskit helpers
 * ------------------------------------------------------------------------------------------- */

/* Settings for the emulator: region, endpoint, no proxy, quick retries, optionally the known keys. */
static stskit_client_config *base_config(const char *url, bool with_credentials) {
    stskit_client_config *cfg = stskit_client_config_new();
    if (!cfg) abort();
    CHECK_STATUS(stskit_client_config_set_region(cfg, "us-east-1"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_endpoint_url(cfg, url), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_DISABLED, NULL), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, STSKIT_RETRY_MODE_STANDARD2026, 0.01), STSKIT_STATUS_OK);
    if (with_credentials)
        CHECK_STATUS(stskit_client_config_set_credentials(cfg, AKID, SECRET, NULL), STSKIT_STATUS_OK);
    return cfg;
}

#define CLIENT_FROM(cfg) client_from(__FILE__, __LINE__, (cfg))
/* Builds a client and frees the config. */
static stskit_client *client_from(const char *file, int line, stskit_client_config *cfg) {
    stskit_client *client = NULL;
    stskit_error *err = NULL;
    int32_t st = stskit_client_new(cfg, &client, &err);
    if (st != STSKIT_STATUS_OK || client == NULL) {
        check_failed(file, line, "stskit_client_new: %s: %s", stskit_status_name(st), stskit_error_message(err));
        stskit_error_free(err);
        client = NULL;
    }
    stskit_client_config_free(cfg);
    return client;
}

#define NEW_CLIENT(url) client_from(__FILE__, __LINE__, base_config((url), true))
#define ANONYMOUS_CLIENT(url) client_from(__FILE__, __LINE__, base_config((url), false))

#define SEND_OK(client, req) send_ok(__FILE__, __LINE__, (client), (req))
static stskit_response *send_ok(const char *file, int line, const stskit_client *client, const stskit_request *req) {
    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    int32_t st;
    if (!client || !req) {
        check_failed(file, line, "no client or request to send");
        return NULL;
    }
    st = stskit_client_send(client, req, &resp, &err);
    if (st != STSKIT_STATUS_OK) {
        check_failed(file, line, "send of operation %d failed: %s: %s [code \"%s\", HTTP %d]",
                     (int)stskit_request_operation(req), stskit_status_name(st), stskit_error_message(err),
                     stskit_error_code(err), (int)stskit_error_http_status(err));
        stskit_error_free(err);
        return NULL;
    }
    if (resp == NULL) check_failed(file, line, "send returned OK without a response");
    return resp;
}

/* Sends a request that must fail with `want`; returns the error (free it), or NULL. The response
 * out-parameter must stay untouched. */
#define SEND_FAIL(client, req, want) send_fail(__FILE__, __LINE__, (client), (req), (want))
static stskit_error *send_fail(const char *file, int line, const stskit_client *client, const stskit_request *req,
                               int32_t want) {
    stskit_response *resp = SENTINEL;
    stskit_error *err = NULL;
    int32_t st;
    if (!client || !req) {
        check_failed(file, line, "no client or request to send");
        return NULL;
    }
    st = stskit_client_send(client, req, &resp, &err);
    if (st != want)
        check_failed(file, line, "send of operation %d returned %s, expected %s (message: %s)",
                     (int)stskit_request_operation(req), stskit_status_name(st), stskit_status_name(want),
                     stskit_error_message(err));
    if (st == STSKIT_STATUS_OK) {
        stskit_response_free(resp);
        return NULL;
    }
    if (resp != SENTINEL) check_failed(file, line, "the response out-parameter was written on failure");
    if (err == NULL) {
        check_failed(file, line, "no error object on failure");
    } else if (stskit_error_status(err) != st) {
        check_failed(file, line, "stskit_error_status is %s, the call returned %s",
                     stskit_status_name(stskit_error_status(err)), stskit_status_name(st));
    }
    return err;
}

/* The error detail of an error that did not come from STS. */
#define CHECK_LOCAL_ERROR(err)                                                     \
    do {                                                                           \
        CHECK_STR(stskit_error_code(err), "");                                     \
        CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_OTHER);             \
        CHECK_STR(stskit_error_request_id(err), "");                               \
        CHECK_INT(stskit_error_http_status(err), 0);                               \
        CHECK(strlen(stskit_error_message(err)) > 0);                              \
    } while (0)

static stskit_request *request_with(int32_t op) {
    stskit_request *r = stskit_request_new(op);
    if (!r) abort();
    return r;
}

static void set_str(stskit_request *r, int32_t member, const char *value) {
    int32_t st = stskit_request_set_string(r, member, value);
    CHECKF(st == STSKIT_STATUS_OK, "set_string(member %d) returned %s", (int)member, stskit_status_name(st));
}

/* The metadata every successful response carries. */
#define CHECK_METADATA(resp) check_metadata(__FILE__, __LINE__, (resp))
static void check_metadata(const char *file, int line, const stskit_response *resp) {
    const char *rid = stskit_response_request_id(resp);
    if (stskit_response_http_status(resp) != 200)
        check_failed(file, line, "http status %d", (int)stskit_response_http_status(resp));
    if (stskit_response_content_length(resp) == 0) check_failed(file, line, "content length 0");
    if (rid == NULL || strlen(rid) != 36) check_failed(file, line, "request id \"%s\" is not 36 chars", rid ? rid : "(null)");
}

/* Temporary credentials: ASIA key, secret, session token, expiry in (now+min_left, now+max_left]
 * with a matching ISO-8601 form. */
#define CHECK_TEMP_CREDS(creds, min_left, max_left) check_temp_creds(__FILE__, __LINE__, (creds), (min_left), (max_left))
static void check_temp_creds(const char *file, int line, const stskit_credentials *c, long long min_left,
                             long long max_left) {
    const char *id, *secret, *token, *iso;
    long long exp, now = (long long)time(NULL);
    if (!c) {
        check_failed(file, line, "no credentials");
        return;
    }
    id = stskit_credentials_access_key_id(c);
    secret = stskit_credentials_secret_access_key(c);
    token = stskit_credentials_session_token(c);
    exp = (long long)stskit_credentials_expiration_unix(c);
    iso = stskit_credentials_expiration_iso8601(c);
    if (!id || strncmp(id, "ASIA", 4) != 0 || strlen(id) < 16) check_failed(file, line, "access key id \"%s\"", id ? id : "(null)");
    if (!secret || strlen(secret) < 20) check_failed(file, line, "secret access key missing or short");
    if (!token || strlen(token) <= 16) check_failed(file, line, "session token missing or short");
    if (exp <= now + min_left || exp > now + max_left)
        check_failed(file, line, "expiration %lld is %lld s from now, expected (%lld, %lld]", exp, exp - now, min_left, max_left);
    if (!iso8601_matches(iso, exp))
        check_failed(file, line, "expiration ISO-8601 \"%s\" is not YYYY-MM-DDTHH:MM:SSZ for %lld", iso ? iso : "(null)", exp);
}

/* Exactly the string outputs in `present` are non-NULL and non-empty; all others are NULL. */
#define CHECK_OUTPUTS(resp, ...)                                                              \
    do {                                                                                      \
        static const int32_t present_[] = {0, __VA_ARGS__};                                   \
        check_outputs(__FILE__, __LINE__, (resp), present_ + 1, sizeof present_ / sizeof present_[0] - 1); \
    } while (0)
static void check_outputs(const char *file, int line, const stskit_response *resp, const int32_t *present, size_t n) {
    static const int32_t others[] = {0, -1, 19, 29, 30, 40, 41, 1000};
    for (int32_t m = STSKIT_OUTPUT_ASSUMED_ROLE_ID; m <= STSKIT_OUTPUT_WEB_IDENTITY_TOKEN; m++) {
        bool want = false;
        const char *v = stskit_response_string(resp, m);
        for (size_t i = 0; i < n; i++) want = want || present[i] == m;
        if (want && (v == NULL || *v == '\0')) check_failed(file, line, "output %d is missing", (int)m);
        if (!want && v != NULL) check_failed(file, line, "output %d is \"%s\", expected NULL", (int)m, v);
    }
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        if (stskit_response_string(resp, others[i]) != NULL)
            check_failed(file, line, "output %d (not a string output) is not NULL", (int)others[i]);
    }
}

/* PackedPolicySize: present (> 0) or NOT_PRESENT, leaving *out untouched then. */
#define CHECK_PACKED(resp, want_present) check_packed(__FILE__, __LINE__, (resp), (want_present))
static void check_packed(const char *file, int line, const stskit_response *resp, bool want_present) {
    int32_t v = -777;
    int32_t st = stskit_response_int(resp, STSKIT_OUTPUT_PACKED_POLICY_SIZE, &v);
    if (want_present && (st != STSKIT_STATUS_OK || v <= 0))
        check_failed(file, line, "PackedPolicySize: %s, %d", stskit_status_name(st), (int)v);
    if (!want_present && (st != STSKIT_STATUS_NOT_PRESENT || v != -777))
        check_failed(file, line, "PackedPolicySize should be absent: %s, %d", stskit_status_name(st), (int)v);
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a, b;
    if (!s) return false;
    a = strlen(s);
    b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---------------------------------------------------------------------------------------------
 * Log sink: a mutex-protected list of lines and the threads they came from
 * ------------------------------------------------------------------------------------------- */

typedef struct {
    pthread_mutex_t lock;
    char **lines;
    size_t n, cap;
    pthread_t threads[64];
    int nthreads;
    int bad_levels;
} log_sink;

static void log_sink_init(log_sink *s) {
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
}

static void log_sink_destroy(log_sink *s) {
    for (size_t i = 0; i < s->n; i++) free(s->lines[i]);
    free(s->lines);
    pthread_mutex_destroy(&s->lock);
}

static void log_callback(void *user_data, int32_t level, const char *message) {
    log_sink *s = user_data;
    pthread_t self = pthread_self();
    bool known = false;
    pthread_mutex_lock(&s->lock);
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->lines = realloc(s->lines, s->cap * sizeof *s->lines);
        if (!s->lines) abort();
    }
    s->lines[s->n++] = xstrdup(message ? message : "(null)");
    if (level < STSKIT_LOG_LEVEL_ERROR || level > STSKIT_LOG_LEVEL_DEBUG || message == NULL) s->bad_levels++;
    for (int i = 0; i < s->nthreads; i++) known = known || pthread_equal(s->threads[i], self);
    if (!known && s->nthreads < 64) s->threads[s->nthreads++] = self;
    pthread_mutex_unlock(&s->lock);
}

static size_t log_lines_containing(log_sink *s, const char *needle) {
    size_t count = 0;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n; i++) count += strstr(s->lines[i], needle) != NULL;
    pthread_mutex_unlock(&s->lock);
    return count;
}

/* No line may contain any of the secrets. */
#define CHECK_NO_SECRETS_LOGGED(sink, secrets, n) check_no_secrets(__FILE__, __LINE__, (sink), (secrets), (n))
static void check_no_secrets(const char *file, int line, log_sink *s, char *const *secrets, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (secrets[i] && *secrets[i] && log_lines_containing(s, secrets[i]) > 0)
            check_failed(file, line, "a log line contains secret #%zu", i);
    }
    if (log_lines_containing(s, SECRET) > 0) check_failed(file, line, "a log line contains the secret access key");
}

/* ---------------------------------------------------------------------------------------------
 * Library basics
 * ------------------------------------------------------------------------------------------- */

TEST(abi_and_library_version) {
    const char *v = stskit_version();
    CHECK_INT(stskit_abi_version(), STSKIT_ABI_VERSION);
    CHECK(v != NULL && strlen(v) > 0);
    CHECKF(v && isdigit((unsigned char)v[0]) && strchr(v, '.') != NULL, "version \"%s\"", v ? v : "(null)");
    CHECK(stskit_version() == v); /* static */
    CHECK_INT(sizeof(StskitStatus), 4);
    CHECK_INT(sizeof(StskitStsError), 4);
}

TEST(status_names) {
    static const struct {
        int32_t status;
        const char *name;
    } known[] = {
        {STSKIT_STATUS_OK, "STSKIT_STATUS_OK"},
        {STSKIT_STATUS_INVALID_ARGUMENT, "STSKIT_STATUS_INVALID_ARGUMENT"},
        {STSKIT_STATUS_CONFIGURATION, "STSKIT_STATUS_CONFIGURATION"},
        {STSKIT_STATUS_MISSING_CREDENTIALS, "STSKIT_STATUS_MISSING_CREDENTIALS"},
        {STSKIT_STATUS_SERVICE_ERROR, "STSKIT_STATUS_SERVICE_ERROR"},
        {STSKIT_STATUS_TIMEOUT, "STSKIT_STATUS_TIMEOUT"},
        {STSKIT_STATUS_NETWORK, "STSKIT_STATUS_NETWORK"},
        {STSKIT_STATUS_TLS, "STSKIT_STATUS_TLS"},
        {STSKIT_STATUS_INVALID_RESPONSE, "STSKIT_STATUS_INVALID_RESPONSE"},
        {STSKIT_STATUS_RESPONSE_TOO_LARGE, "STSKIT_STATUS_RESPONSE_TOO_LARGE"},
        {STSKIT_STATUS_NOT_READY, "STSKIT_STATUS_NOT_READY"},
        {STSKIT_STATUS_INTERNAL, "STSKIT_STATUS_INTERNAL"},
        {STSKIT_STATUS_NULL_ARGUMENT, "STSKIT_STATUS_NULL_ARGUMENT"},
        {STSKIT_STATUS_INVALID_UTF8, "STSKIT_STATUS_INVALID_UTF8"},
        {STSKIT_STATUS_UNKNOWN_MEMBER, "STSKIT_STATUS_UNKNOWN_MEMBER"},
        {STSKIT_STATUS_NOT_PRESENT, "STSKIT_STATUS_NOT_PRESENT"},
        {STSKIT_STATUS_PANIC, "STSKIT_STATUS_PANIC"},
    };
    static const int32_t unknown[] = {-1, 12, 19, 24, 29, 98, 100, INT32_MIN, INT32_MAX};
    size_t nk = sizeof known / sizeof known[0];
    for (size_t i = 0; i < nk; i++) CHECK_STR(stskit_status_name(known[i].status), known[i].name);
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *name = stskit_status_name(unknown[i]);
        CHECKF(name != NULL && strncmp(name, "STSKIT_STATUS_", 14) == 0, "status %d has name %s", (int)unknown[i],
               name ? name : "(null)");
        for (size_t k = 0; name && k < nk; k++)
            CHECKF(strcmp(name, known[k].name) != 0, "unknown status %d is named %s", (int)unknown[i], name);
    }
}

TEST(free_null_is_a_noop) {
    stskit_client_free(NULL);
    stskit_client_config_free(NULL);
    stskit_error_free(NULL);
    stskit_presigned_free(NULL);
    stskit_request_free(NULL);
    stskit_response_free(NULL);
    CHECK(1);
}

TEST(unknown_operation_gives_null_request) {
    static const int32_t bad[] = {0, -1, 12, 99, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        stskit_request *r = stskit_request_new(bad[i]);
        CHECKF(r == NULL, "stskit_request_new(%d) is not NULL", (int)bad[i]);
        stskit_request_free(r);
    }
    for (int32_t op = STSKIT_OPERATION_ASSUME_ROLE; op <= STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN; op++) {
        stskit_request *r = stskit_request_new(op);
        CHECKF(r != NULL, "stskit_request_new(%d) is NULL", (int)op);
        CHECK_INT(stskit_request_operation(r), op);
        stskit_request_free(r);
    }
}

/* ---------------------------------------------------------------------------------------------
 * NULL arguments, invalid UTF-8, unknown members
 * ------------------------------------------------------------------------------------------- */

TEST(null_arguments_config) {
    stskit_client_config *cfg = stskit_client_config_new();
    static const uint8_t pem[] = "-----BEGIN CERTIFICATE-----\n";
    CHECK(cfg != NULL);
    CHECK_STATUS(stskit_client_config_set_region(NULL, "us-east-1"), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_region(cfg, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_endpoint_url(NULL, "http://127.0.0.1:1/"), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_endpoint_url(cfg, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_use_fips(NULL, true), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_use_dual_stack(NULL, true), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_use_global_endpoint(NULL, true), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_allow_insecure_http(NULL, true), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_credentials(NULL, AKID, SECRET, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_credentials(cfg, NULL, SECRET, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_credentials(cfg, AKID, NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_credentials(cfg, AKID, NULL, "token"), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_credentials(cfg, AKID, SECRET, NULL), STSKIT_STATUS_OK); /* token optional */
    CHECK_STATUS(stskit_client_config_set_timeouts_ms(NULL, 1000, 1000, 1000), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_retry(NULL, 3, STSKIT_RETRY_MODE_STANDARD2026, 1.0), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_proxy(NULL, STSKIT_PROXY_MODE_DISABLED, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_proxy(NULL, STSKIT_PROXY_MODE_URL, "http://proxy.example:3128"), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_URL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_FROM_ENV, NULL), STSKIT_STATUS_OK); /* url ignored */
    CHECK_STATUS(stskit_client_config_add_root_certificates_pem(NULL, pem, sizeof pem - 1), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_add_root_certificates_pem(cfg, NULL, 10), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_max_response_bytes(NULL, 4096), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_device_clock_offset(NULL, 10), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_log_callback(NULL, log_callback, NULL, STSKIT_LOG_LEVEL_DEBUG), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_log_callback(cfg, NULL, NULL, STSKIT_LOG_LEVEL_DEBUG), STSKIT_STATUS_OK); /* removes logging */
    stskit_client_config_free(cfg);
}

/* After a NULL_ARGUMENT from a function with an `err` out-parameter, *err holds an error of that
 * status: every failure writes *err (argument errors found at the boundary included). */
#define CHECK_ERR_AFTER_NULL_ARGUMENT(err)                                                        \
    do {                                                                                          \
        CHECK((err) != NULL);                                                                     \
        if ((err) != NULL) {                                                                      \
            CHECK_STATUS(stskit_error_status(err), STSKIT_STATUS_NULL_ARGUMENT);                  \
            CHECK(strlen(stskit_error_message(err)) > 0);                                         \
            stskit_error_free(err);                                                               \
            (err) = NULL;                                                                         \
        }                                                                                         \
    } while (0)

TEST(null_arguments_client_and_send) {
    scenario_t s;
    stskit_client_config *cfg;
    stskit_client *client = SENTINEL, *good;
    stskit_error *err = NULL;
    stskit_request *req = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp = SENTINEL;
    stskit_presigned *p = SENTINEL;
    const char *names[] = {"x-k8s-aws-id"}, *values[] = {"cluster"};
    const char *null_names[] = {NULL}, *null_values[] = {NULL};

    scenario(&s, "nullargs", "");
    cfg = base_config(s.url, true);
    CHECK_STATUS(stskit_client_new(NULL, &client, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK(client == SENTINEL);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_new(NULL, &client, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_new(cfg, NULL, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_new(cfg, NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_new(NULL, NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    good = CLIENT_FROM(cfg);
    if (!good) goto out;

    CHECK_STATUS(stskit_client_send(NULL, req, &resp, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_send(good, NULL, &resp, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_send(good, req, NULL, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_send(good, req, NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_send(NULL, NULL, NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK(resp == SENTINEL);
    /* None of those reached the emulator. */
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 0);
    CHECK_INT(stskit_client_clock_offset_seconds(NULL), 0);
    CHECK_INT(stskit_client_clock_offset_seconds(good), 0);

    CHECK_STATUS(stskit_client_presign_get_caller_identity(NULL, 60, names, values, 1, &p, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(good, 60, names, values, 1, NULL, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(good, 60, NULL, values, 1, &p, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(good, 60, names, NULL, 1, &p, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(good, 60, null_names, values, 1, &p, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(good, 60, names, null_values, 1, &p, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(good, 60, NULL, NULL, 1, &p, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK(p == SENTINEL);
    /* Both arrays may be NULL when there are no headers. */
    p = NULL;
    CHECK_STATUS(stskit_client_presign_get_caller_identity(good, 60, NULL, NULL, 0, &p, NULL), STSKIT_STATUS_OK);
    CHECK(p != NULL && strstr(stskit_presigned_url(p), "X-Amz-Signature=") != NULL);
    stskit_presigned_free(p);
    stskit_client_free(good);
out:
    stskit_request_free(req);
}

TEST(null_arguments_request) {
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    CHECK_INT(stskit_request_operation(NULL), 0);
    CHECK_STATUS(stskit_request_set_string(NULL, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_set_string(r, STSKIT_MEMBER_ROLE_ARN, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_set_string(NULL, STSKIT_MEMBER_ROLE_ARN, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_set_int(NULL, STSKIT_MEMBER_DURATION_SECONDS, 900), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_add_string(NULL, STSKIT_MEMBER_POLICY_ARNS, "arn:aws:iam::aws:policy/ReadOnlyAccess"), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_POLICY_ARNS, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_add_pair(NULL, STSKIT_MEMBER_TAGS, "k", "v"), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, NULL, "v"), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, "k", NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_request_set_empty_list(NULL, STSKIT_MEMBER_TAGS), STSKIT_STATUS_NULL_ARGUMENT);
    /* The request is still usable. */
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, "k", "v"), STSKIT_STATUS_OK);
    stskit_request_free(r);
}

TEST(null_arguments_accessors) {
    int32_t i32 = -5;
    int64_t i64 = -5;
    CHECK_INT(stskit_response_operation(NULL), 0);
    CHECK(stskit_response_string(NULL, STSKIT_OUTPUT_ARN) == NULL);
    CHECK_STATUS(stskit_response_int(NULL, STSKIT_OUTPUT_PACKED_POLICY_SIZE, &i32), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_response_int(NULL, STSKIT_OUTPUT_PACKED_POLICY_SIZE, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_response_expiration_unix(NULL, &i64), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_response_expiration_unix(NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_INT(i32, -5);
    CHECK_INT(i64, -5);
    CHECK(stskit_response_credentials(NULL) == NULL);
    CHECK_STR(stskit_response_request_id(NULL), "");
    CHECK_INT(stskit_response_http_status(NULL), 0);
    CHECK_INT(stskit_response_content_length(NULL), 0);

    CHECK(stskit_credentials_access_key_id(NULL) == NULL);
    CHECK(stskit_credentials_secret_access_key(NULL) == NULL);
    CHECK(stskit_credentials_session_token(NULL) == NULL);
    CHECK_INT(stskit_credentials_expiration_unix(NULL), 0);
    CHECK_STR(stskit_credentials_expiration_iso8601(NULL), "");

    CHECK_STATUS(stskit_error_status(NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STR(stskit_error_message(NULL), "");
    CHECK_STR(stskit_error_code(NULL), "");
    CHECK_INT(stskit_error_sts_code(NULL), STSKIT_STS_ERROR_OTHER);
    CHECK_STR(stskit_error_request_id(NULL), "");
    CHECK_INT(stskit_error_http_status(NULL), 0);
    CHECK(!stskit_error_is_retryable(NULL));

    CHECK_STR(stskit_presigned_url(NULL), "");
    CHECK_INT(stskit_presigned_expires_at_unix(NULL), 0);
}

TEST(null_output_pointers_of_a_real_response) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_response *resp;
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "nullout");
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_STATUS(stskit_response_int(resp, STSKIT_OUTPUT_PACKED_POLICY_SIZE, NULL), STSKIT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(stskit_response_expiration_unix(resp, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(invalid_utf8_config_setters) {
    stskit_client_config *cfg = stskit_client_config_new();
    for (size_t i = 0; i < N_BAD_UTF8; i++) {
        const char *bad = BAD_UTF8[i];
        CHECK_STATUS(stskit_client_config_set_region(cfg, bad), STSKIT_STATUS_INVALID_UTF8);
        CHECK_STATUS(stskit_client_config_set_endpoint_url(cfg, bad), STSKIT_STATUS_INVALID_UTF8);
        CHECK_STATUS(stskit_client_config_set_credentials(cfg, bad, SECRET, NULL), STSKIT_STATUS_INVALID_UTF8);
        CHECK_STATUS(stskit_client_config_set_credentials(cfg, AKID, bad, NULL), STSKIT_STATUS_INVALID_UTF8);
        CHECK_STATUS(stskit_client_config_set_credentials(cfg, AKID, SECRET, bad), STSKIT_STATUS_INVALID_UTF8);
        CHECK_STATUS(stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_URL, bad), STSKIT_STATUS_INVALID_UTF8);
    }
    /* The failed setters changed nothing: the config still builds a working client. */
    CHECK_STATUS(stskit_client_config_set_region(cfg, "us-east-1"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_endpoint_url(cfg, g_http), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_credentials(cfg, AKID, SECRET, NULL), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_DISABLED, NULL), STSKIT_STATUS_OK);
    {
        stskit_client *c = CLIENT_FROM(cfg);
        stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
        stskit_response *resp = SEND_OK(c, r);
        if (resp) CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ARN), USER_ARN);
        stskit_response_free(resp);
        stskit_request_free(r);
        stskit_client_free(c);
    }
}

TEST(invalid_utf8_request_setters) {
    for (int32_t op = STSKIT_OPERATION_ASSUME_ROLE; op <= STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN; op++) {
        stskit_request *r = request_with(op);
        for (size_t i = 0; i < N_BAD_UTF8; i++) {
            for (int32_t m = STSKIT_MEMBER_ROLE_ARN; m <= STSKIT_MEMBER_SIGNING_ALGORITHM; m++)
                CHECK_STATUS(stskit_request_set_string(r, m, BAD_UTF8[i]), STSKIT_STATUS_INVALID_UTF8);
            for (int32_t m = STSKIT_MEMBER_POLICY_ARNS; m <= STSKIT_MEMBER_AUDIENCE; m++) {
                CHECK_STATUS(stskit_request_add_string(r, m, BAD_UTF8[i]), STSKIT_STATUS_INVALID_UTF8);
                CHECK_STATUS(stskit_request_add_pair(r, m, BAD_UTF8[i], "v"), STSKIT_STATUS_INVALID_UTF8);
                CHECK_STATUS(stskit_request_add_pair(r, m, "k", BAD_UTF8[i]), STSKIT_STATUS_INVALID_UTF8);
            }
        }
        stskit_request_free(r);
    }
}

TEST(invalid_utf8_presign_headers) {
    stskit_client *c = NEW_CLIENT(g_http);
    for (size_t i = 0; i < N_BAD_UTF8 && c; i++) {
        const char *good[] = {"x-k8s-aws-id"}, *bad[] = {BAD_UTF8[i]};
        stskit_presigned *p = SENTINEL;
        stskit_error *err = NULL;
        for (int which = 0; which < 2; which++) {
            CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 60, which ? good : bad, which ? bad : good, 1, &p, &err),
                         STSKIT_STATUS_INVALID_UTF8);
            CHECK(p == SENTINEL);
            CHECK(err != NULL);
            if (err) {
                CHECK_STATUS(stskit_error_status(err), STSKIT_STATUS_INVALID_UTF8);
                stskit_error_free(err);
                err = NULL;
            }
        }
    }
    stskit_client_free(c);
}

/* Which members each operation takes, by setter; from the STS model (src/model/any.rs). */
static bool member_allowed(int32_t op, int32_t member, char setter) {
    enum { AR = 1, SAML, WEB, ROOT, DECODE, GAKI, GCI, GDAT, GFT, GST, GWIT };
    switch (setter) {
    case 's': /* set_string */
        switch (member) {
        case STSKIT_MEMBER_ROLE_ARN: return op == AR || op == SAML || op == WEB;
        case STSKIT_MEMBER_ROLE_SESSION_NAME: return op == AR || op == WEB;
        case STSKIT_MEMBER_POLICY: return op == AR || op == SAML || op == WEB || op == GFT;
        case STSKIT_MEMBER_EXTERNAL_ID: return op == AR;
        case STSKIT_MEMBER_SERIAL_NUMBER: return op == AR || op == GST;
        case STSKIT_MEMBER_TOKEN_CODE: return op == AR || op == GST;
        case STSKIT_MEMBER_SOURCE_IDENTITY: return op == AR;
        case STSKIT_MEMBER_PRINCIPAL_ARN: return op == SAML;
        case STSKIT_MEMBER_SAML_ASSERTION: return op == SAML;
        case STSKIT_MEMBER_WEB_IDENTITY_TOKEN: return op == WEB;
        case STSKIT_MEMBER_PROVIDER_ID: return op == WEB;
        case STSKIT_MEMBER_TARGET_PRINCIPAL: return op == ROOT;
        case STSKIT_MEMBER_TASK_POLICY_ARN: return op == ROOT;
        case STSKIT_MEMBER_ENCODED_MESSAGE: return op == DECODE;
        case STSKIT_MEMBER_ACCESS_KEY_ID: return op == GAKI;
        case STSKIT_MEMBER_TRADE_IN_TOKEN: return op == GDAT;
        case STSKIT_MEMBER_NAME: return op == GFT;
        case STSKIT_MEMBER_SIGNING_ALGORITHM: return op == GWIT;
        default: return false;
        }
    case 'i': /* set_int */
        return member == STSKIT_MEMBER_DURATION_SECONDS &&
               (op == AR || op == SAML || op == WEB || op == ROOT || op == GFT || op == GST || op == GWIT);
    case 'a': /* add_string */
        return (member == STSKIT_MEMBER_POLICY_ARNS && (op == AR || op == SAML || op == WEB || op == GFT)) ||
               (member == STSKIT_MEMBER_TRANSITIVE_TAG_KEYS && op == AR) ||
               (member == STSKIT_MEMBER_AUDIENCE && op == GWIT);
    case 'p': /* add_pair */
        return (member == STSKIT_MEMBER_TAGS && (op == AR || op == GFT || op == GWIT)) ||
               (member == STSKIT_MEMBER_PROVIDED_CONTEXTS && op == AR);
    case 'e': /* set_empty_list */
        return (member == STSKIT_MEMBER_POLICY_ARNS && (op == AR || op == SAML || op == WEB || op == GFT)) ||
               (member == STSKIT_MEMBER_TAGS && (op == AR || op == GFT || op == GWIT)) ||
               (member == STSKIT_MEMBER_TRANSITIVE_TAG_KEYS && op == AR) ||
               (member == STSKIT_MEMBER_PROVIDED_CONTEXTS && op == AR);
    default: return false;
    }
}

TEST(members_foreign_or_unknown_are_refused) {
    static const int32_t unknown_ids[] = {0, -1, 20, 25, 29, 35, 99, INT32_MIN, INT32_MAX};
    for (int32_t op = STSKIT_OPERATION_ASSUME_ROLE; op <= STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN; op++) {
        stskit_request *r = request_with(op);
        for (int32_t m = STSKIT_MEMBER_ROLE_ARN; m <= STSKIT_MEMBER_AUDIENCE; m++) {
            int32_t want;
            if (m > STSKIT_MEMBER_SIGNING_ALGORITHM && m < STSKIT_MEMBER_POLICY_ARNS) continue;
            want = member_allowed(op, m, 's') ? STSKIT_STATUS_OK : STSKIT_STATUS_UNKNOWN_MEMBER;
            CHECKF(stskit_request_set_string(r, m, "value") == want, "op %d set_string(member %d) is not %s",
                   (int)op, (int)m, stskit_status_name(want));
            want = member_allowed(op, m, 'i') ? STSKIT_STATUS_OK : STSKIT_STATUS_UNKNOWN_MEMBER;
            CHECKF(stskit_request_set_int(r, m, 900) == want, "op %d set_int(member %d) is not %s", (int)op,
                   (int)m, stskit_status_name(want));
            want = member_allowed(op, m, 'a') ? STSKIT_STATUS_OK : STSKIT_STATUS_UNKNOWN_MEMBER;
            CHECKF(stskit_request_add_string(r, m, "value") == want, "op %d add_string(member %d) is not %s",
                   (int)op, (int)m, stskit_status_name(want));
            want = member_allowed(op, m, 'p') ? STSKIT_STATUS_OK : STSKIT_STATUS_UNKNOWN_MEMBER;
            CHECKF(stskit_request_add_pair(r, m, "key", "value") == want, "op %d add_pair(member %d) is not %s",
                   (int)op, (int)m, stskit_status_name(want));
            if (!(op == STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN && m == STSKIT_MEMBER_AUDIENCE)) {
                /* (GetWebIdentityToken's Audience is a required list; whether it can be made
                 * explicitly empty is not specified, so it is left out here.) */
                want = member_allowed(op, m, 'e') ? STSKIT_STATUS_OK : STSKIT_STATUS_UNKNOWN_MEMBER;
                CHECKF(stskit_request_set_empty_list(r, m) == want, "op %d set_empty_list(member %d) is not %s",
                       (int)op, (int)m, stskit_status_name(want));
            }
        }
        for (size_t i = 0; i < sizeof unknown_ids / sizeof unknown_ids[0]; i++) {
            int32_t m = unknown_ids[i];
            CHECK_STATUS(stskit_request_set_string(r, m, "value"), STSKIT_STATUS_UNKNOWN_MEMBER);
            CHECK_STATUS(stskit_request_set_int(r, m, 900), STSKIT_STATUS_UNKNOWN_MEMBER);
            CHECK_STATUS(stskit_request_add_string(r, m, "value"), STSKIT_STATUS_UNKNOWN_MEMBER);
            CHECK_STATUS(stskit_request_add_pair(r, m, "k", "v"), STSKIT_STATUS_UNKNOWN_MEMBER);
            CHECK_STATUS(stskit_request_set_empty_list(r, m), STSKIT_STATUS_UNKNOWN_MEMBER);
        }
        CHECK_INT(stskit_request_operation(r), op);
        stskit_request_free(r);
    }
}

TEST(response_accessors_refuse_foreign_outputs) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp = SEND_OK(c, r);
    if (resp) {
        int32_t v = 4242;
        int64_t e = 4242;
        static const int32_t not_int[] = {0, STSKIT_OUTPUT_ARN, STSKIT_OUTPUT_EXPIRATION, 31, -1, 1000};
        for (size_t i = 0; i < sizeof not_int / sizeof not_int[0]; i++)
            CHECK_STATUS(stskit_response_int(resp, not_int[i], &v), STSKIT_STATUS_UNKNOWN_MEMBER);
        CHECK_STATUS(stskit_response_int(resp, STSKIT_OUTPUT_PACKED_POLICY_SIZE, &v), STSKIT_STATUS_NOT_PRESENT);
        CHECK_STATUS(stskit_response_expiration_unix(resp, &e), STSKIT_STATUS_NOT_PRESENT);
        CHECK_INT(v, 4242);
        CHECK_INT(e, 4242);
        CHECK(stskit_response_credentials(resp) == NULL);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

/* ---------------------------------------------------------------------------------------------
 * The 11 operations end to end
 * ------------------------------------------------------------------------------------------- */

TEST(op_assume_role_with_every_member) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_response *resp;
    int32_t packed = 0;
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "player-1");
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_POLICY_ARNS, "arn:aws:iam::aws:policy/ReadOnlyAccess"), STSKIT_STATUS_OK);
    set_str(r, STSKIT_MEMBER_POLICY,
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
    CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, 900), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, "Project", "Unicorn"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, "Team", "A B"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_TRANSITIVE_TAG_KEYS, "Project"), STSKIT_STATUS_OK);
    set_str(r, STSKIT_MEMBER_EXTERNAL_ID, "ext-123");
    set_str(r, STSKIT_MEMBER_SERIAL_NUMBER, "arn:aws:iam::123456789012:mfa/user");
    set_str(r, STSKIT_MEMBER_TOKEN_CODE, "123456");
    set_str(r, STSKIT_MEMBER_SOURCE_IDENTITY, "alice");
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_PROVIDED_CONTEXTS,
                                         "arn:aws:iam::aws:contextProvider/IdentityCenter", "abcd"), STSKIT_STATUS_OK);
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_ASSUME_ROLE);
        CHECK_METADATA(resp);
        CHECK_TEMP_CREDS(stskit_response_credentials(resp), 800, 901);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ARN),
                  "arn:aws:sts::123456789012:assumed-role/GameClient/player-1");
        CHECK(ends_with(stskit_response_string(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ID), ":player-1"));
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_SOURCE_IDENTITY), "alice");
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ID, STSKIT_OUTPUT_ASSUMED_ROLE_ARN, STSKIT_OUTPUT_SOURCE_IDENTITY);
        CHECK_STATUS(stskit_response_int(resp, STSKIT_OUTPUT_PACKED_POLICY_SIZE, &packed), STSKIT_STATUS_OK);
        CHECK(packed > 0);
        {
            int64_t e = 99;
            CHECK_STATUS(stskit_response_expiration_unix(resp, &e), STSKIT_STATUS_NOT_PRESENT);
            CHECK_INT(e, 99);
        }
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(op_assume_role_with_saml_without_credentials) {
    scenario_t s;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE_WITH_SAML);
    stskit_response *resp;
    char *saml = make_saml("jdoe@example.com", "2099-01-01T00:00:00Z");
    scenario(&s, "saml", "");
    c = ANONYMOUS_CLIENT(s.url);
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_PRINCIPAL_ARN, "arn:aws:iam::123456789012:saml-provider/ExampleIdP");
    set_str(r, STSKIT_MEMBER_SAML_ASSERTION, saml);
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_POLICY_ARNS, "arn:aws:iam::aws:policy/ReadOnlyAccess"), STSKIT_STATUS_OK);
    set_str(r, STSKIT_MEMBER_POLICY, "{}");
    CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, 3600), STSKIT_STATUS_OK);
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_ASSUME_ROLE_WITH_SAML);
        CHECK_METADATA(resp);
        CHECK_TEMP_CREDS(stskit_response_credentials(resp), 3500, 3601);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_SUBJECT), "jdoe@example.com");
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_SUBJECT_TYPE), "persistent");
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ISSUER), "https://idp.example.com/saml/metadata");
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_AUDIENCE), "https://signin.aws.amazon.com/saml");
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_SOURCE_IDENTITY), "jdoe@example.com");
        CHECK_CONTAINS(stskit_response_string(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ARN),
                       "arn:aws:sts::123456789012:assumed-role/GameClient/");
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ID, STSKIT_OUTPUT_ASSUMED_ROLE_ARN, STSKIT_OUTPUT_SUBJECT,
                      STSKIT_OUTPUT_SUBJECT_TYPE, STSKIT_OUTPUT_ISSUER, STSKIT_OUTPUT_AUDIENCE,
                      STSKIT_OUTPUT_NAME_QUALIFIER, STSKIT_OUTPUT_SOURCE_IDENTITY);
        CHECK_PACKED(resp, true);
    }
    CHECK_INT(emu_stat(g_http, s.id, "signed"), 0);
    CHECK_INT(emu_stat(g_http, s.id, "unsigned"), 1);
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
    free(saml);
}

TEST(op_assume_role_with_web_identity_without_credentials) {
    scenario_t s;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
    stskit_response *resp;
    char *token = make_jwt("{\"sub\":\"player-42\",\"aud\":\"game-client\",\"iss\":\"https://accounts.example.com\",\"exp\":4102444800}");
    scenario(&s, "webid", "");
    c = ANONYMOUS_CLIENT(s.url);
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "app1");
    set_str(r, STSKIT_MEMBER_WEB_IDENTITY_TOKEN, token);
    set_str(r, STSKIT_MEMBER_PROVIDER_ID, "accounts.example.com");
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_POLICY_ARNS, "arn:aws:iam::aws:policy/ReadOnlyAccess"), STSKIT_STATUS_OK);
    set_str(r, STSKIT_MEMBER_POLICY, "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, 900), STSKIT_STATUS_OK);
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
        CHECK_METADATA(resp);
        CHECK_TEMP_CREDS(stskit_response_credentials(resp), 800, 901);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_SUBJECT_FROM_WEB_IDENTITY_TOKEN), "player-42");
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_AUDIENCE), "game-client");
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_PROVIDER), "accounts.example.com");
        CHECK(ends_with(stskit_response_string(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ARN), "/app1"));
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ID, STSKIT_OUTPUT_ASSUMED_ROLE_ARN,
                      STSKIT_OUTPUT_SUBJECT_FROM_WEB_IDENTITY_TOKEN, STSKIT_OUTPUT_PROVIDER, STSKIT_OUTPUT_AUDIENCE);
        CHECK_PACKED(resp, true);
    }
    CHECK_INT(emu_stat(g_http, s.id, "signed"), 0);
    CHECK_INT(emu_stat(g_http, s.id, "unsigned"), 1);
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
    free(token);
}

TEST(op_assume_root) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROOT);
    stskit_response *resp;
    set_str(r, STSKIT_MEMBER_TARGET_PRINCIPAL, "111122223333");
    set_str(r, STSKIT_MEMBER_TASK_POLICY_ARN, "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials");
    CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, 900), STSKIT_STATUS_OK);
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_ASSUME_ROOT);
        CHECK_METADATA(resp);
        CHECK_TEMP_CREDS(stskit_response_credentials(resp), 800, 901);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_SOURCE_IDENTITY), "emulator");
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_SOURCE_IDENTITY);
        CHECK_PACKED(resp, false);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(op_decode_authorization_message) {
    static const char json[] = "{\"allowed\":false,\"explicitDeny\":false}";
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_DECODE_AUTHORIZATION_MESSAGE);
    stskit_response *resp;
    char *encoded = base64_str(json, false);
    set_str(r, STSKIT_MEMBER_ENCODED_MESSAGE, encoded);
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_DECODE_AUTHORIZATION_MESSAGE);
        CHECK_METADATA(resp);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_DECODED_MESSAGE), json);
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_DECODED_MESSAGE);
        CHECK(stskit_response_credentials(resp) == NULL);
        CHECK_PACKED(resp, false);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
    free(encoded);
}

TEST(op_get_access_key_info) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_GET_ACCESS_KEY_INFO);
    stskit_response *resp;
    set_str(r, STSKIT_MEMBER_ACCESS_KEY_ID, "AKIDOTHER00000000000");
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_GET_ACCESS_KEY_INFO);
        CHECK_METADATA(resp);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ACCOUNT), "210987654321");
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_ACCOUNT);
        CHECK(stskit_response_credentials(resp) == NULL);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(op_get_caller_identity) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_GET_CALLER_IDENTITY);
        CHECK_METADATA(resp);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ACCOUNT), ACCOUNT);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ARN), USER_ARN);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_USER_ID), "AIDAEXAMPLEUSER00001");
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_USER_ID, STSKIT_OUTPUT_ACCOUNT, STSKIT_OUTPUT_ARN);
        CHECK(stskit_response_credentials(resp) == NULL);
        CHECK_PACKED(resp, false);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(op_get_delegated_access_token) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_GET_DELEGATED_ACCESS_TOKEN);
    stskit_response *resp;
    set_str(r, STSKIT_MEMBER_TRADE_IN_TOKEN, "trade-in-token");
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_GET_DELEGATED_ACCESS_TOKEN);
        CHECK_METADATA(resp);
        CHECK_TEMP_CREDS(stskit_response_credentials(resp), 3500, 3601);
        CHECK_CONTAINS(stskit_response_string(resp, STSKIT_OUTPUT_ASSUMED_PRINCIPAL), "arn:");
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_ASSUMED_PRINCIPAL);
        CHECK_PACKED(resp, true);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(op_get_federation_token) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_GET_FEDERATION_TOKEN);
    stskit_response *resp;
    set_str(r, STSKIT_MEMBER_NAME, "Bob");
    set_str(r, STSKIT_MEMBER_POLICY, "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_POLICY_ARNS, "arn:aws:iam::aws:policy/ReadOnlyAccess"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, 3600), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, "k", ""), STSKIT_STATUS_OK);
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_GET_FEDERATION_TOKEN);
        CHECK_METADATA(resp);
        CHECK_TEMP_CREDS(stskit_response_credentials(resp), 3500, 3601);
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_FEDERATED_USER_ID), "123456789012:Bob");
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_FEDERATED_USER_ARN), "arn:aws:sts::123456789012:federated-user/Bob");
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_FEDERATED_USER_ID, STSKIT_OUTPUT_FEDERATED_USER_ARN);
        CHECK_PACKED(resp, true);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(op_get_session_token_with_mfa) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_GET_SESSION_TOKEN);
    stskit_response *resp;
    stskit_error *err;
    CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, 900), STSKIT_STATUS_OK);
    set_str(r, STSKIT_MEMBER_SERIAL_NUMBER, "arn:aws:iam::123456789012:mfa/user");
    set_str(r, STSKIT_MEMBER_TOKEN_CODE, "123456");
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_GET_SESSION_TOKEN);
        CHECK_METADATA(resp);
        CHECK_TEMP_CREDS(stskit_response_credentials(resp), 800, 901);
        CHECK_OUTPUTS(resp, 0);
        CHECK_PACKED(resp, false);
    }
    stskit_response_free(resp);
    /* A wrong one-time code: STS's own AccessDenied (no fault directive). */
    set_str(r, STSKIT_MEMBER_TOKEN_CODE, "000000");
    err = SEND_FAIL(c, r, STSKIT_STATUS_SERVICE_ERROR);
    if (err) {
        CHECK_STR(stskit_error_code(err), "AccessDenied");
        CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_ACCESS_DENIED);
        CHECK_INT(stskit_error_http_status(err), 403);
        CHECK(!stskit_error_is_retryable(err));
    }
    stskit_error_free(err);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(op_get_web_identity_token) {
    stskit_client *c = NEW_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN);
    stskit_response *resp;
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_AUDIENCE, "https://api.example.com"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_request_add_string(r, STSKIT_MEMBER_AUDIENCE, "b"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, 300), STSKIT_STATUS_OK);
    set_str(r, STSKIT_MEMBER_SIGNING_ALGORITHM, "ES384");
    CHECK_STATUS(stskit_request_add_pair(r, STSKIT_MEMBER_TAGS, "team", "blue"), STSKIT_STATUS_OK);
    resp = SEND_OK(c, r);
    if (resp) {
        const char *jwt = stskit_response_string(resp, STSKIT_OUTPUT_WEB_IDENTITY_TOKEN);
        int64_t exp = 0;
        long long now = (long long)time(NULL);
        int dots = 0;
        CHECK_INT(stskit_response_operation(resp), STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN);
        CHECK_METADATA(resp);
        for (const char *p = jwt; p && *p; p++) dots += *p == '.';
        CHECKF(dots == 2, "web identity token has %d dots", dots);
        CHECK_OUTPUTS(resp, STSKIT_OUTPUT_WEB_IDENTITY_TOKEN);
        CHECK_STATUS(stskit_response_expiration_unix(resp, &exp), STSKIT_STATUS_OK);
        CHECKF(exp > now + 250 && exp <= now + 301, "expiration %lld s from now", (long long)exp - now);
        CHECK(stskit_response_credentials(resp) == NULL);
        CHECK_PACKED(resp, false);
    }
    stskit_response_free(resp);
    stskit_request_free(r);
    stskit_client_free(c);
}

/* Temporary credentials read through the C accessors sign the next call (with the session token). */
TEST(assumed_role_credentials_sign_the_next_call) {
    stskit_client *c = NEW_CLIENT(g_http), *chained = NULL;
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_request *who = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp, *me = NULL;
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "chain");
    resp = SEND_OK(c, r);
    if (resp) {
        const stskit_credentials *cr = stskit_response_credentials(resp);
        stskit_client_config *cfg = base_config(g_http, false);
        CHECK_STATUS(stskit_client_config_set_credentials(cfg, stskit_credentials_access_key_id(cr),
                                                          stskit_credentials_secret_access_key(cr),
                                                          stskit_credentials_session_token(cr)), STSKIT_STATUS_OK);
        chained = CLIENT_FROM(cfg);
    }
    /* The response (and its wiped secrets) are gone; the config copied them. */
    stskit_response_free(resp);
    me = SEND_OK(chained, who);
    if (me) {
        CHECK_STR(stskit_response_string(me, STSKIT_OUTPUT_ARN), "arn:aws:sts::123456789012:assumed-role/GameClient/chain");
        CHECK(ends_with(stskit_response_string(me, STSKIT_OUTPUT_USER_ID), ":chain"));
    }
    if (chained) {
        /* A presigned URL made with session credentials carries the token. */
        stskit_presigned *p = NULL;
        CHECK_STATUS(stskit_client_presign_get_caller_identity(chained, 60, NULL, NULL, 0, &p, NULL), STSKIT_STATUS_OK);
        CHECK_CONTAINS(stskit_presigned_url(p), "X-Amz-Security-Token=");
        stskit_presigned_free(p);
    }
    stskit_response_free(me);
    stskit_request_free(who);
    stskit_request_free(r);
    stskit_client_free(chained);
    stskit_client_free(c);
}

/* The request is not consumed, the config is not consumed, and a response outlives its client. */
TEST(requests_configs_and_responses_have_independent_lifetimes) {
    scenario_t a, b;
    stskit_client_config *cfg;
    stskit_client *ca = NULL, *cb = NULL;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *r1, *r2, *r3;
    char id1[64] = "";
    scenario(&a, "life-a", "");
    scenario(&b, "life-b", "");
    cfg = base_config(a.url, true);
    {
        stskit_error *err = NULL;
        CHECK_STATUS(stskit_client_new(cfg, &ca, &err), STSKIT_STATUS_OK);
        CHECK_STATUS(stskit_client_config_set_endpoint_url(cfg, b.url), STSKIT_STATUS_OK);
        CHECK_STATUS(stskit_client_new(cfg, &cb, &err), STSKIT_STATUS_OK);
        CHECK(err == NULL);
    }
    stskit_client_config_free(cfg);
    r1 = SEND_OK(ca, r);
    r2 = SEND_OK(ca, r);
    r3 = SEND_OK(cb, r);
    CHECK_INT(emu_stat(g_http, a.id, "requests"), 2);
    CHECK_INT(emu_stat(g_http, b.id, "requests"), 1);
    if (r1) snprintf(id1, sizeof id1, "%s", stskit_response_request_id(r1));
    stskit_client_free(ca);
    stskit_client_free(cb);
    stskit_request_free(r);
    /* Strings borrowed from a response stay valid until the response is freed. */
    if (r1 && r2) {
        CHECK_STR(stskit_response_string(r1, STSKIT_OUTPUT_ARN), USER_ARN);
        CHECK_STR(stskit_response_request_id(r1), id1);
        CHECK(strcmp(stskit_response_request_id(r1), stskit_response_request_id(r2)) != 0);
    }
    if (r3) CHECK_STR(stskit_response_string(r3, STSKIT_OUTPUT_ACCOUNT), ACCOUNT);
    stskit_response_free(r1);
    stskit_response_free(r2);
    stskit_response_free(r3);
}

/* ---------------------------------------------------------------------------------------------
 * Presigning
 * ------------------------------------------------------------------------------------------- */

TEST(presign_get_caller_identity_with_extra_header) {
    stskit_client *c = NEW_CLIENT(g_http);
    const char *names[] = {"X-K8S-AWS-ID"}, *values[] = {"my-cluster"};
    stskit_presigned *p = NULL;
    stskit_error *err = SENTINEL;
    char *body = NULL;
    long long now = (long long)time(NULL);
    if (!c) return;
    CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 60, names, values, 1, &p, &err), STSKIT_STATUS_OK);
    CHECK(err == SENTINEL);
    if (p) {
        const char *url = stskit_presigned_url(p);
        long long exp = (long long)stskit_presigned_expires_at_unix(p);
        CHECK(strncmp(url, g_http, strlen(g_http)) == 0);
        CHECK_CONTAINS(url, "Action=GetCallerIdentity");
        CHECK_CONTAINS(url, "X-Amz-Signature=");
        CHECK_CONTAINS(url, "X-Amz-Expires=60");
        CHECK_CONTAINS(url, "X-Amz-Credential=AKIDEXAMPLE");
        CHECK_CONTAINS(url, "X-Amz-SignedHeaders=host%3Bx-k8s-aws-id");
        CHECK(strstr(url, SECRET) == NULL);
        CHECKF(exp >= now + 58 && exp <= now + 62, "expires_at %lld s from now", exp - now);
        /* The URL is accepted by the emulator with the bound header, and refused without it. */
        CHECK_INT(http_get(url, "x-k8s-aws-id: my-cluster\r\n", &body), 200);
        CHECK_CONTAINS(body, "<Account>123456789012</Account>");
        free(body);
        body = NULL;
        CHECK(http_get(url, NULL, NULL) == 403);
        CHECK(http_get(url, "x-k8s-aws-id: other-cluster\r\n", NULL) == 403);
    }
    stskit_presigned_free(p);
    /* STS honours at most 15 minutes, whatever X-Amz-Expires says. */
    p = NULL;
    CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 3600, NULL, NULL, 0, &p, NULL), STSKIT_STATUS_OK);
    if (p) {
        long long exp = (long long)stskit_presigned_expires_at_unix(p);
        CHECK_CONTAINS(stskit_presigned_url(p), "X-Amz-Expires=3600");
        CHECKF(exp >= now + 898 && exp <= now + 905, "expires_at %lld s from now", exp - now);
    }
    stskit_presigned_free(p);
    stskit_client_free(c);
}

TEST(presign_refuses_bad_arguments) {
    stskit_client *c = NEW_CLIENT(g_http), *anon = ANONYMOUS_CLIENT(g_http);
    static const uint32_t bad_expiry[] = {0, 604801, UINT32_MAX};
    const char *host[] = {"Host"}, *spaced[] = {"bad name"}, *empty[] = {""}, *v[] = {"x"};
    stskit_presigned *p = SENTINEL;
    stskit_error *err = NULL;
    for (size_t i = 0; i < sizeof bad_expiry / sizeof bad_expiry[0]; i++) {
        CHECK_STATUS(stskit_client_presign_get_caller_identity(c, bad_expiry[i], NULL, NULL, 0, &p, &err), STSKIT_STATUS_INVALID_ARGUMENT);
        CHECK_STATUS(stskit_error_status(err), STSKIT_STATUS_INVALID_ARGUMENT);
        CHECK_LOCAL_ERROR(err);
        stskit_error_free(err);
        err = NULL;
    }
    CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 60, host, v, 1, &p, NULL), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 60, spaced, v, 1, &p, NULL), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 60, empty, v, 1, &p, NULL), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(anon, 60, NULL, NULL, 0, &p, &err), STSKIT_STATUS_MISSING_CREDENTIALS);
    CHECK_STATUS(stskit_error_status(err), STSKIT_STATUS_MISSING_CREDENTIALS);
    stskit_error_free(err);
    CHECK(p == SENTINEL);
    p = NULL;
    CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 604800, NULL, NULL, 0, &p, NULL), STSKIT_STATUS_OK);
    stskit_presigned_free(p);
    stskit_client_free(anon);
    stskit_client_free(c);
}

/* ---------------------------------------------------------------------------------------------
 * Service errors
 * ------------------------------------------------------------------------------------------- */

static const struct {
    const char *directive; /* error=<directive> */
    const char *code;      /* wire code STS returns */
    int32_t sts;
    int32_t http;
    bool retryable;
} k_service_errors[] = {
    {"ExpiredTokenException", "ExpiredTokenException", STSKIT_STS_ERROR_EXPIRED_TOKEN_EXCEPTION, 400, false},
    {"ExpiredTradeInTokenException", "ExpiredTradeInTokenException", STSKIT_STS_ERROR_EXPIRED_TRADE_IN_TOKEN_EXCEPTION, 400, false},
    {"IDPCommunicationError", "IDPCommunicationError", STSKIT_STS_ERROR_IDP_COMMUNICATION_ERROR, 400, true},
    {"IDPRejectedClaim", "IDPRejectedClaim", STSKIT_STS_ERROR_IDP_REJECTED_CLAIM, 403, false},
    {"InvalidAuthorizationMessageException", "InvalidAuthorizationMessageException", STSKIT_STS_ERROR_INVALID_AUTHORIZATION_MESSAGE_EXCEPTION, 400, false},
    {"InvalidIdentityToken", "InvalidIdentityToken", STSKIT_STS_ERROR_INVALID_IDENTITY_TOKEN, 400, false},
    {"JWTPayloadSizeExceededException", "JWTPayloadSizeExceededException", STSKIT_STS_ERROR_JWT_PAYLOAD_SIZE_EXCEEDED_EXCEPTION, 400, false},
    {"MalformedPolicyDocument", "MalformedPolicyDocument", STSKIT_STS_ERROR_MALFORMED_POLICY_DOCUMENT, 400, false},
    {"OutboundWebIdentityFederationDisabledException", "OutboundWebIdentityFederationDisabledException", STSKIT_STS_ERROR_OUTBOUND_WEB_IDENTITY_FEDERATION_DISABLED_EXCEPTION, 403, false},
    {"PackedPolicyTooLarge", "PackedPolicyTooLarge", STSKIT_STS_ERROR_PACKED_POLICY_TOO_LARGE, 400, false},
    {"RegionDisabledException", "RegionDisabledException", STSKIT_STS_ERROR_REGION_DISABLED_EXCEPTION, 403, false},
    {"SessionDurationEscalationException", "SessionDurationEscalationException", STSKIT_STS_ERROR_SESSION_DURATION_ESCALATION_EXCEPTION, 403, false},
    {"ExpiredToken", "ExpiredToken", STSKIT_STS_ERROR_EXPIRED_TOKEN, 403, false},
    {"InvalidClientTokenId", "InvalidClientTokenId", STSKIT_STS_ERROR_INVALID_CLIENT_TOKEN_ID, 403, false},
    {"SignatureDoesNotMatch", "SignatureDoesNotMatch", STSKIT_STS_ERROR_SIGNATURE_DOES_NOT_MATCH, 403, false},
    {"IncompleteSignature", "IncompleteSignature", STSKIT_STS_ERROR_INCOMPLETE_SIGNATURE, 400, false},
    {"AccessDenied", "AccessDenied", STSKIT_STS_ERROR_ACCESS_DENIED, 403, false},
    {"Throttling", "Throttling", STSKIT_STS_ERROR_THROTTLING, 400, true},
    {"ValidationError", "ValidationError", STSKIT_STS_ERROR_VALIDATION_ERROR, 400, false},
    {"RequestExpired", "RequestExpired", STSKIT_STS_ERROR_REQUEST_EXPIRED, 400, false},
    {"MissingAuthenticationToken", "MissingAuthenticationToken", STSKIT_STS_ERROR_MISSING_AUTHENTICATION_TOKEN, 403, false},
    {"InternalFailure", "InternalFailure", STSKIT_STS_ERROR_INTERNAL_FAILURE, 500, true},
    {"ServiceUnavailable", "ServiceUnavailable", STSKIT_STS_ERROR_SERVICE_UNAVAILABLE, 503, true},
    {"InvalidAction", "InvalidAction", STSKIT_STS_ERROR_INVALID_ACTION, 400, false},
    {"MissingParameter", "MissingParameter", STSKIT_STS_ERROR_MISSING_PARAMETER, 400, false},
    {"InvalidParameterValue", "InvalidParameterValue", STSKIT_STS_ERROR_INVALID_PARAMETER_VALUE, 400, false},
    {"InvalidParameterCombination", "InvalidParameterCombination", STSKIT_STS_ERROR_INVALID_PARAMETER_COMBINATION, 400, false},
    {"OptInRequired", "OptInRequired", STSKIT_STS_ERROR_OPT_IN_REQUIRED, 403, false},
    {"AccessDeniedException", "AccessDeniedException", STSKIT_STS_ERROR_ACCESS_DENIED_EXCEPTION, 400, false},
    {"ThrottlingException", "ThrottlingException", STSKIT_STS_ERROR_THROTTLING_EXCEPTION, 400, true},
    {"RequestTimeTooSkewed", "RequestTimeTooSkewed", STSKIT_STS_ERROR_REQUEST_TIME_TOO_SKEWED, 400, false},
    {"InvalidSignatureException", "InvalidSignatureException", STSKIT_STS_ERROR_INVALID_SIGNATURE_EXCEPTION, 400, false},
    /* Modeled shape names: the emulator answers with the wire code. */
    {"InvalidIdentityTokenException", "InvalidIdentityToken", STSKIT_STS_ERROR_INVALID_IDENTITY_TOKEN, 400, false},
    {"IDPRejectedClaimException", "IDPRejectedClaim", STSKIT_STS_ERROR_IDP_REJECTED_CLAIM, 403, false},
    /* Codes outside the enum: OTHER, with the code string kept. */
    {"MalformedQueryString", "MalformedQueryString", STSKIT_STS_ERROR_OTHER, 404, false},
    {"SomethingNobodyModeled", "SomethingNobodyModeled", STSKIT_STS_ERROR_OTHER, 400, false},
};

TEST(service_error_codes) {
    size_t n = sizeof k_service_errors / sizeof k_service_errors[0];
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    for (size_t i = 0; i < n; i++) {
        scenario_t s;
        char directive[128];
        stskit_client_config *cfg;
        stskit_client *c;
        stskit_error *err;
        snprintf(directive, sizeof directive, "error=%s", k_service_errors[i].directive);
        scenario(&s, "code", directive);
        cfg = base_config(s.url, true);
        CHECK_STATUS(stskit_client_config_set_retry(cfg, 1, STSKIT_RETRY_MODE_STANDARD2026, 0.01), STSKIT_STATUS_OK);
        c = CLIENT_FROM(cfg);
        err = SEND_FAIL(c, r, STSKIT_STATUS_SERVICE_ERROR);
        if (err) {
            const char *code = stskit_error_code(err);
            const char *rid = stskit_error_request_id(err);
            CHECKF(strcmp(code, k_service_errors[i].code) == 0, "error=%s: code \"%s\", expected \"%s\"",
                   k_service_errors[i].directive, code, k_service_errors[i].code);
            CHECKF(stskit_error_sts_code(err) == k_service_errors[i].sts, "error=%s: sts code %d, expected %d",
                   k_service_errors[i].directive, (int)stskit_error_sts_code(err), (int)k_service_errors[i].sts);
            CHECKF(stskit_error_http_status(err) == k_service_errors[i].http, "error=%s: HTTP %d, expected %d",
                   k_service_errors[i].directive, (int)stskit_error_http_status(err), (int)k_service_errors[i].http);
            CHECKF(strlen(rid) == 36, "error=%s: request id \"%s\"", k_service_errors[i].directive, rid);
            CHECKF(stskit_error_is_retryable(err) == k_service_errors[i].retryable, "error=%s: retryable is %d",
                   k_service_errors[i].directive, (int)stskit_error_is_retryable(err));
            CHECKF(strstr(stskit_error_message(err), k_service_errors[i].code) != NULL,
                   "error=%s: message \"%s\" does not name the code", k_service_errors[i].directive,
                   stskit_error_message(err));
        }
        CHECKF(emu_stat(g_http, s.id, "requests") == 1, "error=%s: %ld requests with max_attempts 1",
               k_service_errors[i].directive, emu_stat(g_http, s.id, "requests"));
        stskit_error_free(err);
        stskit_client_free(c);
    }
    stskit_request_free(r);
}

/* STS's own errors for bad input (no fault directives). */
TEST(service_errors_from_the_emulators_rules) {
    stskit_client *c = NEW_CLIENT(g_http), *anon = ANONYMOUS_CLIENT(g_http);
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_request *w = request_with(STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
    stskit_request *d = request_with(STSKIT_OPERATION_GET_DELEGATED_ACCESS_TOKEN);
    stskit_error *err;
    char *rejected = make_jwt("{\"sub\":\"rejected\",\"aud\":\"game\",\"iss\":\"https://accounts.example.com\"}");
    char *expired = make_jwt("{\"sub\":\"p\",\"aud\":\"game\",\"iss\":\"https://accounts.example.com\",\"exp\":1000}");

    set_str(r, STSKIT_MEMBER_ROLE_ARN, "arn:aws:iam::123456789012:role/deniedRole");
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "s1");
    err = SEND_FAIL(c, r, STSKIT_STATUS_SERVICE_ERROR);
    CHECK_STR(stskit_error_code(err), "AccessDenied");
    CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_ACCESS_DENIED);
    CHECK_INT(stskit_error_http_status(err), 403);
    stskit_error_free(err);

    set_str(w, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(w, STSKIT_MEMBER_ROLE_SESSION_NAME, "s1");
    set_str(w, STSKIT_MEMBER_WEB_IDENTITY_TOKEN, rejected);
    err = SEND_FAIL(anon, w, STSKIT_STATUS_SERVICE_ERROR);
    CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_IDP_REJECTED_CLAIM);
    CHECK_INT(stskit_error_http_status(err), 403);
    CHECK(strstr(stskit_error_message(err), rejected) == NULL);
    stskit_error_free(err);

    set_str(w, STSKIT_MEMBER_WEB_IDENTITY_TOKEN, expired);
    err = SEND_FAIL(anon, w, STSKIT_STATUS_SERVICE_ERROR);
    CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_EXPIRED_TOKEN_EXCEPTION);
    stskit_error_free(err);

    set_str(d, STSKIT_MEMBER_TRADE_IN_TOKEN, "expired");
    err = SEND_FAIL(c, d, STSKIT_STATUS_SERVICE_ERROR);
    CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_EXPIRED_TRADE_IN_TOKEN_EXCEPTION);
    stskit_error_free(err);

    free(rejected);
    free(expired);
    stskit_request_free(d);
    stskit_request_free(w);
    stskit_request_free(r);
    stskit_client_free(anon);
    stskit_client_free(c);
}

/* ---------------------------------------------------------------------------------------------
 * Retries
 * ------------------------------------------------------------------------------------------- */

TEST(throttling_after_retries) {
    scenario_t s;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_error *err;
    double t0;
    scenario(&s, "throttle", "fault=throttle");
    c = NEW_CLIENT(s.url); /* 3 attempts, 2026 mode, backoff x0.01 */
    t0 = now_seconds();
    err = SEND_FAIL(c, r, STSKIT_STATUS_SERVICE_ERROR);
    CHECKF(now_seconds() - t0 < 5.0, "three throttled attempts took %.2f s", now_seconds() - t0);
    CHECK_STR(stskit_error_code(err), "Throttling");
    CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_THROTTLING);
    CHECK_INT(stskit_error_http_status(err), 400);
    CHECK(stskit_error_is_retryable(err));
    CHECK(strlen(stskit_error_request_id(err)) == 36);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 3);
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(r);
}

TEST(transient_failures_are_retried_to_success) {
    static const struct {
        const char *directives;
        int32_t mode;
        long requests;
    } cases[] = {
        {"fault=throttle/times=2", STSKIT_RETRY_MODE_STANDARD2026, 3},
        {"fault=http500/times=1", STSKIT_RETRY_MODE_STANDARD2026, 2},
        {"fault=http503/times=2", STSKIT_RETRY_MODE_STANDARD2026, 3},
        {"fault=reset/times=1", STSKIT_RETRY_MODE_STANDARD2026, 2},
        {"fault=shortbody/times=1", STSKIT_RETRY_MODE_STANDARD2026, 2},
        {"fault=throttle/times=1", STSKIT_RETRY_MODE_STANDARD, 2},
    };
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scenario_t s;
        stskit_client_config *cfg;
        stskit_client *c;
        stskit_response *resp;
        scenario(&s, "transient", cases[i].directives);
        cfg = base_config(s.url, true);
        CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, cases[i].mode, 0.01), STSKIT_STATUS_OK);
        c = CLIENT_FROM(cfg);
        resp = SEND_OK(c, r);
        if (resp) CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ACCOUNT), ACCOUNT);
        CHECKF(emu_stat(g_http, s.id, "requests") == cases[i].requests, "%s: %ld requests, expected %ld",
               cases[i].directives, emu_stat(g_http, s.id, "requests"), cases[i].requests);
        stskit_response_free(resp);
        stskit_client_free(c);
    }
    stskit_request_free(r);
}

/* ---------------------------------------------------------------------------------------------
 * Transport failures: timeouts, refused and reset connections, bad bodies, size limits
 * ------------------------------------------------------------------------------------------- */

TEST(timeout_waiting_for_headers) {
    scenario_t s;
    stskit_client_config *cfg;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_error *err;
    double t0, elapsed;
    scenario(&s, "delay", "delay=3000");
    cfg = base_config(s.url, true);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 1, STSKIT_RETRY_MODE_STANDARD2026, 0.01), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_timeouts_ms(cfg, 0, 500, 0), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    t0 = now_seconds();
    err = SEND_FAIL(c, r, STSKIT_STATUS_TIMEOUT);
    elapsed = now_seconds() - t0;
    CHECKF(elapsed >= 0.45 && elapsed < 2.9, "timed out after %.2f s", elapsed);
    CHECK_LOCAL_ERROR(err);
    CHECK(stskit_error_is_retryable(err));
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 1);
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(r);
}

TEST(timeout_of_a_whole_attempt_with_a_dripping_body) { /* heavy */
    scenario_t s;
    stskit_client_config *cfg;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_error *err;
    double t0, elapsed;
    scenario(&s, "drip", "drip=200");
    cfg = base_config(s.url, true);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 1, STSKIT_RETRY_MODE_STANDARD2026, 0.01), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_timeouts_ms(cfg, 0, 0, 1000), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    t0 = now_seconds();
    err = SEND_FAIL(c, r, STSKIT_STATUS_TIMEOUT);
    elapsed = now_seconds() - t0;
    CHECKF(elapsed >= 0.9 && elapsed < 3.0, "timed out after %.2f s", elapsed);
    CHECK_LOCAL_ERROR(err);
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(r);
}

TEST(timeouts_are_retried) { /* heavy */
    scenario_t s1, s2;
    stskit_client_config *cfg;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp;
    stskit_error *err;
    /* The first attempt times out, the second succeeds. */
    scenario(&s1, "delay1", "delay=3000/times=1");
    cfg = base_config(s1.url, true);
    CHECK_STATUS(stskit_client_config_set_timeouts_ms(cfg, 0, 500, 0), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    resp = SEND_OK(c, r);
    CHECK_INT(emu_stat(g_http, s1.id, "requests"), 2);
    stskit_response_free(resp);
    stskit_client_free(c);
    /* Every attempt times out: TIMEOUT after max_attempts requests. */
    scenario(&s2, "delay-all", "delay=2000");
    cfg = base_config(s2.url, true);
    CHECK_STATUS(stskit_client_config_set_timeouts_ms(cfg, 0, 300, 0), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    err = SEND_FAIL(c, r, STSKIT_STATUS_TIMEOUT);
    CHECK(stskit_error_is_retryable(err));
    CHECK_INT(emu_stat(g_http, s2.id, "requests"), 3);
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(r);
}

/* A call on another thread, for shutdown_interrupts_calls_in_flight. */
typedef struct {
    const stskit_client *client;
    const stskit_request *request;
    int32_t status;
} blocked_call_t;

static void *blocked_call_main(void *arg) {
    blocked_call_t *call = arg;
    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    call->status = stskit_client_send(call->client, call->request, &resp, &err);
    stskit_response_free(resp);
    stskit_error_free(err);
    return NULL;
}

TEST(shutdown_interrupts_calls_in_flight) {
    scenario_t s;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_error *err;
    blocked_call_t call;
    pthread_t tid;
    double t0, elapsed;
    long seen;
    scenario(&s, "shutdown", "delay=5000");
    c = CLIENT_FROM(base_config(s.url, true));
    call.client = c;
    call.request = r;
    call.status = -1;
    if (pthread_create(&tid, NULL, blocked_call_main, &call) != 0) abort();
    sleep_ms(300); /* the call waits for the delayed response */
    t0 = now_seconds();
    CHECK_STATUS(stskit_client_shutdown(c), STSKIT_STATUS_OK);
    pthread_join(tid, NULL);
    elapsed = now_seconds() - t0;
    CHECK_INT(call.status, STSKIT_STATUS_CANCELLED);
    CHECKF(elapsed < 3.0, "the call returned %.2f s after the shutdown", elapsed);
    seen = emu_stat(g_http, s.id, "requests");
    err = SEND_FAIL(c, r, STSKIT_STATUS_CANCELLED);
    CHECK_LOCAL_ERROR(err);
    CHECK(!stskit_error_is_retryable(err));
    CHECK_STATUS(stskit_client_shutdown(c), STSKIT_STATUS_OK); /* idempotent */
    CHECK_INT(emu_stat(g_http, s.id, "requests"), seen);
    CHECK_STATUS(stskit_client_shutdown(NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STR(stskit_status_name(STSKIT_STATUS_CANCELLED), "STSKIT_STATUS_CANCELLED");
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(r);
}

TEST(connection_refused_is_network) {
    char url[64];
    stskit_client_config *cfg;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_error *err;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", unused_port());
    cfg = base_config(url, true);
    CHECK_STATUS(stskit_client_config_set_timeouts_ms(cfg, 1000, 0, 0), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    err = SEND_FAIL(c, r, STSKIT_STATUS_NETWORK);
    CHECK_LOCAL_ERROR(err);
    CHECK(stskit_error_is_retryable(err));
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(r);
}

TEST(reset_and_short_bodies_are_network) {
    static const char *const faults[] = {"fault=reset", "fault=shortbody"};
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        scenario_t s;
        stskit_client *c;
        stskit_error *err;
        scenario(&s, "net", faults[i]);
        c = NEW_CLIENT(s.url);
        err = SEND_FAIL(c, r, STSKIT_STATUS_NETWORK);
        CHECK_LOCAL_ERROR(err);
        CHECK(stskit_error_is_retryable(err));
        CHECKF(emu_stat(g_http, s.id, "requests") == 3, "%s: %ld requests", faults[i], emu_stat(g_http, s.id, "requests"));
        stskit_error_free(err);
        stskit_client_free(c);
    }
    stskit_request_free(r);
}

TEST(bodies_that_are_not_sts_responses_are_invalid_response) {
    static const char *const faults[] = {"fault=truncate", "fault=garbage", "fault=empty", "fault=json", "fault=badutf8"};
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_request *ar = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    scenario_t s;
    stskit_client *c;
    stskit_error *err;
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        scenario(&s, "invalid", faults[i]);
        c = NEW_CLIENT(s.url);
        err = SEND_FAIL(c, r, STSKIT_STATUS_INVALID_RESPONSE);
        CHECK_LOCAL_ERROR(err);
        CHECKF(!stskit_error_is_retryable(err), "%s is retryable", faults[i]);
        CHECKF(emu_stat(g_http, s.id, "requests") == 1, "%s: %ld requests", faults[i], emu_stat(g_http, s.id, "requests"));
        stskit_error_free(err);
        stskit_client_free(c);
    }
    /* An empty result: the message names the missing element. */
    set_str(ar, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(ar, STSKIT_MEMBER_ROLE_SESSION_NAME, "s1");
    scenario(&s, "missing", "fault=missing");
    c = NEW_CLIENT(s.url);
    err = SEND_FAIL(c, ar, STSKIT_STATUS_INVALID_RESPONSE);
    CHECK_CONTAINS(stskit_error_message(err), "Credentials");
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(ar);
    stskit_request_free(r);
}

TEST(response_too_large) {
    scenario_t s;
    stskit_client *c;
    stskit_client_config *cfg;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp;
    stskit_error *err;
    double t0;
    /* A 50 MiB body against the default 1 MiB limit. */
    scenario(&s, "big", "fault=bigbody");
    c = NEW_CLIENT(s.url);
    t0 = now_seconds();
    err = SEND_FAIL(c, r, STSKIT_STATUS_RESPONSE_TOO_LARGE);
    CHECKF(now_seconds() - t0 < 10.0, "took %.2f s", now_seconds() - t0);
    CHECK_LOCAL_ERROR(err);
    CHECK(!stskit_error_is_retryable(err));
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 1);
    stskit_error_free(err);
    stskit_client_free(c);
    /* A configurable limit: 64 bytes is too small for any response, 4096 is enough. */
    cfg = base_config(g_http, true);
    CHECK_STATUS(stskit_client_config_set_max_response_bytes(cfg, 64), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    err = SEND_FAIL(c, r, STSKIT_STATUS_RESPONSE_TOO_LARGE);
    stskit_error_free(err);
    stskit_client_free(c);
    cfg = base_config(g_http, true);
    CHECK_STATUS(stskit_client_config_set_max_response_bytes(cfg, 4096), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    resp = SEND_OK(c, r);
    stskit_response_free(resp);
    stskit_client_free(c);
    stskit_request_free(r);
}

/* ---------------------------------------------------------------------------------------------
 * Validation, credentials, configuration
 * ------------------------------------------------------------------------------------------- */

/* Validation happens before any I/O: the client points at a port nothing listens on. */
TEST(validation_errors_name_the_member) {
    static const struct {
        int32_t duration;
    } durations[] = {{0}, {899}, {43201}, {-1}};
    char url[64];
    stskit_client *c;
    stskit_request *r;
    stskit_error *err;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", unused_port());
    c = NEW_CLIENT(url);
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
        set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
        set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "s1");
        CHECK_STATUS(stskit_request_set_int(r, STSKIT_MEMBER_DURATION_SECONDS, durations[i].duration), STSKIT_STATUS_OK);
        err = SEND_FAIL(c, r, STSKIT_STATUS_INVALID_ARGUMENT);
        CHECK_CONTAINS(stskit_error_message(err), "DurationSeconds");
        CHECK_LOCAL_ERROR(err);
        CHECK(!stskit_error_is_retryable(err));
        stskit_error_free(err);
        stskit_request_free(r);
    }
    /* A required member left out. */
    r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "s1");
    err = SEND_FAIL(c, r, STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(stskit_error_message(err), "RoleArn");
    stskit_error_free(err);
    /* A pattern violation. */
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_TOKEN_CODE, "12a456");
    set_str(r, STSKIT_MEMBER_SERIAL_NUMBER, "arn:aws:iam::123456789012:mfa/user");
    err = SEND_FAIL(c, r, STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(stskit_error_message(err), "TokenCode");
    stskit_error_free(err);
    stskit_request_free(r);
    /* A too-short secret: the message names the member but never echoes the value. */
    r = request_with(STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "s1");
    set_str(r, STSKIT_MEMBER_WEB_IDENTITY_TOKEN, "Qz");
    err = SEND_FAIL(c, r, STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(stskit_error_message(err), "WebIdentityToken");
    CHECK(strstr(stskit_error_message(err), "Qz") == NULL);
    stskit_error_free(err);
    stskit_request_free(r);
    /* An empty GetWebIdentityToken (required Audience and SigningAlgorithm). */
    r = request_with(STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN);
    err = SEND_FAIL(c, r, STSKIT_STATUS_INVALID_ARGUMENT);
    stskit_error_free(err);
    stskit_request_free(r);
    stskit_client_free(c);
}

TEST(missing_credentials) {
    scenario_t s;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_error *err;
    scenario(&s, "nocreds", "");
    c = ANONYMOUS_CLIENT(s.url);
    err = SEND_FAIL(c, r, STSKIT_STATUS_MISSING_CREDENTIALS);
    CHECK_LOCAL_ERROR(err);
    CHECK(!stskit_error_is_retryable(err));
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 0);
    stskit_error_free(err);
    stskit_client_free(c);
    stskit_request_free(r);
}

#define CHECK_CLIENT_NEW_FAILS(cfg, want, needle) check_client_new_fails(__FILE__, __LINE__, (cfg), (want), (needle))
static void check_client_new_fails(const char *file, int line, stskit_client_config *cfg, int32_t want, const char *needle) {
    stskit_client *c = SENTINEL;
    stskit_error *err = NULL;
    int32_t st = stskit_client_new(cfg, &c, &err);
    if (st != want) check_failed(file, line, "stskit_client_new returned %s, expected %s", stskit_status_name(st), stskit_status_name(want));
    if (st == STSKIT_STATUS_OK) {
        stskit_client_free(c);
        return;
    }
    if (c != SENTINEL) check_failed(file, line, "*out was written on failure");
    if (!err) {
        check_failed(file, line, "no error object");
        return;
    }
    if (stskit_error_status(err) != want) check_failed(file, line, "error status %s", stskit_status_name(stskit_error_status(err)));
    if (needle && !strstr(stskit_error_message(err), needle))
        check_failed(file, line, "message \"%s\" does not contain \"%s\"", stskit_error_message(err), needle);
    if (*stskit_error_code(err) != '\0' || stskit_error_http_status(err) != 0) check_failed(file, line, "not a local error");
    stskit_error_free(err);
}

TEST(plain_http_to_a_remote_host_is_refused) {
    stskit_client_config *cfg = base_config("http://sts.example.com/", true);
    stskit_client *c = NULL;
    CHECK_CLIENT_NEW_FAILS(cfg, STSKIT_STATUS_CONFIGURATION, "HTTP");
    /* err is optional. */
    CHECK_STATUS(stskit_client_new(cfg, &c, NULL), STSKIT_STATUS_CONFIGURATION);
    CHECK(c == NULL);
    /* Explicitly allowed, the client builds (no I/O happens at build time). */
    CHECK_STATUS(stskit_client_config_set_allow_insecure_http(cfg, true), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_new(cfg, &c, NULL), STSKIT_STATUS_OK);
    CHECK(c != NULL);
    stskit_client_free(c);
    stskit_client_config_free(cfg);
}

TEST(configuration_errors) {
    stskit_client_config *cfg;
    static const char bad_pem[] = "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n";
    static const char no_cert[] = "just some text\n";

    cfg = base_config(g_http, true);
    CHECK_STATUS(stskit_client_config_set_region(cfg, "not a region!"), STSKIT_STATUS_OK); /* checked at build */
    CHECK_CLIENT_NEW_FAILS(cfg, STSKIT_STATUS_CONFIGURATION, NULL);
    stskit_client_config_free(cfg);

    cfg = base_config("not a url", true);
    CHECK_CLIENT_NEW_FAILS(cfg, STSKIT_STATUS_CONFIGURATION, NULL);
    stskit_client_config_free(cfg);

    cfg = base_config(g_http, true);
    CHECK_STATUS(stskit_client_config_add_root_certificates_pem(cfg, (const uint8_t *)bad_pem, sizeof bad_pem - 1), STSKIT_STATUS_OK);
    CHECK_CLIENT_NEW_FAILS(cfg, STSKIT_STATUS_CONFIGURATION, "PEM");
    stskit_client_config_free(cfg);

    cfg = base_config(g_http, true);
    CHECK_STATUS(stskit_client_config_add_root_certificates_pem(cfg, (const uint8_t *)no_cert, sizeof no_cert - 1), STSKIT_STATUS_OK);
    CHECK_CLIENT_NEW_FAILS(cfg, STSKIT_STATUS_CONFIGURATION, "PEM");
    stskit_client_config_free(cfg);

    cfg = base_config(g_http, true);
    CHECK_STATUS(stskit_client_config_set_max_response_bytes(cfg, 0), STSKIT_STATUS_OK);
    CHECK_CLIENT_NEW_FAILS(cfg, STSKIT_STATUS_CONFIGURATION, NULL);
    stskit_client_config_free(cfg);

    /* Setter arguments out of range are refused at once. */
    cfg = stskit_client_config_new();
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 0, STSKIT_RETRY_MODE_STANDARD2026, 1.0), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, 2, 1.0), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, -1, 1.0), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, STSKIT_RETRY_MODE_STANDARD, -0.5), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, STSKIT_RETRY_MODE_STANDARD, 1e9), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, STSKIT_RETRY_MODE_STANDARD, NAN), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 3, STSKIT_RETRY_MODE_STANDARD, 0.0), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_proxy(cfg, 3, NULL), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_proxy(cfg, -1, "http://proxy.example:3128"), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_proxy(cfg, STSKIT_PROXY_MODE_URL, "http://proxy.example:3128"), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_log_callback(cfg, log_callback, NULL, 0), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_log_callback(cfg, log_callback, NULL, 5), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_timeouts_ms(cfg, 0, 0, 0), STSKIT_STATUS_OK); /* keeps the defaults */
    CHECK_STATUS(stskit_client_config_set_use_fips(cfg, false), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_use_dual_stack(cfg, false), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_use_global_endpoint(cfg, false), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_device_clock_offset(cfg, 0), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_region(cfg, "eu-west-1"), STSKIT_STATUS_OK);
    {
        /* A config with only a region builds (the regional AWS endpoint; nothing is sent). */
        stskit_client *c = NULL;
        CHECK_STATUS(stskit_client_new(cfg, &c, NULL), STSKIT_STATUS_OK);
        stskit_client_free(c);
    }
    stskit_client_config_free(cfg);
}

TEST(tls_with_and_without_the_test_ca) {
    size_t pem_len = 0;
    char *pem = read_file(g_ca, &pem_len);
    char url[512];
    stskit_client_config *cfg;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp;
    stskit_error *err;
    CHECKF(pem != NULL && pem_len > 0, "cannot read the CA at %s", g_ca);
    snprintf(url, sizeof url, "%s/", g_https);

    /* Trusting the test CA: works. */
    cfg = base_config(url, true);
    if (pem) CHECK_STATUS(stskit_client_config_add_root_certificates_pem(cfg, (const uint8_t *)pem, pem_len), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    resp = SEND_OK(c, r);
    if (resp) {
        CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ARN), USER_ARN);
        CHECK_METADATA(resp);
    }
    stskit_response_free(resp);
    stskit_client_free(c);

    /* Only the bundled public roots: the certificate is not trusted. */
    cfg = base_config(url, true);
    CHECK_STATUS(stskit_client_config_set_retry(cfg, 1, STSKIT_RETRY_MODE_STANDARD2026, 0.01), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    err = SEND_FAIL(c, r, STSKIT_STATUS_TLS);
    CHECK_LOCAL_ERROR(err);
    stskit_error_free(err);
    stskit_client_free(c);

    /* The same CA, but an expired certificate or one for another host name. */
    for (int i = 0; i < 2 && pem; i++) {
        const char *base = i == 0 ? g_https_expired : g_https_wronghost;
        if (!base) continue;
        snprintf(url, sizeof url, "%s/", base);
        cfg = base_config(url, true);
        CHECK_STATUS(stskit_client_config_set_retry(cfg, 1, STSKIT_RETRY_MODE_STANDARD2026, 0.01), STSKIT_STATUS_OK);
        CHECK_STATUS(stskit_client_config_add_root_certificates_pem(cfg, (const uint8_t *)pem, pem_len), STSKIT_STATUS_OK);
        c = CLIENT_FROM(cfg);
        err = SEND_FAIL(c, r, STSKIT_STATUS_TLS);
        stskit_error_free(err);
        stskit_client_free(c);
    }
    free(pem);
    stskit_request_free(r);
}

/* ---------------------------------------------------------------------------------------------
 * Clock skew
 * ------------------------------------------------------------------------------------------- */

TEST(server_clock_skew_is_learned) {
    scenario_t s;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp;
    long long offset;
    scenario(&s, "skew", "skew=3600");
    c = NEW_CLIENT(s.url);
    CHECK_INT(stskit_client_clock_offset_seconds(c), 0);
    resp = SEND_OK(c, r);
    if (resp) CHECK_STR(stskit_response_string(resp, STSKIT_OUTPUT_ACCOUNT), ACCOUNT);
    stskit_response_free(resp);
    offset = (long long)stskit_client_clock_offset_seconds(c);
    CHECKF(offset >= 3595 && offset <= 3605, "clock offset %lld, expected about 3600", offset);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 2);
    /* The offset is kept: the next call needs one request. */
    resp = SEND_OK(c, r);
    stskit_response_free(resp);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 3);
    /* Presigning uses the corrected clock too: the skewed server accepts the URL, and its expiry
     * is on the server's time line. */
    if (c) {
        stskit_presigned *p = NULL;
        long long now = (long long)time(NULL);
        CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 60, NULL, NULL, 0, &p, NULL), STSKIT_STATUS_OK);
        if (p) {
            long long exp = (long long)stskit_presigned_expires_at_unix(p);
            CHECKF(exp >= now + 3600 + 55 && exp <= now + 3600 + 65, "expires_at %lld s from now", exp - now);
            CHECK_INT(http_get(stskit_presigned_url(p), NULL, NULL), 200);
        }
        stskit_presigned_free(p);
    }
    stskit_client_free(c);
    stskit_request_free(r);
}

TEST(wrong_device_clock_is_corrected) {
    scenario_t s;
    stskit_client_config *cfg;
    stskit_client *c;
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_response *resp;
    long long offset;
    scenario(&s, "device-clock", "");
    cfg = base_config(s.url, true);
    CHECK_STATUS(stskit_client_config_set_device_clock_offset(cfg, -7200), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, "clock");
    resp = SEND_OK(c, r);
    if (resp) CHECK_TEMP_CREDS(stskit_response_credentials(resp), 3500, 3601);
    stskit_response_free(resp);
    offset = (long long)stskit_client_clock_offset_seconds(c);
    CHECKF(offset >= 7195 && offset <= 7205, "clock offset %lld, expected about 7200", offset);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 2);
    stskit_client_free(c);
    stskit_request_free(r);
}

/* ---------------------------------------------------------------------------------------------
 * Out-parameter discipline
 * ------------------------------------------------------------------------------------------- */

TEST(err_is_optional_and_out_parameters_follow_the_rules) {
    scenario_t s;
    stskit_client_config *cfg;
    stskit_client *c = SENTINEL, *anon;
    stskit_request *r = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp = SENTINEL;
    stskit_error *err = SENTINEL;
    stskit_presigned *p = SENTINEL;

    /* Failures with err == NULL: the status alone, *out untouched. */
    cfg = base_config("http://sts.example.com/", true);
    CHECK_STATUS(stskit_client_new(cfg, &c, NULL), STSKIT_STATUS_CONFIGURATION);
    CHECK(c == SENTINEL);
    stskit_client_config_free(cfg);
    scenario(&s, "errnull", "error=AccessDenied");
    anon = ANONYMOUS_CLIENT(s.url);
    CHECK_STATUS(stskit_client_send(anon, r, &resp, NULL), STSKIT_STATUS_MISSING_CREDENTIALS);
    CHECK(resp == SENTINEL);
    CHECK_STATUS(stskit_client_presign_get_caller_identity(anon, 60, NULL, NULL, 0, &p, NULL), STSKIT_STATUS_MISSING_CREDENTIALS);
    CHECK(p == SENTINEL);
    stskit_client_free(anon);
    c = NEW_CLIENT(s.url);
    CHECK_STATUS(stskit_client_send(c, r, &resp, NULL), STSKIT_STATUS_SERVICE_ERROR);
    CHECK(resp == SENTINEL);
    stskit_client_free(c);

    /* Successes leave *err untouched. */
    c = SENTINEL;
    cfg = base_config(g_http, true);
    CHECK_STATUS(stskit_client_new(cfg, &c, &err), STSKIT_STATUS_OK);
    CHECK(err == SENTINEL);
    CHECK(c != SENTINEL && c != NULL);
    stskit_client_config_free(cfg);
    if (c != SENTINEL && c != NULL) {
        CHECK_STATUS(stskit_client_send(c, r, &resp, &err), STSKIT_STATUS_OK);
        CHECK(err == SENTINEL);
        CHECK(resp != SENTINEL && resp != NULL);
        if (resp != SENTINEL) stskit_response_free(resp);
        CHECK_STATUS(stskit_client_presign_get_caller_identity(c, 60, NULL, NULL, 0, &p, &err), STSKIT_STATUS_OK);
        CHECK(err == SENTINEL);
        CHECK(p != SENTINEL && p != NULL);
        if (p != SENTINEL) stskit_presigned_free(p);
        /* A success with err == NULL. */
        resp = NULL;
        CHECK_STATUS(stskit_client_send(c, r, &resp, NULL), STSKIT_STATUS_OK);
        stskit_response_free(resp);
        stskit_client_free(c);
    }
    stskit_request_free(r);
}

/* ---------------------------------------------------------------------------------------------
 * Logging
 * ------------------------------------------------------------------------------------------- */

TEST(log_callback_levels_and_no_secrets) {
    scenario_t thr, expired, skew;
    log_sink sink;
    stskit_client *c, *tmp;
    stskit_client_config *cfg;
    stskit_request *ar = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_request *who = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *resp;
    stskit_error *err;
    char *secrets[3] = {NULL, NULL, NULL}; /* temporary access key is not secret; secret + token are */
    log_sink_init(&sink);

    /* Temporary credentials valid for 2 h (so a +1 h server clock still accepts them). */
    c = NEW_CLIENT(g_http);
    set_str(ar, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(ar, STSKIT_MEMBER_ROLE_SESSION_NAME, "logger");
    CHECK_STATUS(stskit_request_set_int(ar, STSKIT_MEMBER_DURATION_SECONDS, 7200), STSKIT_STATUS_OK);
    resp = SEND_OK(c, ar);
    stskit_client_free(c);
    if (!resp) goto out;
    secrets[0] = xstrdup(stskit_credentials_secret_access_key(stskit_response_credentials(resp)));
    secrets[1] = xstrdup(stskit_credentials_session_token(stskit_response_credentials(resp)));
    secrets[2] = xstrdup(stskit_credentials_access_key_id(stskit_response_credentials(resp)));
    stskit_response_free(resp);
    resp = NULL;

    scenario(&thr, "log-thr", "fault=throttle/times=2");
    scenario(&expired, "log-exp", "error=ExpiredToken");
    scenario(&skew, "log-skew", "skew=3600");
    {
        const char *urls[3] = {thr.url, expired.url, skew.url};
        for (int i = 0; i < 3; i++) {
            cfg = base_config(urls[i], false);
            CHECK_STATUS(stskit_client_config_set_credentials(cfg, secrets[2], secrets[0], secrets[1]), STSKIT_STATUS_OK);
            CHECK_STATUS(stskit_client_config_set_log_callback(cfg, log_callback, &sink, STSKIT_LOG_LEVEL_DEBUG), STSKIT_STATUS_OK);
            tmp = CLIENT_FROM(cfg);
            if (i == 1) {
                err = SEND_FAIL(tmp, who, STSKIT_STATUS_SERVICE_ERROR);
                CHECK_INT(stskit_error_sts_code(err), STSKIT_STS_ERROR_EXPIRED_TOKEN);
                /* Neither does the error message carry a secret. */
                CHECK(strstr(stskit_error_message(err), secrets[0]) == NULL);
                CHECK(strstr(stskit_error_message(err), secrets[1]) == NULL);
                stskit_error_free(err);
            } else {
                stskit_response *me = SEND_OK(tmp, who);
                if (me) CHECK(ends_with(stskit_response_string(me, STSKIT_OUTPUT_ARN), "/GameClient/logger"));
                stskit_response_free(me);
            }
            stskit_client_free(tmp);
        }
    }
    CHECKF(sink.n >= 6, "only %zu log lines", sink.n);
    CHECK_INT(sink.bad_levels, 0);
    CHECKF(log_lines_containing(&sink, "retrying") >= 2, "no retry lines among %zu", sink.n);
    CHECKF(log_lines_containing(&sink, "skew") >= 1, "no clock skew line among %zu", sink.n);
    CHECKF(log_lines_containing(&sink, "ExpiredToken") >= 1, "no failure line among %zu", sink.n);
    CHECK_NO_SECRETS_LOGGED(&sink, secrets, 2);

    /* ERROR level: a successful call logs nothing; a NULL callback removes logging. */
    {
        size_t before = sink.n;
        cfg = base_config(g_http, true);
        CHECK_STATUS(stskit_client_config_set_log_callback(cfg, log_callback, &sink, STSKIT_LOG_LEVEL_ERROR), STSKIT_STATUS_OK);
        tmp = CLIENT_FROM(cfg);
        resp = SEND_OK(tmp, who);
        stskit_response_free(resp);
        stskit_client_free(tmp);
        CHECK_INT(sink.n, before);
        cfg = base_config(g_http, true);
        CHECK_STATUS(stskit_client_config_set_log_callback(cfg, log_callback, &sink, STSKIT_LOG_LEVEL_DEBUG), STSKIT_STATUS_OK);
        CHECK_STATUS(stskit_client_config_set_log_callback(cfg, NULL, &sink, STSKIT_LOG_LEVEL_DEBUG), STSKIT_STATUS_OK);
        tmp = CLIENT_FROM(cfg);
        resp = SEND_OK(tmp, who);
        stskit_response_free(resp);
        stskit_client_free(tmp);
        CHECK_INT(sink.n, before);
    }
    resp = NULL;
out:
    stskit_response_free(resp);
    for (int i = 0; i < 3; i++) free(secrets[i]);
    stskit_request_free(who);
    stskit_request_free(ar);
    log_sink_destroy(&sink);
}

/* ---------------------------------------------------------------------------------------------
 * Threads: one client shared by many threads, with a log callback
 * ------------------------------------------------------------------------------------------- */

typedef struct {
    const stskit_client *client;
    int index, calls, ok;
    char **secrets;
    size_t nsecrets;
} worker_t;

static void *worker_main(void *arg) {
    worker_t *w = arg;
    stskit_request *who = stskit_request_new(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    for (int i = 0; i < w->calls; i++) {
        char session[64], want[160];
        stskit_request *r = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
        stskit_response *resp;
        snprintf(session, sizeof session, "thread-%d-call-%d", w->index, i);
        snprintf(want, sizeof want, "arn:aws:sts::123456789012:assumed-role/GameClient/%s", session);
        set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
        set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, session);
        resp = SEND_OK(w->client, r);
        if (resp) {
            const stskit_credentials *cr = stskit_response_credentials(resp);
            const char *arn = stskit_response_string(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ARN);
            const char *secret = stskit_credentials_secret_access_key(cr);
            const char *token = stskit_credentials_session_token(cr);
            if (arn && strcmp(arn, want) == 0 && secret && token) {
                w->ok++;
                w->secrets[w->nsecrets++] = xstrdup(secret);
                w->secrets[w->nsecrets++] = xstrdup(token);
            } else {
                CHECKF(false, "thread %d call %d: AssumedRoleArn \"%s\", expected \"%s\"", w->index, i,
                       arn ? arn : "(null)", want);
            }
        }
        stskit_response_free(resp);
        stskit_request_free(r);
        resp = SEND_OK(w->client, who);
        if (resp) {
            const char *arn = stskit_response_string(resp, STSKIT_OUTPUT_ARN);
            if (arn && strcmp(arn, USER_ARN) == 0) w->ok++;
            else CHECKF(false, "thread %d call %d: Arn \"%s\"", w->index, i, arn ? arn : "(null)");
        }
        stskit_response_free(resp);
    }
    stskit_request_free(who);
    return NULL;
}

TEST(threads_share_one_client) {
    int nthreads = g_light ? 4 : 8, calls = g_light ? 5 : 25, total = 0;
    scenario_t s;
    log_sink sink;
    stskit_client_config *cfg;
    stskit_client *c;
    worker_t w[8];
    pthread_t tid[8];
    log_sink_init(&sink);
    scenario(&s, "threads", "");
    cfg = base_config(s.url, true);
    CHECK_STATUS(stskit_client_config_set_log_callback(cfg, log_callback, &sink, STSKIT_LOG_LEVEL_DEBUG), STSKIT_STATUS_OK);
    c = CLIENT_FROM(cfg);
    if (!c) {
        log_sink_destroy(&sink);
        return;
    }
    for (int t = 0; t < nthreads; t++) {
        w[t].client = c;
        w[t].index = t;
        w[t].calls = calls;
        w[t].ok = 0;
        w[t].nsecrets = 0;
        w[t].secrets = calloc((size_t)calls * 2, sizeof(char *));
        if (!w[t].secrets || pthread_create(&tid[t], NULL, worker_main, &w[t]) != 0) abort();
    }
    for (int t = 0; t < nthreads; t++) {
        pthread_join(tid[t], NULL);
        total += w[t].ok;
    }
    printf("    %d threads x %d x (AssumeRole + GetCallerIdentity): %d calls succeeded, %zu log lines from %d threads\n",
           nthreads, calls, total, sink.n, sink.nthreads);
    CHECK_INT(total, nthreads * calls * 2);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), nthreads * calls * 2);
    CHECKF(sink.nthreads >= nthreads, "log lines came from %d threads, expected at least %d", sink.nthreads, nthreads);
    CHECKF(sink.n >= (size_t)(nthreads * calls * 2), "%zu log lines for %d calls", sink.n, nthreads * calls * 2);
    CHECK_INT(sink.bad_levels, 0);
    for (int t = 0; t < nthreads; t++) {
        CHECK_NO_SECRETS_LOGGED(&sink, w[t].secrets, w[t].nsecrets);
        for (size_t i = 0; i < w[t].nsecrets; i++) free(w[t].secrets[i]);
        free(w[t].secrets);
    }
    stskit_client_free(c);
    log_sink_destroy(&sink);
}

/* The credentials provider scenarios live in their own file. */
#include "provider_tests.c"

/* ---------------------------------------------------------------------------------------------
 * Runner
 * ------------------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    void (*fn)(void);
    bool heavy; /* skipped with STSKIT_TEST_LIGHT=1 */
} k_tests[] = {
#define T(name) {#name, test_##name, false}
#define HEAVY(name) {#name, test_##name, true}
    T(abi_and_library_version),
    T(status_names),
    T(free_null_is_a_noop),
    T(unknown_operation_gives_null_request),
    T(null_arguments_config),
    T(null_arguments_client_and_send),
    T(null_arguments_request),
    T(null_arguments_accessors),
    T(null_output_pointers_of_a_real_response),
    T(invalid_utf8_config_setters),
    T(invalid_utf8_request_setters),
    T(invalid_utf8_presign_headers),
    T(members_foreign_or_unknown_are_refused),
    T(response_accessors_refuse_foreign_outputs),
    T(op_assume_role_with_every_member),
    T(op_assume_role_with_saml_without_credentials),
    T(op_assume_role_with_web_identity_without_credentials),
    T(op_assume_root),
    T(op_decode_authorization_message),
    T(op_get_access_key_info),
    T(op_get_caller_identity),
    T(op_get_delegated_access_token),
    T(op_get_federation_token),
    T(op_get_session_token_with_mfa),
    T(op_get_web_identity_token),
    T(assumed_role_credentials_sign_the_next_call),
    T(requests_configs_and_responses_have_independent_lifetimes),
    T(presign_get_caller_identity_with_extra_header),
    T(presign_refuses_bad_arguments),
    T(service_error_codes),
    T(service_errors_from_the_emulators_rules),
    T(throttling_after_retries),
    T(transient_failures_are_retried_to_success),
    T(timeout_waiting_for_headers),
    T(provider_refreshes_ahead_of_expiry),
    T(provider_single_flight_from_32_threads),
    T(provider_keeps_last_good_credentials_and_reports_the_refresh_error),
    T(provider_with_a_device_clock_two_hours_off),
    T(provider_web_identity_token_file_is_reread),
    T(provider_saml_assertion_callback),
    T(provider_non_blocking_read_never_waits),
    T(provider_null_and_invalid_arguments),
    T(provider_signs_a_chained_client),
    T(client_reports_its_resolved_endpoint),
    T(provider_free_closes_its_callbacks_without_waiting_for_the_network),
    HEAVY(timeout_of_a_whole_attempt_with_a_dripping_body),
    HEAVY(timeouts_are_retried),
    T(shutdown_interrupts_calls_in_flight),
    T(connection_refused_is_network),
    T(reset_and_short_bodies_are_network),
    T(bodies_that_are_not_sts_responses_are_invalid_response),
    T(response_too_large),
    T(validation_errors_name_the_member),
    T(missing_credentials),
    T(plain_http_to_a_remote_host_is_refused),
    T(configuration_errors),
    T(tls_with_and_without_the_test_ca),
    T(server_clock_skew_is_learned),
    T(wrong_device_clock_is_corrected),
    T(err_is_optional_and_out_parameters_follow_the_rules),
    T(log_callback_levels_and_no_secrets),
    T(threads_share_one_client),
#undef T
#undef HEAVY
};

static const char *env_or_null(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

int main(int argc, char **argv) {
    const char *filter = argc > 1 ? argv[1] : NULL;
    int passed = 0, failed = 0, skipped = 0;
    double start = now_seconds();

    setvbuf(stdout, NULL, _IOLBF, 0);
    g_light = env_or_null("STSKIT_TEST_LIGHT") && strcmp(getenv("STSKIT_TEST_LIGHT"), "0") != 0;
    g_http = env_or_null("STSKIT_EMULATOR_HTTP");
    g_https = env_or_null("STSKIT_EMULATOR_HTTPS");
    g_ca = env_or_null("STSKIT_EMULATOR_CA");
    g_https_expired = env_or_null("STSKIT_EMULATOR_HTTPS_EXPIRED");
    g_https_wronghost = env_or_null("STSKIT_EMULATOR_HTTPS_WRONGHOST");
    printf("stskit %s C ABI tests, %s mode (%s)\n", stskit_version(), g_light ? "light" : "full",
           g_light ? "4 threads x 5 calls, no multi-second timeout cases" : "8 threads x 25 calls, every case");
    if (!g_http || !g_https || !g_ca) {
        printf("STSKIT_EMULATOR_HTTP, STSKIT_EMULATOR_HTTPS and STSKIT_EMULATOR_CA must be set (tests/c/run.sh does it)\n");
        printf("0 passed, 0 failed\n");
        return 1;
    }

    for (size_t i = 0; i < sizeof k_tests / sizeof k_tests[0]; i++) {
        int before;
        double t0;
        if (filter && !strstr(k_tests[i].name, filter)) continue;
        if (g_light && k_tests[i].heavy) {
            printf("skip %s (light mode)\n", k_tests[i].name);
            skipped++;
            continue;
        }
        before = g_failures;
        t0 = now_seconds();
        k_tests[i].fn();
        if (g_failures == before) {
            passed++;
            printf("ok   %s (%.2f s)\n", k_tests[i].name, now_seconds() - t0);
        } else {
            failed++;
            printf("FAIL %s (%d failed checks, %.2f s)\n", k_tests[i].name, g_failures - before, now_seconds() - t0);
        }
    }
    printf("%d skipped; %.1f s in all\n", skipped, now_seconds() - start);
    printf("%d passed, %d failed\n", passed, failed);
    return failed > 0 || passed == 0 ? 1 : 0;
}
