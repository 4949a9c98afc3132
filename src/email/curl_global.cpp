#include "email/curl_global.hpp"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace agora::email {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
  });
}

}  // namespace agora::email
