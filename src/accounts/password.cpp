#include "accounts/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace agora::accounts {

std::string hash_password(std::string_view password, HashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  const std::string h(stored_hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view stored_hash, HashCost cost) {
  const std::string h(stored_hash);
  return crypto_pwhash_str_needs_rehash(h.c_str(), cost.opslimit, cost.memlimit) != 0;
}

}  // namespace agora::accounts
