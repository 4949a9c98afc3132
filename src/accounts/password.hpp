#pragma once
// Argon2id password hashing (libsodium's crypto_pwhash_str, PHC string
// format, salt included). Slow on purpose: call through BlockingPool.
#include <cstddef>
#include <string>
#include <string_view>

namespace agora::accounts {

struct HashCost {
  unsigned long long opslimit;
  std::size_t memlimit;
};

std::string hash_password(std::string_view password, HashCost cost);
bool verify_password(std::string_view stored_hash, std::string_view password);
// True when `stored_hash` was made with other parameters than `cost`.
bool needs_rehash(std::string_view stored_hash, HashCost cost);

}  // namespace agora::accounts
