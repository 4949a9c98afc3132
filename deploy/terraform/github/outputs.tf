output "environments" {
  description = "Each managed environment, its reviewers and the branches it deploys from (what .github/environments.yml declares; deploy/verify checks they agree)."
  value = {
    for env, e in local.environments : env => {
      reviewers = length(e.reviewer_teams) + length(e.reviewer_users)
      branches  = e.branches
    }
  }
}
