# main and develop change only through reviewed pull requests whose CI passed: the
# environments above trust these branches, so their protection is the deploy's protection.
resource "github_branch_protection" "release" {
  for_each = toset(["main", "develop"])

  repository_id                   = var.repository
  pattern                         = each.key
  enforce_admins                  = true
  require_signed_commits          = false
  required_linear_history         = true
  require_conversation_resolution = true
  allows_deletions                = false
  allows_force_pushes             = false

  required_status_checks {
    strict   = true
    contexts = var.required_checks
  }

  required_pull_request_reviews {
    required_approving_review_count = 1
    dismiss_stale_reviews           = true
    require_code_owner_reviews      = false
    require_last_push_approval      = true
  }
}
