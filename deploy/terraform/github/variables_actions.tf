# What the workflows read as vars.* (ARNs, names, regions: not secrets). Environment jobs
# read the unsuffixed names; terraform.yml's pull-request plans carry no environment and
# read repository variables suffixed with the environment (TF_PLAN_ROLE_ARN_STAGING, ...),
# except pull requests into main, planned in the gated production-plan environment, whose
# environment variables carry the same _PROD names (one workflow step for all three).
# Secrets (DAST_LOGIN, DAST_PASSWORD, the PagerDuty key, TERRAFORM_TFVARS's sensitive parts)
# are never in this repository or its state: set them by hand (runbook).
locals {
  env_variables = merge([
    for env, v in var.environments : {
      for name, value in {
        AWS_REGION                   = v.aws_region
        AWS_DEPLOY_ROLE_ARN          = v.aws_deploy_role_arn
        AWS_TERRAFORM_PLAN_ROLE_ARN  = v.aws_terraform_plan_role_arn
        AWS_TERRAFORM_APPLY_ROLE_ARN = v.aws_terraform_apply_role_arn
        TF_STATE_BUCKET              = v.tf_state_bucket
        TF_STATE_KMS_KEY_ARN         = v.tf_state_kms_key_arn
      } : "${env}/${name}" => { environment = env, name = name, value = value }
    }
  ]...)
  # Pull-request plans, per base branch. No PROD: prod's plan role trusts only the
  # production-plan environment, so a repository variable would serve no job.
  suffixes = { dev = "DEV", staging = "STAGING" }
  plan_variables = {
    for env, suffix in merge(local.suffixes, { production = "PROD" }) : env => {
      "TF_PLAN_ROLE_ARN_${suffix}"     = var.environments[env].aws_terraform_plan_role_arn
      "AWS_REGION_${suffix}"           = var.environments[env].aws_region
      "TF_STATE_BUCKET_${suffix}"      = var.environments[env].tf_state_bucket
      "TF_STATE_KMS_KEY_ARN_${suffix}" = var.environments[env].tf_state_kms_key_arn
    } if contains(keys(var.environments), env)
  }
  repo_variables      = merge([for env in keys(local.suffixes) : lookup(local.plan_variables, env, {})]...)
  prod_plan_variables = lookup(local.plan_variables, "production", {})
}

resource "github_actions_environment_variable" "env" {
  for_each = local.env_variables

  repository    = var.repository
  environment   = github_repository_environment.env[each.value.environment].environment
  variable_name = each.value.name
  value         = each.value.value
}

resource "github_actions_environment_variable" "production_plan" {
  for_each = local.prod_plan_variables

  repository    = var.repository
  environment   = github_repository_environment.env["production-plan"].environment
  variable_name = each.key
  value         = each.value
}

resource "github_actions_variable" "repo" {
  for_each = local.repo_variables

  repository    = var.repository
  variable_name = each.key
  value         = each.value
}
