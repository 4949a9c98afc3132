#pragma once
// libcurl's global initialisation is not safe to race with other threads
// using it; every libcurl user in this module calls this first.
namespace agora::email {

void ensure_curl_initialized();

}  // namespace agora::email
