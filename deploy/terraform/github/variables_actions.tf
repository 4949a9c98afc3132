# What the workflows read as vars.* (ARNs, names, regions: not secrets). Environment jobs
# read the unsuffixed names; terraform.yml's pull-request plans carry no environment and
# read repository variables suffixed with the environment (TF_PLAN_ROLE_ARN_STAGING, ...).
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
  # Pull-request plans, per base branch. PROD stays while the prod plan role trusts pull
  # requests (terraform.yml plans pull requests into main with it); when that role stops
  # trusting them (issue 14, defect 7) the entry goes and those plans move to a gated
  # environment.
  suffixes = { dev = "DEV", staging = "STAGING", production = "PROD" }
  repo_variables = merge([
    for env, suffix in local.suffixes : {
      "TF_PLAN_ROLE_ARN_${suffix}"     = var.environments[env].aws_terraform_plan_role_arn
      "AWS_REGION_${suffix}"           = var.environments[env].aws_region
      "TF_STATE_BUCKET_${suffix}"      = var.environments[env].tf_state_bucket
      "TF_STATE_KMS_KEY_ARN_${suffix}" = var.environments[env].tf_state_kms_key_arn
    } if contains(keys(var.environments), env)
  ]...)
}

resource "github_actions_environment_variable" "env" {
  for_each = local.env_variables

  repository    = var.repository
  environment   = github_repository_environment.env[each.value.environment].environment
  variable_name = each.value.name
  value         = each.value.value
}

resource "github_actions_variable" "repo" {
  for_each = local.repo_variables

  repository    = var.repository
  variable_name = each.key
  value         = each.value
}
