/*
 * Credentials provider scenarios through the C ABI. Included by test_stskit.c (it shares the
 * harness, the emulator helpers and the k_tests table there); not compiled on its own.
 */

static stskit_request *assume_role_request(const char *session) {
    stskit_request *r = request_with(STSKIT_OPERATION_ASSUME_ROLE);
    set_str(r, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(r, STSKIT_MEMBER_ROLE_SESSION_NAME, session);
    return r;
}

/* A provider for `client` repeating `req`; windows and backoff in seconds / milliseconds. */
static stskit_provider *make_provider(const stskit_client *client, const stskit_request *req, uint32_t advisory,
                                      uint32_t mandatory, stskit_provider_config **keep_config) {
    stskit_provider_config *pc = stskit_provider_config_new(req);
    stskit_provider *p = NULL;
    stskit_error *err = NULL;
    CHECK(pc != NULL);
    if (!pc) return NULL;
    CHECK_STATUS(stskit_provider_config_set_windows(pc, advisory, mandatory), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_provider_config_set_backoff_ms(pc, 300, 2000), STSKIT_STATUS_OK);
    if (keep_config) {
        *keep_config = pc;
        return NULL;
    }
    CHECK_STATUS(stskit_provider_new(client, pc, &p, &err), STSKIT_STATUS_OK);
    if (err) stskit_error_free(err);
    stskit_provider_config_free(pc);
    return p;
}

static stskit_provider *build_provider(const stskit_client *client, stskit_provider_config *pc) {
    stskit_provider *p = NULL;
    stskit_error *err = NULL;
    CHECK_STATUS(stskit_provider_new(client, pc, &p, &err), STSKIT_STATUS_OK);
    if (err) {
        printf("    provider_new: %s\n", stskit_error_message(err));
        stskit_error_free(err);
    }
    stskit_provider_config_free(pc);
    return p;
}

/* The access key id of the provider's credentials (blocking get), copied; NULL on failure. */
static char *provider_key(const stskit_provider *p) {
    stskit_credentials *c = NULL;
    stskit_error *err = NULL;
    char *key = NULL;
    int32_t st = stskit_provider_get(p, &c, &err);
    if (st == STSKIT_STATUS_OK) {
        key = xstrdup(stskit_credentials_access_key_id(c));
        stskit_credentials_free(c);
    } else {
        printf("    provider_get: %s: %s\n", stskit_status_name(st), stskit_error_message(err));
        stskit_error_free(err);
    }
    return key;
}

typedef struct {
    pthread_mutex_t lock;
    int calls;
    const char *codes[4]; /* answers in order; the last repeats */
    int ncodes;
    int refreshes;
} callback_state;

static int64_t secret_from_state(void *user_data, char *buffer, size_t capacity) {
    callback_state *s = user_data;
    const char *answer;
    size_t n;
    pthread_mutex_lock(&s->lock);
    answer = s->codes[s->calls < s->ncodes ? s->calls : s->ncodes - 1];
    s->calls++;
    pthread_mutex_unlock(&s->lock);
    if (!answer) return -1; /* fail the refresh */
    n = strlen(answer);
    if (n > capacity) return -1;
    memcpy(buffer, answer, n);
    return (int64_t)n;
}

static void count_refresh(void *user_data, const stskit_credentials *creds) {
    callback_state *s = user_data;
    if (!creds || strncmp(stskit_credentials_access_key_id(creds), "ASIA", 4) != 0) return;
    pthread_mutex_lock(&s->lock);
    s->refreshes++;
    pthread_mutex_unlock(&s->lock);
}

TEST(provider_refreshes_ahead_of_expiry) {
    scenario_t s;
    stskit_client *c;
    stskit_request *req = assume_role_request("c-provider");
    stskit_provider_config *pc = NULL;
    stskit_provider *p;
    callback_state cb = {PTHREAD_MUTEX_INITIALIZER, 0, {NULL}, 0, 0};
    char *first, *again, *second;
    uint64_t attempts = 0, refreshes = 0;

    scenario(&s, "prov-ahead", "lifetime=8");
    c = NEW_CLIENT(s.url);
    make_provider(c, req, 5, 2, &pc);
    CHECK_STATUS(stskit_provider_config_set_refresh_callback(pc, count_refresh, &cb), STSKIT_STATUS_OK);
    p = build_provider(c, pc);
    first = provider_key(p);
    again = provider_key(p);
    CHECK(first && again && strcmp(first, again) == 0);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 1);
    sleep(4); /* inside the 5 s advisory window, 4 s before expiry */
    second = provider_key(p);
    CHECK(first && second && strcmp(first, second) != 0);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 2);
    CHECK_STATUS(stskit_provider_stats(p, &attempts, &refreshes), STSKIT_STATUS_OK);
    CHECK_INT(attempts, 2);
    CHECK_INT(refreshes, 2);
    CHECK_INT(cb.refreshes, 2);
    free(first);
    free(again);
    free(second);
    stskit_provider_free(p);
    stskit_request_free(req);
    stskit_client_free(c);
}

