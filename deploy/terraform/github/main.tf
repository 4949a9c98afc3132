# The GitHub side of the delivery pipeline, in code: the environments the workflows deploy
# through, who approves them and from which branches, the protection of main and develop,
# and the non-secret variables the jobs read. This replaces the hand-kept settings that
# .github/environments.yml only described (ADR 0085); deploy/verify checks the two agree.
locals {
  # production: main only; staging: develop (and main, whose merges promote releases);
  # dev: any branch, no approval (spec: feature branch -> dev). production-plan deploys
  # nothing: pull-request plans into main wait there for production's reviewers before they
  # may assume prod's plan role (ADR 0087); its runs are on refs/pull/*, so no branch policy.
  environments = {
    dev = {
      gated          = false
      reviewer_teams = []
      reviewer_users = []
      wait_timer     = 0
      branches       = []
    }
    staging = {
      gated          = true
      reviewer_teams = var.staging_reviewer_teams
      reviewer_users = var.staging_reviewer_users
      wait_timer     = 0
      branches       = ["develop", "main"]
    }
    production = {
      gated          = true
      reviewer_teams = var.production_reviewer_teams
      reviewer_users = var.production_reviewer_users
      wait_timer     = var.production_wait_minutes
      branches       = ["main"]
    }
    production-plan = {
      gated          = true
      reviewer_teams = var.production_reviewer_teams
      reviewer_users = var.production_reviewer_users
      wait_timer     = 0
      branches       = []
    }
  }
  branch_policies = merge([
    for env, e in local.environments : { for b in e.branches : "${env}/${b}" => { environment = env, branch = b } }
  ]...)
}

resource "github_repository_environment" "env" {
  for_each = local.environments

  repository          = var.repository
  environment         = each.key
  wait_timer          = each.value.wait_timer
  prevent_self_review = each.value.gated
  can_admins_bypass   = false

  dynamic "reviewers" {
    for_each = length(each.value.reviewer_teams) + length(each.value.reviewer_users) > 0 ? [1] : []
    content {
      teams = each.value.reviewer_teams
      users = each.value.reviewer_users
    }
  }

  # Only the listed branches may deploy to staging and production; dev takes any branch.
  dynamic "deployment_branch_policy" {
    for_each = length(each.value.branches) > 0 ? [1] : []
    content {
      protected_branches     = false
      custom_branch_policies = true
    }
  }

  lifecycle {
    precondition {
      condition     = !each.value.gated || length(each.value.reviewer_teams) + length(each.value.reviewer_users) > 0
      error_message = "staging, production and production-plan need at least one reviewer team or user."
    }
  }
}

resource "github_repository_environment_deployment_policy" "branch" {
  for_each = local.branch_policies

  repository     = var.repository
  environment    = github_repository_environment.env[each.value.environment].environment
  branch_pattern = each.value.branch
}
