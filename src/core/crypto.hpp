#pragma once
// Small wrappers over libsodium for the things the service needs everywhere:
// unguessable tokens, digests of them for storage, constant-time comparison.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace agora::crypto {

// Call once at start (idempotent); throws if libsodium cannot initialise.
void init();

// `bytes` random bytes, base64url without padding (URL- and cookie-safe).
std::string random_token(std::size_t bytes = 32);

// `bytes` random bytes as lowercase hex, for ids (trace, span, request):
// unpredictable, but drawn from a per-thread buffer; never for secrets.
std::string random_hex(std::size_t bytes);

// SHA-256 of `data` as lowercase hex. Session and one-time tokens are stored
// only as this digest, so a database leak does not leak usable tokens.
std::string sha256_hex(std::string_view data);

bool constant_time_equal(std::string_view a, std::string_view b);

// Bytes as lowercase hex, and back (nullopt unless `hex` is an even number
// of hex digits): for binary values kept in text (bytea via encode()).
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace agora::crypto