typedef struct {
    const stskit_provider *provider;
    pthread_barrier_t *barrier;
    char key[64];
} hammer_arg;

static void *hammer(void *arg) {
    hammer_arg *a = arg;
    char *k;
    pthread_barrier_wait(a->barrier);
    k = provider_key(a->provider);
    snprintf(a->key, sizeof a->key, "%s", k ? k : "");
    free(k);
    return NULL;
}

TEST(provider_single_flight_from_32_threads) {
    enum { N = 32 };
    scenario_t s;
    stskit_client *c;
    stskit_request *req = assume_role_request("c-flight");
    stskit_provider *p;
    pthread_t t[N];
    hammer_arg a[N];
    pthread_barrier_t barrier;
    int n = g_light ? 8 : N;

    scenario(&s, "prov-flight", "delay=300");
    c = NEW_CLIENT(s.url);
    p = make_provider(c, req, 300, 60, NULL);
    pthread_barrier_init(&barrier, NULL, (unsigned)n);
    for (int i = 0; i < n; i++) {
        a[i].provider = p;
        a[i].barrier = &barrier;
        a[i].key[0] = '\0';
        pthread_create(&t[i], NULL, hammer, &a[i]);
    }
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&barrier);
    for (int i = 0; i < n; i++) CHECK(a[i].key[0] != '\0' && strcmp(a[i].key, a[0].key) == 0);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 1);
    stskit_provider_free(p);
    stskit_request_free(req);
    stskit_client_free(c);
}

TEST(provider_keeps_last_good_credentials_and_reports_the_refresh_error) {
    scenario_t s;
    stskit_client *c;
    stskit_request *req = assume_role_request("c-mfa");
    stskit_provider_config *pc = NULL;
    stskit_provider *p;
    callback_state mfa = {PTHREAD_MUTEX_INITIALIZER, 0, {"123456", "000000"}, 2, 0};
    stskit_error *last = NULL, *err = NULL;
    stskit_credentials *creds = NULL;
    char *good, *kept;

    set_str(req, STSKIT_MEMBER_SERIAL_NUMBER, "arn:aws:iam::123456789012:mfa/player");
    scenario(&s, "prov-lastgood", "lifetime=30");
    c = NEW_CLIENT(s.url);
    make_provider(c, req, 60, 5, &pc); /* 30 s credentials are at once in the advisory window */
    CHECK_STATUS(stskit_provider_config_set_mfa_callback(pc, secret_from_state, &mfa), STSKIT_STATUS_OK);
    p = build_provider(c, pc);
    CHECK_STATUS(stskit_provider_last_error(p, &last), STSKIT_STATUS_NOT_PRESENT);
    good = provider_key(p);
    CHECK_INT(mfa.calls, 1);
    kept = provider_key(p); /* the advisory refresh fails: wrong MFA code */
    CHECK(good && kept && strcmp(good, kept) == 0);
    CHECK_INT(mfa.calls, 2);
    CHECK_STATUS(stskit_provider_last_error(p, &last), STSKIT_STATUS_OK);
    CHECK_INT(stskit_error_sts_code(last), STSKIT_STS_ERROR_ACCESS_DENIED);
    CHECK_INT(strlen(stskit_error_request_id(last)), 36);
    CHECK_INT(stskit_error_http_status(last), 403);
    stskit_error_free(last);
    /* Without cached credentials the caller gets the refresh error itself. */
    CHECK_STATUS(stskit_provider_invalidate(p), STSKIT_STATUS_OK);
    sleep_ms(400); /* past the 300 ms backoff */
    creds = SENTINEL;
    CHECK_STATUS(stskit_provider_get(p, &creds, &err), STSKIT_STATUS_SERVICE_ERROR);
    CHECK(creds == SENTINEL);
    CHECK_STR(stskit_error_code(err), "AccessDenied");
    stskit_error_free(err);
    free(good);
    free(kept);
    stskit_provider_free(p);
    stskit_request_free(req);
    stskit_client_free(c);
}

