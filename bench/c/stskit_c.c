/*
 * stskit benchmark client through the C ABI (linked to the release libstskit.so).
 *
 *   stskit_c loop  <endpoint> <calls> <warmup> <provider-reads>
 *       <calls> AssumeRole calls (after <warmup> unmeasured ones), then the credentials
 *       provider's cached read: one blocking refresh as warm-up, then <provider-reads> times
 *       stskit_provider_try_get + stskit_credentials_free. Prints one JSON line.
 *   stskit_c once  <https-endpoint> <ca.pem>
 *       A fresh process's first credentials over TLS: build a client trusting <ca.pem>, one
 *       AssumeRole, print the access key id. (Timed from outside, against curl.)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include "stskit.h"

#define ROLE_ARN "arn:aws:iam::123456789012:role/GameClient"
#define SESSION  "bench-session"

static void die_err(const char *what, stskit_error *err) {
    fprintf(stderr, "stskit_c: %s failed: %s\n", what, err ? stskit_error_message(err) : "(no detail)");
    stskit_error_free(err);
    exit(1);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(double *user, double *sys) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    return *user + *sys;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    buf[n] = 0;
    fclose(f);
    return buf;
}

static stskit_client *make_client(const char *endpoint, const char *ca_pem) {
    stskit_client_config *cfg = stskit_client_config_new();
    stskit_client_config_set_region(cfg, "us-east-1");
    stskit_client_config_set_endpoint_url(cfg, endpoint);
    stskit_client_config_set_credentials(cfg, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL);
    if (ca_pem && stskit_client_config_add_root_certificates_pem(cfg, (const uint8_t *)ca_pem, strlen(ca_pem)) != STSKIT_STATUS_OK) {
        fprintf(stderr, "stskit_c: CA PEM rejected\n");
        exit(1);
    }
    stskit_client *client = NULL;
    stskit_error *err = NULL;
    if (stskit_client_new(cfg, &client, &err) != STSKIT_STATUS_OK) die_err("stskit_client_new", err);
    stskit_client_config_free(cfg);
    return client;
}

static stskit_request *assume_role_request(void) {
    stskit_request *req = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_ARN, ROLE_ARN);
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_SESSION_NAME, SESSION);
    return req;
}

static void one_call(stskit_client *client, const stskit_request *req) {
    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    if (stskit_client_send(client, req, &resp, &err) != STSKIT_STATUS_OK) die_err("AssumeRole", err);
    const stskit_credentials *c = stskit_response_credentials(resp);
    if (!c || !stskit_credentials_access_key_id(c)[0]) { fprintf(stderr, "stskit_c: no credentials\n"); exit(1); }
    stskit_response_free(resp);
}

static int run_once(const char *endpoint, const char *ca_path) {
    char *pem = read_file(ca_path);
    stskit_client *client = make_client(endpoint, pem);
    free(pem);
    stskit_request *req = assume_role_request();
    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    if (stskit_client_send(client, req, &resp, &err) != STSKIT_STATUS_OK) die_err("AssumeRole over TLS", err);
    printf("%s\n", stskit_credentials_access_key_id(stskit_response_credentials(resp)));
    stskit_response_free(resp);
    stskit_request_free(req);
    stskit_client_free(client);
    return 0;
}

static int run_loop(const char *endpoint, long calls, long warmup, long reads) {
    if (stskit_abi_version() != STSKIT_ABI_VERSION) { fprintf(stderr, "stskit_c: ABI mismatch\n"); return 1; }
    stskit_client *client = make_client(endpoint, NULL);
    stskit_request *req = assume_role_request();
    for (long i = 0; i < warmup; i++) one_call(client, req);

    double u0, s0, u1, s1;
    cpu_s(&u0, &s0);
    double t0 = now_s();
    for (long i = 0; i < calls; i++) one_call(client, req);
    double wall = now_s() - t0;
    cpu_s(&u1, &s1);
    double cpu = (u1 - u0) + (s1 - s0);

    /* The provider: one blocking refresh, then cached non-blocking reads. */
    stskit_provider_config *pc = stskit_provider_config_new(req);
    stskit_provider *provider = NULL;
    stskit_error *err = NULL;
    if (stskit_provider_new(client, pc, &provider, &err) != STSKIT_STATUS_OK) die_err("stskit_provider_new", err);
    stskit_provider_config_free(pc);
    stskit_credentials *creds = NULL;
    if (stskit_provider_get(provider, &creds, &err) != STSKIT_STATUS_OK) die_err("stskit_provider_get", err);
    stskit_credentials_free(creds);
    for (long i = 0; i < reads / 100 + 1; i++) { /* warm the caches */
        if (stskit_provider_try_get(provider, &creds, NULL) != STSKIT_STATUS_OK) { fprintf(stderr, "try_get failed\n"); return 1; }
        stskit_credentials_free(creds);
    }
    double best = 1e9;
    for (int rep = 0; rep < 5; rep++) {          /* best of 5 runs: the machine is shared */
        double p0 = now_s();
        for (long i = 0; i < reads; i++) {
            if (stskit_provider_try_get(provider, &creds, NULL) != STSKIT_STATUS_OK) { fprintf(stderr, "try_get failed\n"); return 1; }
            stskit_credentials_free(creds);
        }
        double ns = (now_s() - p0) * 1e9 / (double)reads;
        if (ns < best) best = ns;
    }
    stskit_provider_free(provider);
    stskit_request_free(req);
    stskit_client_free(client);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"client\":\"stskit_c\",\"calls\":%ld,\"wall_s\":%.6f,\"user_s\":%.6f,\"sys_s\":%.6f,"
           "\"calls_per_s\":%.1f,\"cpu_us_per_call\":%.3f,\"maxrss_kb\":%ld,"
           "\"provider_reads\":%ld,\"provider_read_ns\":%.2f}\n",
           calls, wall, u1 - u0, s1 - s0, (double)calls / wall, cpu * 1e6 / (double)calls, ru.ru_maxrss,
           reads, best);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 6 && strcmp(argv[1], "loop") == 0)
        return run_loop(argv[2], atol(argv[3]), atol(argv[4]), atol(argv[5]));
    if (argc == 4 && strcmp(argv[1], "once") == 0)
        return run_once(argv[2], argv[3]);
    fprintf(stderr, "usage: %s loop <endpoint> <calls> <warmup> <provider-reads>\n"
                    "       %s once <https-endpoint> <ca.pem>\n", argv[0], argv[0]);
    return 2;
}
