// The C header used from C++11: it must compile warning-free with
//   g++ -std=c++11 -Wall -Wextra -Werror -pedantic
// declare its functions extern "C" (so this links against libstskit), and give the enums the
// fixed int32_t underlying type the ABI promises. run.sh compiles, links and runs it; it needs no
// network and prints "N passed, N failed" like the C test program.
#include "stskit.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(STSKIT_ABI_VERSION == 1, "STSKIT_ABI_VERSION");
static_assert(std::is_same<std::underlying_type<StskitStatus>::type, std::int32_t>::value, "StskitStatus is int32_t");
static_assert(std::is_same<std::underlying_type<StskitStsError>::type, std::int32_t>::value, "StskitStsError is int32_t");
static_assert(std::is_same<std::underlying_type<StskitOperation>::type, std::int32_t>::value, "StskitOperation is int32_t");
static_assert(std::is_same<std::underlying_type<StskitMember>::type, std::int32_t>::value, "StskitMember is int32_t");
static_assert(std::is_same<std::underlying_type<StskitOutput>::type, std::int32_t>::value, "StskitOutput is int32_t");
static_assert(std::is_same<std::underlying_type<StskitLogLevel>::type, std::int32_t>::value, "StskitLogLevel is int32_t");
static_assert(sizeof(StskitStatus) == 4, "4-byte status");
static_assert(STSKIT_STATUS_OK == 0 && STSKIT_STATUS_NULL_ARGUMENT == 20 && STSKIT_STATUS_PANIC == 99, "status numbers");
static_assert(STSKIT_OPERATION_GET_WEB_IDENTITY_TOKEN == 11, "operation numbers");
static_assert(STSKIT_STS_ERROR_INVALID_SIGNATURE_EXCEPTION == 119, "STS error numbers");
// The function types are what the C ABI documents.
static_assert(std::is_same<decltype(&stskit_client_send),
                           StskitStatus (*)(const stskit_client *, const stskit_request *, stskit_response **,
                                            stskit_error **)>::value,
              "stskit_client_send signature");
static_assert(std::is_same<decltype(&stskit_status_name), const char *(*)(std::int32_t)>::value, "stskit_status_name");
static_assert(std::is_same<decltype(&stskit_error_sts_code), StskitStsError (*)(const stskit_error *)>::value,
              "stskit_error_sts_code");

namespace {

int g_failed = 0;
int g_passed = 0;

void check(bool ok, const char *what) {
    if (ok) {
        g_passed++;
    } else {
        g_failed++;
        std::printf("FAIL %s\n", what);
    }
}

extern "C" void on_log(void *user_data, std::int32_t level, const char *message) {
    (void)level;
    (void)message;
    ++*static_cast<int *>(user_data);
}

}  // namespace

int main() {
    check(stskit_abi_version() == STSKIT_ABI_VERSION, "ABI version matches the header");
    check(std::strlen(stskit_version()) > 0, "library version");
    check(std::strcmp(stskit_status_name(STSKIT_STATUS_TIMEOUT), "STSKIT_STATUS_TIMEOUT") == 0, "status name");

    int lines = 0;
    stskit_client_config *config = stskit_client_config_new();
    StskitStatus st = stskit_client_config_set_region(config, "eu-west-1");
    check(st == STSKIT_STATUS_OK, "set_region");
    check(stskit_client_config_set_log_callback(config, on_log, &lines, STSKIT_LOG_LEVEL_DEBUG) == STSKIT_STATUS_OK,
          "set_log_callback with an extern \"C\" function");
    check(stskit_client_config_set_endpoint_url(config, "http://sts.example.com/") == STSKIT_STATUS_OK, "set_endpoint_url");

    stskit_client *client = nullptr;
    stskit_error *err = nullptr;
    st = stskit_client_new(config, &client, &err);
    check(st == STSKIT_STATUS_CONFIGURATION && client == nullptr, "plain HTTP to a remote host is refused");
    check(err != nullptr && stskit_error_status(err) == STSKIT_STATUS_CONFIGURATION, "error object");
    check(stskit_error_sts_code(err) == STSKIT_STS_ERROR_OTHER, "local errors have no STS code");
    stskit_error_free(err);
    stskit_client_config_free(config);

    stskit_request *req = stskit_request_new(STSKIT_OPERATION_ASSUME_ROLE);
    check(req != nullptr && stskit_request_operation(req) == STSKIT_OPERATION_ASSUME_ROLE, "request_new");
    check(stskit_request_set_string(req, STSKIT_MEMBER_SAML_ASSERTION, "x") == STSKIT_STATUS_UNKNOWN_MEMBER,
          "foreign member");
    stskit_request_free(req);
    stskit_response_free(nullptr);
    stskit_presigned_free(nullptr);

    std::printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 && g_passed > 0 ? 0 : 1;
}