TEST(provider_with_a_device_clock_two_hours_off) {
    for (int sign = -1; sign <= 1; sign += 2) {
        scenario_t s;
        stskit_client_config *cfg;
        stskit_client *c;
        stskit_request *req = assume_role_request("c-skew");
        stskit_provider *p;
        char *a, *b;
        scenario(&s, "prov-skew", "");
        cfg = base_config(s.url, true);
        CHECK_STATUS(stskit_client_config_set_device_clock_offset(cfg, sign * 7200), STSKIT_STATUS_OK);
        c = CLIENT_FROM(cfg);
        p = make_provider(c, req, 300, 60, NULL);
        a = provider_key(p);
        b = provider_key(p);
        CHECK(a && b && strcmp(a, b) == 0);
        CHECK_INT(emu_stat(g_http, s.id, "requests"), 2); /* one rejected signature, one success, no loop */
        CHECK(llabs(stskit_client_clock_offset_seconds(c) + sign * 7200) < 10);
        free(a);
        free(b);
        stskit_provider_free(p);
        stskit_request_free(req);
        stskit_client_free(c);
    }
}

TEST(provider_web_identity_token_file_is_reread) {
    scenario_t s;
    stskit_client *c;
    stskit_request *req = request_with(STSKIT_OPERATION_ASSUME_ROLE_WITH_WEB_IDENTITY);
    stskit_provider_config *pc = NULL;
    stskit_provider *p;
    stskit_credentials *creds = NULL;
    stskit_error *err = NULL;
    char path[256];
    char *expired = make_jwt("{\"sub\":\"a\",\"aud\":\"x\",\"iss\":\"https://idp.example.com\",\"exp\":1000}");
    char *valid = make_jwt("{\"sub\":\"b\",\"aud\":\"x\",\"iss\":\"https://idp.example.com\",\"exp\":4102444800}");
    FILE *f;

    set_str(req, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(req, STSKIT_MEMBER_ROLE_SESSION_NAME, "pod");
    snprintf(path, sizeof path, "/tmp/stskit-c-token-%ld", (long)getpid());
    f = fopen(path, "w");
    fputs(expired, f);
    fclose(f);
    scenario(&s, "prov-file", "");
    c = ANONYMOUS_CLIENT(s.url);
    make_provider(c, req, 300, 60, &pc);
    CHECK_STATUS(stskit_provider_config_set_backoff_ms(pc, 0, 0), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_provider_config_set_token_file(pc, path), STSKIT_STATUS_OK);
    p = build_provider(c, pc);
    CHECK_STATUS(stskit_provider_get(p, &creds, &err), STSKIT_STATUS_SERVICE_ERROR);
    CHECK_STR(stskit_error_code(err), "ExpiredTokenException");
    stskit_error_free(err);
    f = fopen(path, "w");
    fputs(valid, f);
    fclose(f);
    CHECK_STATUS(stskit_provider_get(p, &creds, NULL), STSKIT_STATUS_OK);
    if (creds) CHECK(strncmp(stskit_credentials_access_key_id(creds), "ASIA", 4) == 0);
    stskit_credentials_free(creds);
    unlink(path);
    free(expired);
    free(valid);
    stskit_provider_free(p);
    stskit_request_free(req);
    stskit_client_free(c);
}

TEST(provider_saml_assertion_callback) {
    scenario_t s;
    stskit_client *c;
    stskit_request *req = request_with(STSKIT_OPERATION_ASSUME_ROLE_WITH_SAML);
    stskit_provider_config *pc = NULL;
    stskit_provider *p;
    char *assertion = make_saml("jdoe", "2099-01-01T00:00:00Z");
    callback_state cb = {PTHREAD_MUTEX_INITIALIZER, 0, {NULL}, 1, 0};
    char *a, *b;

    cb.codes[0] = assertion;
    set_str(req, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    set_str(req, STSKIT_MEMBER_PRINCIPAL_ARN, "arn:aws:iam::123456789012:saml-provider/IdP");
    scenario(&s, "prov-saml", "");
    c = ANONYMOUS_CLIENT(s.url);
    /* Without an assertion source the provider cannot be built. */
    make_provider(c, req, 300, 60, &pc);
    {
        stskit_provider *none = SENTINEL;
        stskit_error *err = NULL;
        CHECK_STATUS(stskit_provider_new(c, pc, &none, &err), STSKIT_STATUS_INVALID_ARGUMENT);
        CHECK(none == SENTINEL);
        stskit_error_free(err);
    }
    CHECK_STATUS(stskit_provider_config_set_secret_callback(pc, secret_from_state, &cb), STSKIT_STATUS_OK);
    p = build_provider(c, pc);
    a = provider_key(p);
    b = provider_key(p);
    CHECK(a && b && strcmp(a, b) == 0);
    CHECK_INT(cb.calls, 1);
    free(a);
    free(b);
    free(assertion);
    stskit_provider_free(p);
    stskit_request_free(req);
    stskit_client_free(c);
}

TEST(provider_non_blocking_read_never_waits) {
    scenario_t s;
    stskit_client *c;
    stskit_request *req = assume_role_request("c-nonblock");
    stskit_provider *p;
    double slowest = 0, deadline;
    int not_ready = 0;
    int32_t st = STSKIT_STATUS_NOT_READY;

    scenario(&s, "prov-nonblock", "delay=1500");
    c = NEW_CLIENT(s.url);
    p = make_provider(c, req, 300, 60, NULL);
    deadline = now_seconds() + 10;
    while (st != STSKIT_STATUS_OK && now_seconds() < deadline) {
        stskit_credentials *creds = NULL;
        stskit_error *err = NULL;
        double t0 = now_seconds(), dt;
        st = stskit_provider_try_get(p, &creds, &err);
        dt = now_seconds() - t0;
        if (dt > slowest) slowest = dt;
        if (st == STSKIT_STATUS_NOT_READY) {
            not_ready++;
            CHECK(creds == NULL);
            CHECK(err != NULL && stskit_error_status(err) == STSKIT_STATUS_NOT_READY);
        } else {
            CHECK_STATUS(st, STSKIT_STATUS_OK);
        }
        stskit_error_free(err);
        stskit_credentials_free(creds);
        sleep_ms(20);
    }
    CHECK_STATUS(st, STSKIT_STATUS_OK);
    CHECKF(not_ready >= 10, "only %d not-ready reads during a 1.5 s refresh", not_ready);
    CHECKF(slowest < (g_light ? 0.5 : 0.05), "a non-blocking read took %.3f s", slowest);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 1);
    stskit_provider_free(p);
    stskit_request_free(req);
    stskit_client_free(c);
}

TEST(provider_null_and_invalid_arguments) {
    stskit_request *caller = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_request *req = assume_role_request("c-args");
    stskit_provider_config *pc;
    stskit_provider *p = SENTINEL;
    stskit_credentials *creds = SENTINEL;
    stskit_error *err = NULL;

    CHECK(stskit_provider_config_new(NULL) == NULL);
    CHECK(stskit_provider_config_new(caller) == NULL); /* issues no credentials */
    pc = stskit_provider_config_new(req);
    CHECK_STATUS(stskit_provider_config_set_windows(pc, 10, 20), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_provider_config_set_backoff_ms(pc, 20, 10), STSKIT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(stskit_provider_config_set_windows(NULL, 20, 10), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_provider_config_set_token_file(pc, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_provider_config_set_token_file(pc, BAD_UTF8[0]), STSKIT_STATUS_INVALID_UTF8);
    CHECK_STATUS(stskit_provider_config_set_mfa_callback(NULL, secret_from_state, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_provider_config_set_secret_callback(NULL, secret_from_state, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_provider_config_set_refresh_callback(NULL, count_refresh, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_provider_new(NULL, pc, &p, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK(p == SENTINEL);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_provider_get(NULL, &creds, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK(creds == SENTINEL);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_provider_try_get(NULL, &creds, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_ERR_AFTER_NULL_ARGUMENT(err);
    CHECK_STATUS(stskit_provider_invalidate(NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_provider_last_error(NULL, &err), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_provider_stats(NULL, NULL, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    stskit_provider_free(NULL);
    stskit_provider_config_free(NULL);
    stskit_credentials_free(NULL);
    stskit_provider_config_free(pc);
    stskit_request_free(req);
    stskit_request_free(caller);
}

TEST(provider_signs_a_chained_client) {
    scenario_t s;
    stskit_client *c, *chained;
    stskit_client_config *cfg;
    stskit_request *req = assume_role_request("c-chain");
    stskit_request *who = request_with(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_provider *p;
    stskit_response *resp;

    scenario(&s, "prov-chain", "");
    c = NEW_CLIENT(s.url);
    p = make_provider(c, req, 300, 60, NULL);
    cfg = base_config(s.url, false);
    CHECK_STATUS(stskit_client_config_set_credentials_provider(cfg, p), STSKIT_STATUS_OK);
    CHECK_STATUS(stskit_client_config_set_credentials_provider(cfg, NULL), STSKIT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(stskit_client_config_set_credentials_provider(NULL, p), STSKIT_STATUS_NULL_ARGUMENT);
    stskit_provider_free(p); /* the config and its clients keep the provider alive */
    chained = CLIENT_FROM(cfg);
    resp = SEND_OK(chained, who);
    if (resp) CHECK(ends_with(stskit_response_string(resp, STSKIT_OUTPUT_ARN), "assumed-role/GameClient/c-chain"));
    stskit_response_free(resp);
    stskit_client_free(chained);
    stskit_request_free(who);
    stskit_request_free(req);
    stskit_client_free(c);
}

TEST(client_reports_its_resolved_endpoint) {
    static const struct {
        const char *region;
        bool fips, dual, global;
        const char *want;
    } cases[] = {
        {"eu-west-1", false, false, false, "https://sts.eu-west-1.amazonaws.com/"},
        {"us-east-1", true, false, false, "https://sts-fips.us-east-1.amazonaws.com/"},
        {"us-east-1", false, true, false, "https://sts.us-east-1.api.aws/"},
        {"eu-west-1", false, false, true, "https://sts.amazonaws.com/"},
        {"cn-north-1", false, false, false, "https://sts.cn-north-1.amazonaws.com.cn/"},
        {"us-gov-west-1", true, false, false, "https://sts.us-gov-west-1.amazonaws.com/"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        stskit_client_config *cfg = stskit_client_config_new();
        stskit_client *c;
        stskit_client_config_set_region(cfg, cases[i].region);
        stskit_client_config_set_use_fips(cfg, cases[i].fips);
        stskit_client_config_set_use_dual_stack(cfg, cases[i].dual);
        stskit_client_config_set_use_global_endpoint(cfg, cases[i].global);
        c = CLIENT_FROM(cfg); /* no network: building a client resolves, it does not connect */
        if (c) CHECK_STR(stskit_client_endpoint_url(c), cases[i].want);
        stskit_client_free(c);
    }
    CHECK_STR(stskit_client_endpoint_url(NULL), "");
}

static int g_late_refreshes;

static void count_late_refresh(void *user_data, const stskit_credentials *creds) {
    int *counter = user_data; /* freed right after stskit_provider_free: ASan catches a late call */
    (void)creds;
    pthread_mutex_lock(&g_lock);
    (*counter)++;
    g_late_refreshes++;
    pthread_mutex_unlock(&g_lock);
}

TEST(provider_free_closes_its_callbacks_without_waiting_for_the_network) {
    scenario_t s;
    stskit_client *c;
    stskit_request *req = assume_role_request("c-free");
    stskit_provider_config *pc = NULL;
    stskit_provider *p;
    stskit_credentials *creds = NULL;
    int *counter = calloc(1, sizeof *counter);
    double t0, freeing;

    scenario(&s, "prov-free", "delay=800");
    c = NEW_CLIENT(s.url);
    make_provider(c, req, 300, 60, &pc);
    CHECK_STATUS(stskit_provider_config_set_refresh_callback(pc, count_late_refresh, counter), STSKIT_STATUS_OK);
    p = build_provider(c, pc);
    CHECK_STATUS(stskit_provider_try_get(p, &creds, NULL), STSKIT_STATUS_NOT_READY); /* refresh in flight */
    t0 = now_seconds();
    stskit_provider_free(p);
    freeing = now_seconds() - t0;
    free(counter); /* the application releases user_data once the free returned */
    CHECKF(freeing < 0.3, "stskit_provider_free waited %.3f s for the network", freeing);
    sleep_ms(1300); /* the background refresh completes meanwhile, without calling back */
    CHECK_INT(g_late_refreshes, 0);
    CHECK_INT(emu_stat(g_http, s.id, "requests"), 1);
    stskit_request_free(req);
    stskit_client_free(c);
}
