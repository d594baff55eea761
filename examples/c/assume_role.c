/*
 * stskit demo: AssumeRole, then GetCallerIdentity with the temporary credentials.
 *
 *   assume_role <endpoint-url> [role-arn]
 *
 * The README's demo runs it against the bundled local STS emulator; point it at
 * https://sts.<region>.amazonaws.com with real keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * to use AWS itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stskit.h"

static void print_error(const char *what, stskit_error *err) {
    fprintf(stderr, "%s failed: %s (code %s, HTTP %d, request id %s)\n", what, stskit_error_message(err),
            stskit_error_code(err), stskit_error_http_status(err), stskit_error_request_id(err));
    stskit_error_free(err);
}

/* ASIAIOSFODNN7EXAMPLE -> ASIA************MPLE */
static void print_masked(const char *label, const char *key) {
    size_t n = strlen(key);
    printf("%s", label);
    for (size_t i = 0; i < n; i++) putchar(i < 4 || i + 4 >= n ? key[i] : '*');
    putchar('\n');
}

static const char *env_or(const char *name, const char *fallback) {
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static stskit_client *make_client(const char *endpoint, const char *id, const char *secret, const char *token) {
    stskit_client_config *config = stskit_client_config_new();
    stskit_client *client = NULL;
    stskit_error *err = NULL;
    stskit_client_config_set_region(config, env_or("AWS_REGION", "us-east-1"));
    stskit_client_config_set_endpoint_url(config, endpoint);
    stskit_client_config_set_credentials(config, id, secret, token);
    if (stskit_client_new(config, &client, &err) != STSKIT_STATUS_OK) print_error("stskit_client_new", err);
    stskit_client_config_free(config);
    return client;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <endpoint-url> [role-arn]\n", argv[0]);
        return 2;
    }
    if (stskit_abi_version() != STSKIT_ABI_VERSION) {
        fprintf(stderr, "libstskit ABI %u does not match header ABI %u\n", stskit_abi_version(), STSKIT_ABI_VERSION);
        return 1;
    }
    const char *role = argc > 2 ? argv[2] : "arn:aws:iam::123456789012:role/GameClient";
    stskit_client *client = make_client(argv[1], env_or("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
                                        env_or("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), NULL);
    if (!client) return 1;

    stskit_request *req = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_ARN, role);
    stskit_request_set_string(req, STSKIT_MEMBER_ROLE_SESSION_NAME, "stskit-demo");
    stskit_request_set_int(req, STSKIT_MEMBER_DURATION_SECONDS, 900);
    stskit_request_add_pair(req, STSKIT_MEMBER_TAGS, "Game", "Demo");

    stskit_response *resp = NULL;
    stskit_error *err = NULL;
    int rc = 1;
    if (stskit_client_send(client, req, &resp, &err) != STSKIT_STATUS_OK) {
        print_error("AssumeRole", err);
        goto out;
    }
    const stskit_credentials *creds = stskit_response_credentials(resp);
    printf("stskit %s: AssumeRole succeeded (HTTP %d, request id %s)\n", stskit_version(),
           stskit_response_http_status(resp), stskit_response_request_id(resp));
    printf("  assumed role:  %s\n", stskit_response_string(resp, STSKIT_OUTPUT_ASSUMED_ROLE_ARN));
    print_masked("  access key:    ", stskit_credentials_access_key_id(creds));
    printf("  expires:       %s\n", stskit_credentials_expiration_iso8601(creds));

    /* Use the temporary credentials: who are we now? */
    stskit_client *session = make_client(argv[1], stskit_credentials_access_key_id(creds),
                                         stskit_credentials_secret_access_key(creds), stskit_credentials_session_token(creds));
    if (!session) goto out;
    stskit_request *who = stskit_request_new(STSKIT_OPERATION_GET_CALLER_IDENTITY);
    stskit_response *identity = NULL;
    if (stskit_client_send(session, who, &identity, &err) == STSKIT_STATUS_OK) {
        printf("  caller:        %s (account %s)\n", stskit_response_string(identity, STSKIT_OUTPUT_ARN),
               stskit_response_string(identity, STSKIT_OUTPUT_ACCOUNT));
        rc = 0;
    } else {
        print_error("GetCallerIdentity", err);
    }
    stskit_response_free(identity);
    stskit_request_free(who);
    stskit_client_free(session);
out:
    stskit_response_free(resp);
    stskit_request_free(req);
    stskit_client_free(client);
    return rc;
}
